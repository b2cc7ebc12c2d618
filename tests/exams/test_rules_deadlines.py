"""Pure rules of an application's end (arts. 41, 45), exam location (arts. 2, 39) and pass
marks (art. 38), at their edge dates and values. No database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams.rules import (
    ApplicationBasis,
    ExamSubject,
    LapseReason,
    LocationRefusal,
    Refusal,
    application_lapse,
    booking_eligibility,
    city_region_code,
    completion_deadline,
    is_region_code,
    location_change_refusals,
    pass_mark,
    permit_valid_until,
    required_subjects,
    score_agrees,
    venue_allowed,
    venue_may_examine,
)

S1, S2, S3, SAFE = (
    ExamSubject.SUBJECT_1,
    ExamSubject.SUBJECT_2,
    ExamSubject.SUBJECT_3,
    ExamSubject.SAFE_DRIVING,
)
C = LicenseClass
ALL = (S1, S2, S3, SAFE)
ONE = timedelta(days=1)


# --- art. 45: military and foreign license holders ---------------------------------------


@pytest.mark.parametrize(
    "basis", [ApplicationBasis.MILITARY_LICENSE, ApplicationBasis.FOREIGN_LICENSE]
)
def test_a_license_holder_has_until_the_same_date_three_years_after_acceptance(basis):
    assert completion_deadline(basis, date(2026, 3, 10)) == date(2029, 3, 10)
    assert completion_deadline(basis, date(2024, 2, 29)) == date(2027, 2, 28)


def test_an_ordinary_application_has_no_completion_deadline():
    assert completion_deadline(ApplicationBasis.ORDINARY, date(2026, 3, 10)) is None


def test_a_license_holder_may_book_an_exam_on_the_last_day_but_not_the_day_after():
    deadline = date(2029, 3, 10)

    def eligibility(exam_on):
        return booking_eligibility(
            license_class=C.C1,
            subject=S1,
            as_of=date(2029, 2, 1),
            exam_on=exam_on,
            permit_issued_on=None,
            permit_valid_until=None,
            completion_deadline=deadline,
        )

    assert eligibility(deadline).eligible
    assert eligibility(deadline + ONE).refusals == (Refusal.DEADLINE_PASSED,)


# --- art. 41: the permit runs out; art. 45: the holder's 3 years run out -------------------

PERMIT_END = permit_valid_until(date(2026, 3, 1))


def _lapse(as_of, *, passed=(S1, S2), pending=(), deadline=None, permit_end=PERMIT_END):
    return application_lapse(
        as_of=as_of,
        required=ALL,
        passed=passed,
        permit_valid_until=permit_end,
        completion_deadline=deadline,
        pending_exams_on=pending,
    )


def test_an_unfinished_application_is_void_from_the_day_after_the_permits_last_day():
    assert date(2029, 3, 1) == PERMIT_END
    assert _lapse(PERMIT_END) is None
    assert _lapse(PERMIT_END + ONE) is LapseReason.PERMIT_EXPIRED


def test_a_finished_application_never_lapses():
    assert _lapse(PERMIT_END + timedelta(days=400), passed=ALL) is None


def test_an_exam_on_the_permits_last_day_is_waited_for_but_not_one_after_it():
    assert _lapse(PERMIT_END + ONE, pending=[PERMIT_END]) is None
    assert _lapse(PERMIT_END + ONE, pending=[PERMIT_END + ONE]) is LapseReason.PERMIT_EXPIRED


def test_the_earlier_of_permit_and_license_holders_deadline_ends_the_application():
    deadline = PERMIT_END - timedelta(days=100)
    assert _lapse(deadline, deadline=deadline) is None
    assert _lapse(deadline + ONE, deadline=deadline) is LapseReason.DEADLINE_PASSED
    later = PERMIT_END + timedelta(days=100)
    assert _lapse(PERMIT_END + ONE, deadline=later) is LapseReason.PERMIT_EXPIRED


def test_a_license_holder_without_a_permit_lapses_on_the_deadline_alone():
    deadline = date(2029, 3, 10)
    assert _lapse(deadline, passed=(), deadline=deadline, permit_end=None) is None
    assert (
        _lapse(deadline + ONE, passed=(), deadline=deadline, permit_end=None)
        is LapseReason.DEADLINE_PASSED
    )
    assert _lapse(date(2040, 1, 1), passed=(), permit_end=None) is None


# --- art. 30: C5 for holders whose health only qualifies them for it ------------------------


@pytest.mark.parametrize("held", [C.A1, C.A2, C.A3, C.B1, C.B2, C.C1, C.C2])
def test_c5_for_a_b_c1_c2_holders_skips_subject_1(held):
    assert required_subjects(C.C5, [held]) == (S2, S3, SAFE)


def test_c5_as_a_first_license_needs_every_subject():
    assert required_subjects(C.C5) == ALL
    assert required_subjects(C.C5, [C.D]) == ALL


# --- art. 39: exam location ----------------------------------------------------------------


def test_region_codes_are_six_digits_of_a_known_province_and_the_city_is_their_first_four():
    assert is_region_code("320102")
    assert not is_region_code("32010")
    assert not is_region_code("990100")
    assert not is_region_code("310000")  # a whole province or municipality
    assert not is_region_code("32O100")
    assert not is_region_code("３２０１００")
    assert city_region_code("320102") == "320100"


@pytest.mark.parametrize(
    ("license_class", "subject", "venue_region", "local_site", "allowed"),
    [
        (C.C1, S2, "320115", True, True),  # same city, another district
        (C.C1, S2, "320200", True, False),  # another city
        (C.C1, S2, "320200", False, False),  # small classes have no province exception
        (C.B2, S2, "320200", False, True),  # large class, no local 科目二 site
        (C.B2, S2, "320200", True, False),  # large class, but the city has a site
        (C.B2, S3, "320200", False, False),  # the exception is for 科目二 only
        (C.B2, S2, "340100", False, False),  # never outside the province
    ],
)
def test_venues_are_those_of_the_exam_city_with_the_large_class_province_exception(
    license_class, subject, venue_region, local_site, allowed
):
    assert (
        venue_allowed(
            license_class=license_class,
            subject=subject,
            exam_region="320100",
            venue_region=venue_region,
            local_subject_2_site=local_site,
        )
        is allowed
    )


@pytest.mark.parametrize("large", [C.A1, C.A2, C.A3, C.B1, C.B2])
def test_county_level_venues_run_no_large_class_skill_tests(large):
    for subject in (S2, S3, SAFE):
        assert not venue_may_examine(county_level=True, license_class=large, subject=subject)
        assert venue_may_examine(county_level=False, license_class=large, subject=subject)
    assert venue_may_examine(county_level=True, license_class=large, subject=S1)
    assert venue_may_examine(county_level=True, license_class=C.C1, subject=S2)


def _change(**overrides):
    facts = {
        "license_class": C.C1,
        "passed": {S1},
        "changes_made": 0,
        "current_region": "320100",
        "new_region": "310115",
    }
    return location_change_refusals(**{**facts, **overrides})


def test_a_small_class_applicant_who_passed_a_subject_may_change_location_three_times():
    assert _change() == ()
    assert _change(changes_made=2) == ()
    assert _change(changes_made=3) == (LocationRefusal.LIMIT_REACHED,)


@pytest.mark.parametrize("license_class", [C.C1, C.C2, C.C3, C.C4, C.C5, C.C6])
def test_every_small_class_may_change_location(license_class):
    assert _change(license_class=license_class) == ()


@pytest.mark.parametrize("license_class", [C.A1, C.B2, C.D, C.M])
def test_other_classes_may_not_change_location(license_class):
    assert _change(license_class=license_class) == (LocationRefusal.NOT_SMALL_CLASS,)


def test_a_location_change_needs_a_pass_a_new_city_and_nothing_pending():
    assert _change(passed=set()) == (LocationRefusal.NOTHING_PASSED,)
    assert _change(new_region="320115") == (LocationRefusal.SAME_LOCATION,)
    assert _change(new_region="31011") == (LocationRefusal.INVALID_REGION,)
    assert _change(booking_pending=True) == (LocationRefusal.BOOKING_PENDING,)
    assert _change(listed_in_open_window=True) == (LocationRefusal.LISTED_IN_WINDOW,)


# --- art. 38: pass marks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "license_class", "mark"),
    [
        (S1, C.C1, 90),
        (S2, C.C1, 80),
        (S2, C.C2, 80),
        (S2, C.D, 80),
        (S2, C.A1, 90),
        (S2, C.A2, 90),
        (S2, C.A3, 90),
        (S2, C.B1, 90),
        (S2, C.B2, 90),
        (S2, C.C6, 90),
        (S3, C.C1, 90),
        (SAFE, C.C1, 90),
    ],
)
def test_pass_marks_and_a_score_just_below_them(subject, license_class, mark):
    assert pass_mark(subject, license_class) == mark
    assert score_agrees(subject, license_class, passed=True, score=mark)
    assert score_agrees(subject, license_class, passed=False, score=mark - 1)
    assert not score_agrees(subject, license_class, passed=True, score=mark - 1)
    assert not score_agrees(subject, license_class, passed=False, score=mark)


def test_an_absence_has_no_score_and_a_result_without_score_is_accepted():
    assert score_agrees(S2, C.C1, passed=None, score=None)
    assert not score_agrees(S2, C.C1, passed=None, score=0)
    assert score_agrees(S2, C.C1, passed=True, score=None)
    assert not score_agrees(S2, C.C1, passed=True, score=101)
