"""The daily scans at their boundary dates, on the register (SQLite or PostgreSQL)."""

from datetime import date

import pytest

from jiaoguan.drivers.models import DrivingLicense
from jiaoguan.notices.models import Notice, NoticeKind
from tests.drivers.factories import make_license
from tests.identity.factories import make_person
from tests.notices.factories import found, make_citizen_with_app, scan_on
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 1)


def car(valid_until: date, **fields):
    return make_vehicle(
        registered_on=date(2020, 5, 10), inspection_valid_until=valid_until, **fields
    ).pk


def test_inspection_due_covers_the_due_month_and_the_two_before_it():
    expired = car(date(2026, 2, 28))
    this_month = car(date(2026, 3, 31))
    in_two_months = car(date(2026, 5, 31))
    in_three_months = car(date(2026, 6, 30))
    scan_on(DAY)
    assert found("inspection_due") == {this_month, in_two_months}
    assert expired not in found("inspection_due")
    assert in_three_months not in found("inspection_due")


def test_inspection_due_window_of_a_school_bus_is_the_due_month_only():
    this_month = car(
        date(2026, 3, 31), use_character="school_bus", school_bus_sign_on=date(2021, 1, 1)
    )
    next_month = car(
        date(2026, 4, 30), use_character="school_bus", school_bus_sign_on=date(2021, 1, 1)
    )
    scan_on(DAY)
    assert found("inspection_due") == {this_month}
    assert next_month not in found("inspection_due")


def test_inspection_overdue_from_the_day_after_the_validity_month_within_catch_up():
    ended_yesterday = car(date(2026, 2, 1))
    ended_29_days_ago = car(date(2026, 1, 15))
    ended_59_days_ago = car(date(2025, 12, 31))
    still_valid = car(date(2026, 3, 1))
    scan_on(DAY)
    assert found("inspection_overdue") == {ended_yesterday, ended_29_days_ago}
    assert ended_59_days_ago not in found("inspection_overdue")
    assert still_valid not in found("inspection_overdue")


def test_deregistered_and_organisation_vehicles_get_no_notice():
    from tests.identity.factories import make_organization

    deregistered = car(date(2026, 3, 31), status="deregistered")
    company = make_vehicle(
        organization=make_organization(), inspection_valid_until=date(2026, 3, 31)
    ).pk
    scan_on(DAY)
    assert not {deregistered, company} & found("inspection_due")


def taxi(registered_on: date) -> int:
    return make_vehicle(
        traits=["taxi"], registered_on=registered_on, inspection_valid_until=date(2026, 9, 30)
    ).pk


def test_scrap_due_on_the_day_the_eight_year_taxi_life_ends():
    reached_today = taxi(date(2018, 3, 1))
    reaches_tomorrow = taxi(date(2018, 3, 2))
    scan_on(DAY)
    assert found("scrap_due") == {reached_today}
    assert reaches_tomorrow in found("scrap_notice")
    assert reaches_tomorrow in found("scrap_near")


def test_scrap_notice_two_months_before_the_life_ends():
    notice_today = taxi(date(2018, 5, 1))
    notice_tomorrow = taxi(date(2018, 5, 2))
    scan_on(DAY)
    assert notice_today in found("scrap_notice")
    assert notice_tomorrow not in found("scrap_notice")
    assert notice_tomorrow in found("scrap_near")


def test_scrap_near_from_one_year_before_the_life_ends():
    last_year_begins_today = taxi(date(2019, 3, 1))
    last_year_begins_tomorrow = taxi(date(2019, 3, 2))
    scan_on(DAY)
    assert found("scrap_near") >= {last_year_begins_today}
    assert last_year_begins_tomorrow not in found("scrap_near")


def test_private_cars_have_no_service_life_and_get_no_scrap_notice():
    make_vehicle(registered_on=date(2000, 3, 1), inspection_valid_until=date(2026, 9, 30))
    scan_on(DAY)
    assert not found("scrap_near") | found("scrap_notice") | found("scrap_due")


def licence(valid_from: date, **fields) -> int:
    return make_license(
        valid_from=valid_from, validity=DrivingLicense.Validity.TEN_YEARS, **fields
    ).pk


