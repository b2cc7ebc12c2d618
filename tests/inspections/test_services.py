"""Stations, booking, change and cancel, results and the online mark, on the database."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.credentials.services import inspection_mark_sign
from jiaoguan.identity.actors import CitizenActor, PartnerActor, actor_for_user, system_actor
from jiaoguan.inspections import rules, services
from jiaoguan.inspections.models import Appointment, InspectionResult, MarkIssue, Slot, Station
from jiaoguan.inspections.services.stations import LaneSpec
from jiaoguan.notices.models import Notice, NoticeMessage
from jiaoguan.vehicles.models import Vehicle
from tests.identity.factories import make_person
from tests.inspections.factories import (
    approving_officer,
    citizen_with_car,
    make_station,
    slot_of,
    station_key,
)
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record as make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _notice_kinds():
    """Reference data from the migrations, which a transactional test run before this one
    (the concurrency tests, on PostgreSQL) has flushed."""
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


PASS_ITEMS = [rules.Item("identification", True), rules.Item("braking", True)]


def _partner(station):
    key = station_key(station).key
    organization = station.organization
    return PartnerActor(
        organization_id=organization.pk,
        organization_name=organization.name,
        organization_kind=organization.kind,
        region_code=organization.region_code,
        key_id=key.key_id,
        scopes=frozenset(key.scopes),
    )


def test_station_waits_for_an_officer_then_opens_its_slots():
    station = make_station(approved=False)
    assert station.status == Station.Status.PENDING
    assert not Slot.objects.filter(lane__station=station).exists()
    station = services.station_approve(actor=approving_officer(), station_id=station.pk)
    assert station.status == Station.Status.APPROVED
    # 08:30-17:00 every day: 17 half-hour slots on each of the 15 days (today and 14 ahead)
    assert Slot.objects.filter(lane__station=station).count() == 17 * 15
    assert services.slots_open(station_id=station.pk, first_day=clock.today()) == 0


def test_an_officer_of_another_province_cannot_approve():
    station = make_station(approved=False)
    with pytest.raises(ApplicationError) as refused:
        services.station_approve(actor=approving_officer("11"), station_id=station.pk)
    assert refused.value.status == 403


def test_only_a_station_organisation_registers_a_station():
    from tests.organisations.factories import open_account

    _account, _staff, admin = open_account(kind="transport_company")
    with pytest.raises(ApplicationError) as refused:
        services.station_register(
            actor=admin,
            name="某站",
            address="某路",
            region_code="320102",
            phone="",
            lanes=[LaneSpec("1", "small", 1)],
            hours=[],
        )
    assert refused.value.code == "inspections.station.not_station"


def test_booking_takes_a_place_and_sends_the_confirmation():
    station = make_station()
    user, vehicle = citizen_with_car()
    slot = slot_of(station)
    appointment = services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
    slot.refresh_from_db()
    assert slot.booked == 1
    assert appointment.status == Appointment.Status.BOOKED
    notice = Notice.objects.get(kind__code="inspection_booked", subject_id=appointment.pk)
    assert vehicle.plate_number in notice.subject_label
    assert NoticeMessage.objects.filter(notice=notice, channel="sms").exists()
    assert AuditEvent.objects.filter(action="inspections.appointment.booked").count() == 1


def test_a_full_slot_refuses_the_next_vehicle():
    station = make_station(lanes=[LaneSpec("1号线", "small", 1)])
    slot = slot_of(station)
    first, first_car = citizen_with_car()
    second, second_car = citizen_with_car()
    services.appointment_book(actor=first, vehicle_id=first_car.pk, slot_id=slot.pk)
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=second, vehicle_id=second_car.pk, slot_id=slot.pk)
    assert refused.value.code == "inspections.booking.slot_full"
    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_vehicle_holds_one_live_appointment():
    station = make_station()
    user, vehicle = citizen_with_car()
    services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station).pk)
    other = slot_of(station, hour=10)
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=other.pk)
    assert refused.value.code == "inspections.booking.already_booked"
    other.refresh_from_db()
    assert other.booked == 0  # the place taken before the refusal was rolled back


def test_booking_refuses_a_car_outside_its_window():
    station = make_station()
    user, vehicle = citizen_with_car(traits=("on_time",))
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station).pk)
    assert refused.value.code == "inspections.booking.not_in_window"


def test_booking_refuses_a_car_with_unhandled_violations():
    station = make_station()
    user, vehicle = citizen_with_car()
    make_record(vehicle=vehicle)
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station).pk)
    assert refused.value.code == "inspections.booking.unhandled_violations"


def test_booking_refuses_another_persons_car():
    station = make_station()
    user, _vehicle = citizen_with_car()
    stranger_car = make_vehicle(owner=make_person(), traits=("in_window",))
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(
            actor=user, vehicle_id=stranger_car.pk, slot_id=slot_of(station).pk
        )
    assert refused.value.status == 404


def test_a_car_registered_in_jiangsu_books_a_station_in_beijing():
    station = make_station(region_code="110105")
    user, vehicle = citizen_with_car()
    assert vehicle.plate_number.startswith("苏")
    appointment = services.appointment_book(
        actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station).pk
    )
    assert appointment.station.province_code == "11"


def test_a_large_bus_stays_in_its_province():
    station = make_station(region_code="110105", lanes=[LaneSpec("大车线", "large", 2)])
    user, vehicle = citizen_with_car(
        vehicle_type="K11", use_character="highway_passenger", seats=45
    )
    slot = slot_of(station, kind="large")
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
    assert refused.value.code == "inspections.booking.off_site_excluded"


def test_change_moves_the_place_and_cancel_frees_it():
    station = make_station()
    user, vehicle = citizen_with_car()
    first, second = slot_of(station), slot_of(station, days=2)
    appointment = services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=first.pk)
    services.appointment_change(actor=user, appointment_id=appointment.pk, slot_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.booked, second.booked) == (0, 1)
    # a move to another day confirms again
    assert (
        Notice.objects.filter(subject_id=appointment.pk, kind__code="inspection_booked").count()
        == 2
    )
    services.appointment_cancel(actor=user, appointment_id=appointment.pk)
    second.refresh_from_db()
    assert second.booked == 0
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_cancel_is_refused_within_two_hours_of_the_slot():
    station = make_station()
    user, vehicle = citizen_with_car()
    slot = slot_of(station)
    appointment = services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
    late = slot.starts_at - timedelta(hours=2) + timedelta(seconds=1)
    with freeze_time(late), pytest.raises(ApplicationError) as refused:
        services.appointment_cancel(actor=user, appointment_id=appointment.pk)
    assert refused.value.code == "inspections.appointment.too_late"


def test_two_no_shows_bar_booking():
    station = make_station()
    user, vehicle = citizen_with_car()
    for hour in (9, 10):
        slot = slot_of(station, hour=hour)
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
        with freeze_time(slot.ends_at + timedelta(minutes=61)):
            assert services.appointments_no_shows_mark(actor=system_actor("test")) == 1
    later = slot_of(station, days=3)
    with freeze_time(slot.ends_at + timedelta(hours=2)), pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=later.pk)
    assert refused.value.code == "inspections.booking.no_show_ban"


def _book(station, **car):
    user, vehicle = citizen_with_car(**car)
    appointment = services.appointment_book(
        actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station).pk
    )
    return user, vehicle, appointment


def _report(station, appointment, *, passed=True, items=PASS_ITEMS, odometer=52000, **more):
    slot = appointment.slot
    with freeze_time(slot.starts_at + timedelta(minutes=20)):
        return services.result_record(
            actor=_partner(station),
            appointment_number=appointment.number,
            passed=passed,
            items=items,
            odometer_km=odometer,
            operator="李检验",
            inspected_at=clock.now(),
            **more,
        )


def test_a_pass_moves_the_register_and_the_electronic_mark_shows_it():
    station = make_station()
    user, vehicle, appointment = _book(station)
    before = vehicle.inspection_valid_until
    result = _report(station, appointment)
    vehicle.refresh_from_db()
    # registered six years before next month: years 6 then 8 (mark only) for a private car
    assert vehicle.inspection_valid_until == result.valid_until_after
    assert vehicle.inspection_valid_until.year == before.year + 2
    signed = inspection_mark_sign(actor=actor_for_user(user), vehicle_id=vehicle.pk)
    assert signed.fields["v"] == vehicle.inspection_valid_until.isoformat()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.INSPECTED


def test_a_fail_keeps_the_validity_and_records_the_retest_window():
    station = make_station()
    _user, vehicle, appointment = _book(station)
    before = vehicle.inspection_valid_until
    result = _report(
        station,
        appointment,
        passed=False,
        items=[rules.Item("braking", False), rules.Item("lamps", True)],
        failure_reason="驻车制动力不足",
    )
    vehicle.refresh_from_db()
    assert vehicle.inspection_valid_until == before
    assert result.retest_until == clock.local(result.inspected_at).date() + timedelta(days=30)


def test_a_fail_without_a_reason_or_a_pass_with_a_failed_item_is_refused():
    station = make_station()
    _user, _vehicle, appointment = _book(station)
    with pytest.raises(ApplicationError) as refused:
        _report(station, appointment, passed=False, items=[rules.Item("braking", False)])
    assert refused.value.code == "inspections.result.reason_missing"
    with pytest.raises(ApplicationError) as refused:
        _report(station, appointment, passed=True, items=[rules.Item("braking", False)])
    assert "passed" in refused.value.fields


def test_a_lower_odometer_than_before_is_flagged_and_an_officer_reviews_it():
    station = make_station()
    user, vehicle, appointment = _book(station)
    _report(
        station,
        appointment,
        passed=False,
        items=[rules.Item("braking", False)],
        failure_reason="制动不合格",
        odometer=80000,
    )
    second = services.appointment_book(
        actor=user, vehicle_id=vehicle.pk, slot_id=slot_of(station, days=2).pk
    )
    result = _report(station, second, odometer=30000)
    assert result.odometer_earlier_km == 80000
    reviewed = services.odometer_flag_review(actor=approving_officer(), result_id=result.pk)
    assert reviewed.flag_reviewed_at is not None


def test_a_repeated_report_answers_the_stored_result_and_a_different_one_is_refused():
    station = make_station()
    _user, vehicle, appointment = _book(station)
    first = _report(station, appointment)
    assert _report(station, appointment).pk == first.pk
    vehicle.refresh_from_db()
    assert vehicle.inspection_valid_until == first.valid_until_after  # moved once
    with pytest.raises(ApplicationError) as refused:
        _report(station, appointment, odometer=1)
    assert refused.value.code == "inspections.result.conflict"


def test_another_station_cannot_report_the_appointment():
    station, other = make_station(), make_station()
    _user, _vehicle, appointment = _book(station)
    with pytest.raises(ApplicationError) as refused:
        _report(other, appointment)
    assert refused.value.status == 404
    assert not InspectionResult.objects.exists()


# Mark-only years: a private car registered 2022-12-10 is due 2024-12 (year 2, mark only),
# 2026-12 (year 4, mark only), 2028-12 (year 6, test lane).
MARK_CAR = {"registered_on": date(2022, 12, 10), "inspection_valid_until": date(2026, 12, 31)}


@freeze_time("2026-12-03 10:00:00+08:00")
def test_a_mark_only_year_gets_the_mark_at_once_and_only_once():
    user, vehicle = citizen_with_car(traits=(), **MARK_CAR)
    issue = services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    vehicle.refresh_from_db()
    assert issue.valid_until_after == vehicle.inspection_valid_until == date(2028, 12, 31)
    with pytest.raises(ApplicationError) as refused:
        services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert refused.value.code == "inspections.mark.not_mark_only"  # 2028 is year 6: test lane
    assert MarkIssue.objects.count() == 1


@freeze_time("2026-12-03 10:00:00+08:00")
def test_a_test_lane_year_cannot_get_the_mark_online():
    user, vehicle = citizen_with_car(
        traits=(), registered_on=date(2020, 12, 10), inspection_valid_until=date(2026, 12, 31)
    )
    with pytest.raises(ApplicationError) as refused:
        services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert refused.value.code == "inspections.mark.not_mark_only"


@freeze_time("2026-12-03 10:00:00+08:00")
def test_an_injury_accident_takes_the_online_mark_away():
    user, vehicle = citizen_with_car(traits=(), injury_accident=True, **MARK_CAR)
    with pytest.raises(ApplicationError) as refused:
        services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert refused.value.code == "inspections.mark.not_mark_only"


@freeze_time("2026-12-03 10:00:00+08:00")
def test_unhandled_violations_block_the_online_mark():
    user, vehicle = citizen_with_car(traits=(), **MARK_CAR)
    make_record(vehicle=vehicle)
    with pytest.raises(ApplicationError) as refused:
        services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert refused.value.code == "inspections.mark.unhandled_violations"
    assert Vehicle.objects.get(pk=vehicle.pk).inspection_valid_until == date(2026, 12, 31)


def test_citizen_actor_only():
    station = make_station()
    _user, vehicle = citizen_with_car()
    with pytest.raises(ApplicationError):
        services.appointment_book(
            actor=approving_officer(), vehicle_id=vehicle.pk, slot_id=slot_of(station).pk
        )
    assert isinstance(actor_for_user(_user), CitizenActor)


def test_the_daily_job_opens_the_day_entering_the_horizon():
    from jiaoguan.inspections import tasks

    station = make_station()
    before = Slot.objects.filter(lane__station=station).count()
    with freeze_time(clock.now() + timedelta(days=1)):
        assert tasks.slots_open_all() == 17  # one more day of 17 slots on its one lane
    assert Slot.objects.filter(lane__station=station).count() == before + 17
