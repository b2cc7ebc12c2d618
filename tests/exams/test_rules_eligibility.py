"""Tests of the pure exam eligibility rules (DOMAIN.md §7) at their edge dates. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams.rules import (
    DEFAULT_PARAMETERS,
    ExamParameters,
    ExamSubject,
    Outcome,
    PastBooking,
    Refusal,
    booking_eligibility,
    booking_outcome,
    cancellation_allowed,
    cancellation_deadline,
    earliest_booking,
    fifth_failure_voids_passes,
    is_first_time,
    permit_valid_until,
    plan_publication_deadline,
    required_subjects,
    retake_allowed,
    sort_time,
)

S1, S2, S3, SAFE = (
    ExamSubject.SUBJECT_1,
    ExamSubject.SUBJECT_2,
    ExamSubject.SUBJECT_3,
    ExamSubject.SAFE_DRIVING,
)
PERMIT = date(2026, 3, 1)
C = LicenseClass

EARLIEST_TABLE = [
    (C.C2, 10, 20),
    (C.C3, 10, 20),
    (C.C4, 10, 20),
    (C.C5, 10, 20),
    (C.C1, 10, 30),
    (C.M, 10, 30),
    (C.N, 10, 30),
    (C.P, 10, 30),
    (C.C6, 20, None),
    (C.A1, 20, 40),
    (C.A2, 20, 40),
    (C.A3, 20, 40),
    (C.B1, 20, 40),
    (C.B2, 20, 40),
    (C.D, 10, 20),
    (C.E, 10, 20),
    (C.F, 10, 20),
]


@pytest.mark.parametrize(("license_class", "subject2_days", "subject3_days"), EARLIEST_TABLE)
def test_earliest_booking_counts_natural_days_from_the_permit(
    license_class, subject2_days, subject3_days
):
    result = earliest_booking(license_class, PERMIT)
    assert result.subject2_from == PERMIT + timedelta(days=subject2_days)
    if subject3_days is None:
        assert result.subject3_from is None
    else:
        assert result.subject3_from == PERMIT + timedelta(days=subject3_days)


@pytest.mark.parametrize("large", [C.A1, C.A2, C.A3, C.B1, C.B2])
def test_large_class_upgrade_from_a_car_license_books_subject_3_after_30_days(large):
    assert earliest_booking(large, PERMIT, [C.C1]).subject3_from == date(2026, 3, 31)
    # A motorcycle license is not a car-type license: the 40 days stand.
    assert earliest_booking(large, PERMIT, [C.E]).subject3_from == date(2026, 4, 10)


def test_earliest_booking_crosses_month_and_leap_day():
    assert earliest_booking(C.C1, date(2028, 2, 20)).subject2_from == date(2028, 3, 1)
    assert earliest_booking(C.C1, date(2027, 2, 20)).subject2_from == date(2027, 3, 2)
    assert earliest_booking(C.A1, date(2026, 12, 20)).subject3_from == date(2027, 1, 29)


def test_subject_2_booking_refused_the_day_before_and_allowed_on_the_day():
    history = [PastBooking(S1, date(2026, 2, 27), Outcome.PASSED)]

    def check(as_of):
        return booking_eligibility(
            license_class=C.C1,
            subject=S2,
            as_of=as_of,
            exam_on=as_of + timedelta(days=15),
            permit_issued_on=PERMIT,
            permit_valid_until=permit_valid_until(PERMIT),
            history=history,
        )

    before = check(date(2026, 3, 10))
    assert before.refusals == (Refusal.TOO_EARLY,)
    assert before.earliest_on == date(2026, 3, 11)
    assert check(date(2026, 3, 11)).eligible


def test_permit_is_valid_three_years_to_the_same_day():
    assert permit_valid_until(date(2026, 3, 1)) == date(2029, 3, 1)
    assert permit_valid_until(date(2024, 2, 29)) == date(2027, 2, 28)
    assert permit_valid_until(date(2025, 2, 28)) == date(2028, 2, 28)


def test_permit_never_runs_past_the_upper_age_limit():
    assert permit_valid_until(PERMIT, upper_age_reached_on=date(2027, 6, 1)) == date(2027, 5, 31)
    assert permit_valid_until(PERMIT, upper_age_reached_on=date(2040, 1, 1)) == date(2029, 3, 1)


def _eligibility(subject=S2, *, history=(), as_of=date(2026, 6, 1), exam_on=None, **kwargs):
    defaults = {
        "license_class": C.C1,
        "permit_issued_on": PERMIT,
        "permit_valid_until": permit_valid_until(PERMIT),
    }
    defaults.update(kwargs)
    return booking_eligibility(
        subject=subject,
        as_of=as_of,
        exam_on=exam_on or as_of + timedelta(days=12),
        history=[PastBooking(S1, date(2026, 2, 27), Outcome.PASSED), *history],
        **defaults,
    )


def test_exam_on_the_permits_last_day_is_allowed_and_the_day_after_refused():
    last = permit_valid_until(PERMIT)
    assert _eligibility(as_of=date(2029, 2, 1), exam_on=last).eligible
    refused = _eligibility(as_of=date(2029, 2, 1), exam_on=last + timedelta(days=1))
    assert refused.refusals == (Refusal.PERMIT_EXPIRED,)
    assert refused.earliest_on is None


def test_skill_subject_is_booked_at_most_five_times():
    fails = [
        PastBooking(S2, date(2026, 4, 1) + timedelta(days=20 * n), Outcome.FAILED) for n in range(4)
    ]
    fourth_done = _eligibility(history=fails, as_of=date(2026, 7, 1))
    assert fourth_done.eligible
    assert fourth_done.bookings_used == 4
    assert fourth_done.bookings_left == 1
    fifth = [*fails, PastBooking(S2, date(2026, 7, 10), Outcome.NO_SHOW)]
    refused = _eligibility(history=fifth, as_of=date(2026, 8, 1))
    assert refused.refusals == (Refusal.LIMIT_REACHED,)
    assert refused.bookings_left == 0


def test_cancelled_bookings_do_not_count_towards_the_five():
    cancelled = [
        PastBooking(S2, date(2026, 4, 1) + timedelta(days=n), Outcome.CANCELLED) for n in range(6)
    ]
    result = _eligibility(history=cancelled)
    assert result.eligible
    assert result.bookings_used == 0


def test_subject_1_and_safe_driving_are_unlimited_by_default_and_configurable():
    fails = [
        PastBooking(S1, date(2025, 1, 1) + timedelta(days=n), Outcome.FAILED) for n in range(9)
    ]
    open_ = booking_eligibility(
        license_class=C.C1,
        subject=S1,
        as_of=date(2025, 2, 1),
        exam_on=date(2025, 2, 15),
        permit_issued_on=None,
        permit_valid_until=None,
        history=fails,
    )
    assert open_.eligible
    assert open_.bookings_left is None
    limited = booking_eligibility(
        license_class=C.C1,
        subject=S1,
        as_of=date(2025, 2, 1),
        exam_on=date(2025, 2, 15),
        permit_issued_on=None,
        permit_valid_until=None,
        history=fails,
        parameters=ExamParameters(knowledge_booking_limit=9),
    )
    assert limited.refusals == (Refusal.LIMIT_REACHED,)


@pytest.mark.parametrize("outcome", [Outcome.FAILED, Outcome.NO_SHOW])
def test_rebooking_after_a_failure_or_no_show_waits_ten_days(outcome):
    failed_on = date(2026, 5, 20)
    history = [PastBooking(S2, failed_on, outcome)]
    ninth = _eligibility(history=history, as_of=date(2026, 5, 29))
    assert ninth.refusals == (Refusal.REBOOKING_WAIT,)
    assert ninth.earliest_on == date(2026, 5, 30)
    assert _eligibility(history=history, as_of=date(2026, 5, 30)).eligible


def test_rebooking_wait_does_not_apply_to_subject_1():
    result = booking_eligibility(
        license_class=C.C1,
        subject=S1,
        as_of=date(2026, 1, 2),
        exam_on=date(2026, 1, 20),
        permit_issued_on=None,
        permit_valid_until=None,
        history=[PastBooking(S1, date(2026, 1, 1), Outcome.FAILED)],
    )
    assert result.eligible


def test_the_wait_shown_is_the_later_of_too_early_and_rebooking():
    # C1 subject 3 opens on day 30 (Mar 31); a subject-3 no-show on Mar 30 is not possible,
    # so use subject 2: opens Mar 11, a failure on Mar 9 pushes it to Mar 19.
    history = [PastBooking(S2, date(2026, 3, 9), Outcome.FAILED)]
    result = _eligibility(history=history, as_of=date(2026, 3, 5))
    assert set(result.refusals) == {Refusal.TOO_EARLY, Refusal.REBOOKING_WAIT}
    assert result.earliest_on == date(2026, 3, 19)


def test_subject_order_is_enforced():
    no_subject_1 = booking_eligibility(
        license_class=C.C1,
        subject=S2,
        as_of=date(2026, 6, 1),
        exam_on=date(2026, 6, 20),
        permit_issued_on=None,
        permit_valid_until=None,
    )
    assert Refusal.ORDER in no_subject_1.refusals
    assert Refusal.NO_PERMIT in no_subject_1.refusals
    only_s2 = _eligibility(SAFE, history=[PastBooking(S2, date(2026, 4, 1), Outcome.PASSED)])
    assert only_s2.refusals == (Refusal.ORDER,)
    both = _eligibility(
        SAFE,
        history=[
            PastBooking(S2, date(2026, 4, 1), Outcome.PASSED),
            PastBooking(S3, date(2026, 5, 1), Outcome.PASSED),
        ],
    )
    assert both.eligible


def test_subject_2_and_3_may_be_booked_in_either_order():
    assert _eligibility(S3, as_of=date(2026, 4, 1)).eligible


def test_c6_has_no_road_test_and_takes_safe_driving_after_subject_2():
    assert required_subjects(C.C6) == (S1, S2, SAFE)
    assert required_subjects(C.C6, [C.C1]) == (S2, SAFE)
    refused = _eligibility(S3, license_class=C.C6)
    assert refused.refusals == (Refusal.NOT_REQUIRED,)
    safe = _eligibility(
        SAFE,
        license_class=C.C6,
        history=[PastBooking(S2, date(2026, 4, 1), Outcome.PASSED)],
    )
    assert safe.eligible


@pytest.mark.parametrize(
    ("target", "held"), [(C.C1, C.C2), (C.D, C.F), (C.D, C.E), (C.E, C.F), (C.C6, C.B2)]
)
def test_upgrades_that_skip_subject_1(target, held):
    assert S1 not in required_subjects(target, [held])
    assert S1 in required_subjects(target)


def test_upgrade_skipping_subject_1_books_skills_without_passing_it():
    result = booking_eligibility(
        license_class=C.C1,
        subject=S2,
        as_of=date(2026, 6, 1),
        exam_on=date(2026, 6, 20),
        permit_issued_on=PERMIT,
        permit_valid_until=permit_valid_until(PERMIT),
        held_classes=[C.C2],
    )
    assert result.eligible


def test_passed_subject_and_open_booking_refuse_another_booking():
    passed = _eligibility(history=[PastBooking(S2, date(2026, 4, 1), Outcome.PASSED)])
    assert passed.refusals == (Refusal.ALREADY_PASSED,)
    pending = _eligibility(history=[PastBooking(S2, date(2026, 6, 20), Outcome.PENDING)])
    assert pending.refusals == (Refusal.PENDING_BOOKING,)


def test_cancellation_allowed_until_the_day_before_the_exam():
    exam = date(2026, 7, 1)
    assert cancellation_deadline(exam) == date(2026, 6, 30)
    assert cancellation_allowed(exam, date(2026, 6, 30))
    assert not cancellation_allowed(exam, date(2026, 7, 1))
    assert cancellation_deadline(date(2026, 3, 1)) == date(2026, 2, 28)


def test_plan_is_published_at_least_ten_days_before_the_exam():
    assert plan_publication_deadline(date(2026, 7, 11)) == date(2026, 7, 1)
    assert plan_publication_deadline(
        date(2026, 7, 11), ExamParameters(plan_publication_days=14)
    ) == date(2026, 6, 27)
    with pytest.raises(ValueError, match="legal 10 days"):
        ExamParameters(plan_publication_days=9)
    assert DEFAULT_PARAMETERS.results_publication_working_days == 3


@pytest.mark.parametrize(
    ("attempts", "outcome", "retake"),
    [
        ((), Outcome.PENDING, False),
        ((True,), Outcome.PASSED, False),
        ((False,), Outcome.FAILED, True),
        ((False, True), Outcome.PASSED, False),
        ((False, False), Outcome.FAILED, False),
        ((False, None), Outcome.FAILED, False),
        ((None,), Outcome.NO_SHOW, False),
    ],
)
def test_booking_outcome_from_attempt_and_retake(attempts, outcome, retake):
    assert booking_outcome(attempts) is outcome
    assert retake_allowed(attempts) is retake


def test_a_booking_has_no_third_attempt():
    with pytest.raises(ValueError, match="at most 2"):
        booking_outcome((False, False, True))


def test_fifth_failed_booking_voids_the_other_passes():
    history = [PastBooking(S3, date(2026, 4, 1), Outcome.PASSED)]
    history += [
        PastBooking(S2, date(2026, 5, 1) + timedelta(days=15 * n), Outcome.FAILED) for n in range(4)
    ]
    assert not fifth_failure_voids_passes(history)
    assert fifth_failure_voids_passes(
        [*history, PastBooking(S2, date(2026, 8, 1), Outcome.NO_SHOW)]
    )
    assert not fifth_failure_voids_passes(
        [*history, PastBooking(S2, date(2026, 8, 1), Outcome.PASSED)]
    )


ACCEPTED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
EXAM = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
CANCEL = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)


def test_sort_time_follows_the_four_rules():
    assert sort_time(application_accepted_at=ACCEPTED) == ACCEPTED
    assert sort_time(application_accepted_at=ACCEPTED, previous_exam_at=EXAM) == EXAM
    assert sort_time(application_accepted_at=ACCEPTED, last_cancelled_or_absent_at=CANCEL) == CANCEL
    assert (
        sort_time(
            application_accepted_at=ACCEPTED,
            previous_exam_at=EXAM,
            last_cancelled_or_absent_at=CANCEL,
        )
        == CANCEL
    )
    later_exam = CANCEL + timedelta(days=3)
    assert (
        sort_time(
            application_accepted_at=ACCEPTED,
            previous_exam_at=later_exam,
            last_cancelled_or_absent_at=CANCEL,
        )
        == later_exam
    )


def test_first_time_applicant_has_no_counted_booking_of_the_subject():
    assert is_first_time([PastBooking(S2, date(2026, 4, 1), Outcome.CANCELLED)], S2)
    assert not is_first_time([PastBooking(S2, date(2026, 4, 1), Outcome.NO_SHOW)], S2)


@given(
    license_class=st.sampled_from([row[0] for row in EARLIEST_TABLE]),
    issued=st.dates(min_value=date(2022, 4, 1), max_value=date(2040, 12, 31)),
    offset=st.integers(min_value=0, max_value=60),
)
def test_subject_2_eligibility_flips_exactly_at_the_earliest_date(license_class, issued, offset):
    as_of = issued + timedelta(days=offset)
    result = booking_eligibility(
        license_class=license_class,
        subject=S2,
        as_of=as_of,
        exam_on=as_of + timedelta(days=10),
        permit_issued_on=issued,
        permit_valid_until=permit_valid_until(issued),
        history=[PastBooking(S1, issued, Outcome.PASSED)],
    )
    opens = earliest_booking(license_class, issued).subject2_from
    assert result.eligible is (as_of >= opens)
    assert opens is not None
    assert opens > issued