def test_renewal_due_from_ninety_days_before_expiry_to_expiry():
    expires_today = licence(date(2016, 3, 1))
    expires_in_90_days = licence(date(2016, 5, 30))
    expires_in_91_days = licence(date(2016, 5, 31))
    expired_yesterday = licence(date(2016, 2, 29))  # Feb 29 + 10 years = 2026-02-28
    scan_on(DAY)
    assert found("renewal_due") == {expires_today, expires_in_90_days}
    assert found("renewal_overdue") == {expired_yesterday}
    assert expires_in_91_days not in found("renewal_due")


def test_renewal_overdue_only_within_the_catch_up_days():
    expired_30_days_ago = licence(date(2016, 1, 30))
    expired_31_days_ago = licence(date(2016, 1, 29))
    scan_on(DAY)
    assert found("renewal_overdue") == {expired_30_days_ago}
    assert expired_31_days_ago not in found("renewal_overdue")


def test_long_term_licences_are_never_due_for_renewal():
    make_license(validity=DrivingLicense.Validity.LONG_TERM, valid_from=date(2016, 3, 1))
    scan_on(DAY)
    assert not found("renewal_due") | found("renewal_overdue")


def test_seized_revoked_and_cancelled_licences_are_told_once():
    seized = make_license(traits=["suspended"]).pk
    revoked = make_license(traits=["revoked"]).pk
    cancelled = make_license(status=DrivingLicense.Status.CANCELLED).pk
    make_license()
    scan_on(DAY)
    scan_on(date(2026, 3, 2))
    assert found("license_seized") == {seized, revoked}
    assert found("license_cancelled") == {cancelled}
    assert Notice.objects.filter(kind__code="license_seized").count() == 2


def points_licence(*points: tuple[date, int], unpaid: bool = False) -> int:
    license = make_license(first_issued_on=date(2016, 3, 15), points=points)
    if unpaid:
        license.points.update(fine_paid=False)
    return license.pk


def test_points_reminder_at_nine_points_in_the_current_cycle():
    # DAY's cycle for a 2016-03-15 first issue: 2025-03-15 .. 2026-03-14.
    nine = points_licence((date(2025, 3, 15), 6), (date(2026, 3, 1), 3))
    eight_and_old = points_licence(
        (date(2025, 3, 14), 3), (date(2025, 3, 15), 6), (date(2026, 2, 1), 2)
    )
    future_points = points_licence((date(2025, 3, 15), 6), (date(2026, 3, 2), 3))
    scan_on(DAY)
    assert found("points_reminder") == {nine}
    assert not {eight_and_old, future_points} & found("points_reminder")
    assert Notice.objects.get(kind__code="points_reminder").amount == 9
    assert Notice.objects.get(kind__code="points_reminder").event_on == date(2025, 3, 15)


def test_unpaid_points_of_an_earlier_cycle_carry_over():
    carried = points_licence((date(2024, 6, 1), 3), (date(2025, 6, 1), 6), unpaid=True)
    scan_on(DAY)
    assert found("points_reminder") == {carried}


def test_full_score_at_twelve_points_and_no_reminder_then():
    full = points_licence((date(2025, 4, 1), 12))
    scan_on(DAY)
    assert found("points_full_score") == {full}
    assert full not in found("points_reminder")


def test_full_score_cycle_of_a_feb_29_first_issue_starts_feb_28_in_common_years():
    license = make_license(first_issued_on=date(2016, 2, 29), points=[(date(2026, 2, 28), 12)])
    scan_on(date(2026, 3, 1))
    assert found("points_full_score") == {license.pk}
    assert Notice.objects.get(kind__code="points_full_score").event_on == date(2026, 2, 28)


def test_probation_points_while_the_first_car_class_is_under_twelve_months_old():
    in_probation = make_license(
        first_issued_on=date(2025, 3, 2),
        valid_from=date(2025, 3, 2),
        validity="6",
        points=[(date(2025, 6, 1), 2)],
    ).pk
    probation_over = make_license(
        first_issued_on=date(2025, 3, 1),
        valid_from=date(2025, 3, 1),
        validity="6",
        points=[(date(2025, 6, 1), 2)],
    ).pk
    no_points = make_license(
        first_issued_on=date(2025, 6, 1), valid_from=date(2025, 6, 1), validity="6"
    ).pk
    scan_on(DAY)
    assert found("probation_points") == {in_probation}
    assert not {probation_over, no_points} & found("probation_points")


def test_an_upgrade_does_not_start_a_new_probation():
    upgraded = make_license(
        first_issued_on=date(2015, 3, 1),
        classes=("C1", "A2"),
        class_dates={"A2": date(2025, 6, 1)},
        points=[(date(2025, 7, 1), 2)],
    ).pk
    scan_on(DAY)
    assert upgraded not in found("probation_points")


def test_a_rerun_of_the_same_day_creates_nothing_new():
    car(date(2026, 3, 31))
    first = scan_on(DAY)
    second = scan_on(DAY)
    assert first.notices_created == 1
    assert second.notices_created == 0
    assert Notice.objects.count() == 1


def test_a_disabled_kind_is_not_scanned():
    car(date(2026, 3, 31))
    NoticeKind.objects.filter(code="inspection_due").update(enabled=False)
    scan_on(DAY)
    assert not found("inspection_due")


def test_messages_follow_preferences_and_accounts():
    from jiaoguan.notices.models import NoticePreference

    with_account = make_citizen_with_app()
    quiet = make_citizen_with_app()
    NoticePreference.objects.create(person=quiet.person, sms_enabled=False, push_enabled=True)
    no_account = make_person()
    for person in (with_account.person, quiet.person, no_account):
        make_vehicle(owner=person, inspection_valid_until=date(2026, 3, 31))
    run = scan_on(DAY)
    channels = set(
        Notice.objects.filter(messages__isnull=False).values_list("person_id", "messages__channel")
    )
    assert channels == {
        (with_account.person_id, "sms"),
        (with_account.person_id, "push"),
        (quiet.person_id, "push"),
    }
    assert run.messages_created == 3


def test_every_shipped_kind_has_a_scan_unless_only_an_event_writes_it():
    from jiaoguan.notices.rules import EVENT_ONLY_KINDS, NoticeKindCode
    from jiaoguan.notices.scans import SCANS

    shipped = {NoticeKindCode(code) for code in NoticeKind.objects.values_list("code", flat=True)}
    assert shipped == set(NoticeKindCode)
    assert set(SCANS) == set(NoticeKindCode) - EVENT_ONLY_KINDS
    assert not set(SCANS) & EVENT_ONLY_KINDS


def test_the_scan_command_prints_each_kind_and_the_total(capsys):
    from django.core.management import call_command
    from freezegun import freeze_time

    car(date(2026, 3, 31))
    with freeze_time("2026-03-01 02:00:00"):
        call_command("notices_scan", "--day", "2026-03-01")
    out = capsys.readouterr().out
    assert "inspection_due" in out
    assert "1 notices" in out


def review_licence(classes, points, first_issued_on=date(2016, 2, 10)) -> int:
    return make_license(first_issued_on=first_issued_on, classes=classes, points=points).pk


def test_review_due_for_a_large_class_with_points_in_the_cycle_that_just_ended():
    # First issued Feb 10: the cycle 2025-02-10 .. 2026-02-09 ended; review until 2026-03-11.
    with_points = review_licence(("A2",), [(date(2025, 6, 1), 3)])
    no_points = review_licence(("A2",), [(date(2026, 2, 20), 3)])
    small_class = review_licence(("C1",), [(date(2025, 6, 1), 3)])
    scan_on(DAY)
    assert found("review_due") == {with_points}
    assert not {no_points, small_class} & found("review_due")
    assert Notice.objects.get(kind__code="review_due").event_on == date(2025, 2, 10)


def test_review_due_ends_thirty_days_after_the_cycle():
    # Cycle ended 2026-01-30; its review period closed on 2026-03-01 (day 30): still told.
    last_day = review_licence(("B2",), [(date(2025, 6, 1), 2)], first_issued_on=date(2016, 1, 31))
    closed = review_licence(("B2",), [(date(2025, 6, 1), 2)], first_issued_on=date(2016, 1, 30))
    scan_on(DAY)
    assert last_day in found("review_due")
    assert closed not in found("review_due")


def senior(birth_date: date, *, certificate_on: date | None = None, first=date(2016, 2, 10)) -> int:
    from jiaoguan.drivers.models import MedicalCertificate

    person = make_person(birth_date=birth_date)
    if certificate_on is not None:
        MedicalCertificate.objects.create(
            person=person, issued_on=certificate_on, institution_name="南京市第一医院"
        )
    return make_license(person=person, first_issued_on=first).pk


def test_medical_due_for_a_driver_seventy_at_the_end_of_the_cycle():
    # The cycle 2025-02-10 .. 2026-02-09 ended; the certificate is due by 2026-03-11.
    seventy_on_the_last_day = senior(date(1956, 2, 9))
    seventy_the_day_after = senior(date(1956, 2, 10))
    scan_on(DAY)
    assert found("medical_due") == {seventy_on_the_last_day}
    assert seventy_the_day_after not in found("medical_due")


def test_a_certificate_valid_at_the_cycle_end_answers_the_duty():
    valid_at_end = senior(date(1950, 1, 1), certificate_on=date(2025, 8, 9))
    expired_before_end = senior(date(1950, 1, 1), certificate_on=date(2025, 8, 8))
    issued_after_end = senior(date(1950, 1, 1), certificate_on=date(2026, 2, 20))
    scan_on(DAY)
    assert found("medical_due") == {expired_before_end}
    assert not {valid_at_end, issued_after_end} & found("medical_due")


def test_medical_due_for_c5_every_third_cycle_at_any_age():
    # First issued 2023-02-10: cycle index 2 (2025-02-10 .. 2026-02-09) is a C5 cycle.
    c5 = make_license(
        person=make_person(birth_date=date(1990, 1, 1)),
        first_issued_on=date(2023, 2, 10),
        valid_from=date(2023, 2, 10),
        validity="6",
        classes=("C5",),
    ).pk
    c1 = make_license(
        person=make_person(birth_date=date(1990, 1, 1)),
        first_issued_on=date(2023, 2, 10),
        valid_from=date(2023, 2, 10),
        validity="6",
    ).pk
    scan_on(DAY)
    assert c5 in found("medical_due")
    assert c1 not in found("medical_due")


def test_a_c5_cycle_is_answered_only_by_a_designated_hospitals_certificate():
    from jiaoguan.drivers.models import MedicalCertificate

    def c5_holder(**certificate) -> int:
        person = make_person(birth_date=date(1990, 1, 1))
        if certificate:
            MedicalCertificate.objects.create(
                person=person, issued_on=date(2026, 2, 20), institution_name="医院", **certificate
            )
        return make_license(
            person=person,
            first_issued_on=date(2023, 2, 10),
            valid_from=date(2023, 2, 10),
            validity="6",
            classes=("C5",),
        ).pk

    any_hospital = c5_holder(designated_hospital=False)
    designated = c5_holder(designated_hospital=True)
    # A senior's yearly duty (not a C5 cycle) takes any hospital's certificate.
    senior_any = senior(date(1950, 1, 1), certificate_on=date(2026, 2, 20))
    scan_on(DAY)
    assert any_hospital in found("medical_due")
    assert not {designated, senior_any} & found("medical_due")


# Rules that needed data the register lacked: dated columns kept by the vehicles and drivers
# apps (uninspected_scrap_on; fatal_accident_on, serious_accident_on, status_changed_on).


def test_scrap_uninspected_from_the_day_three_missed_cycles_end_within_catch_up():
    def lapsed(scrap_on: date) -> int:
        return make_vehicle(
            traits=["taxi"], inspection_valid_until=date(2022, 2, 28), uninspected_scrap_on=scrap_on
        ).pk

    today = lapsed(DAY)
    thirty_days_ago = lapsed(date(2026, 1, 30))
    too_old = lapsed(date(2026, 1, 29))
    tomorrow = lapsed(date(2026, 3, 2))
    inspected_since = make_vehicle(
        traits=["taxi"], inspection_valid_until=date(2026, 9, 30), uninspected_scrap_on=DAY
    ).pk
    scan_on(DAY)
    assert found("scrap_uninspected") == {today, thirty_days_ago}
    assert not {too_old, tomorrow, inspected_since} & found("scrap_uninspected")
    assert Notice.objects.filter(kind__code="scrap_uninspected").first().event_on == date(
        2022, 2, 28
    )


def test_the_service_life_of_a_vehicle_registered_late_counts_from_manufacture():
    # An 8-year taxi made 2018-03-01: registered more than 2 years later, its life ends today.
    late = make_vehicle(
        traits=["taxi"],
        registered_on=date(2020, 3, 2),
        manufactured_on=date(2018, 3, 1),
        inspection_valid_until=date(2026, 9, 30),
    ).pk
    # Registered exactly 2 years after: counted from registration, ends 2028-03-01.
    on_time = make_vehicle(
        traits=["taxi"],
        registered_on=date(2020, 3, 1),
        manufactured_on=date(2018, 3, 1),
        inspection_valid_until=date(2026, 9, 30),
    ).pk
    scan_on(DAY)
    assert found("scrap_due") == {late}
    assert on_time not in found("scrap_near") | found("scrap_notice") | found("scrap_due")
    assert Notice.objects.get(kind__code="scrap_due").event_on == date(2020, 3, 2)


def accident_licence(*, classes=("C1",), born=date(1980, 1, 1), **dates) -> int:
    # First issued Feb 10: the cycle 2025-02-10 .. 2026-02-09 ended; review until 2026-03-11.
    return make_license(
        person=make_person(birth_date=born),
        first_issued_on=date(2016, 2, 10),
        classes=classes,
        **dates,
    ).pk


def test_review_due_after_a_fatal_accident_in_the_cycle_that_ended():
    first_day = accident_licence(fatal_accident_on=date(2025, 2, 10))
    last_day = accident_licence(fatal_accident_on=date(2026, 2, 9))
    next_cycle = accident_licence(fatal_accident_on=date(2026, 2, 10))
    large_class = accident_licence(classes=("A2",), fatal_accident_on=date(2025, 6, 1))
    revoked = accident_licence(fatal_accident_on=date(2025, 6, 1), status="revoked")
    scan_on(DAY)
    assert found("review_due_accident") == {first_day, last_day}
    assert not {next_cycle, large_class, revoked} & found("review_due_accident")
    assert Notice.objects.filter(kind__code="review_due_accident").first().event_on == date(
        2025, 2, 10
    )


def test_review_due_after_a_serious_accident_only_at_seventy_or_over():
    seventy_on_the_last_day = accident_licence(
        born=date(1956, 2, 9), serious_accident_on=date(2025, 6, 1)
    )
    seventy_the_day_after = accident_licence(
        born=date(1956, 2, 10), serious_accident_on=date(2025, 6, 1)
    )
    large_class_senior = accident_licence(
        classes=("B2",), born=date(1950, 1, 1), fatal_accident_on=date(2025, 6, 1)
    )
    scan_on(DAY)
    assert found("review_due_accident") == {seventy_on_the_last_day, large_class_senior}
    assert seventy_the_day_after not in found("review_due_accident")


def test_review_due_accident_only_in_the_thirty_days_after_the_cycle():
    # First issued Jan 30: the cycle ended 2026-01-29, its period closed 2026-02-28.
    closed = make_license(first_issued_on=date(2016, 1, 30), fatal_accident_on=date(2025, 6, 1)).pk
    scan_on(DAY)
    assert closed not in found("review_due_accident")


def test_a_second_seizure_within_one_validity_is_told_again():
    license = make_license(traits=["suspended"], status_changed_on=date(2026, 1, 5))
    scan_on(DAY)
    DrivingLicense.objects.filter(pk=license.pk).update(status="valid", status_changed_on=DAY)
    scan_on(DAY)
    DrivingLicense.objects.filter(pk=license.pk).update(
        status="suspended", status_changed_on=date(2026, 3, 2)
    )
    scan_on(date(2026, 3, 2))
    scan_on(date(2026, 3, 3))
    events = Notice.objects.filter(kind__code="license_seized").values_list("event_on", flat=True)
    assert sorted(events) == [date(2026, 1, 5), date(2026, 3, 2)]


def test_an_undated_seizure_is_told_once_per_validity():
    license = make_license(traits=["suspended"])
    scan_on(DAY)
    assert Notice.objects.get(kind__code="license_seized").event_on == license.valid_from
