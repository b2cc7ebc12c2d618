"""Reads of the inspections family: stations to book, free slots, a citizen's appointments and
vehicles, a station's day, and the flagged odometer readings officers check."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, QuerySet

from jiaoguan.core import clock
from jiaoguan.identity.actors import Actor, PartnerActor, acting, permission_require
from jiaoguan.inspections import errors, rules
from jiaoguan.inspections.models import (
    Appointment,
    InspectionResult,
    Insurance,
    MarkIssue,
    Slot,
    Station,
)
from jiaoguan.inspections.services.appointments import banned_until
from jiaoguan.inspections.services.marks import mark_facts
from jiaoguan.inspections.services.results import REVIEW_ODOMETER
from jiaoguan.inspections.services.stations import APPROVE
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.selectors import vehicle_view, vehicles_registered_to_person
from jiaoguan.violations.selectors import unhandled_counts


def stations_open(*, province_code: str = "", region_code: str = "") -> QuerySet[Station]:
    """Approved stations, anywhere in the country (booking is not bound to the registering
    place), narrowed by province or region when asked."""
    stations = Station.objects.filter(status=Station.Status.APPROVED)
    if region_code:
        stations = stations.filter(region_code__startswith=region_code.rstrip("0") or region_code)
    elif province_code:
        stations = stations.filter(province_code=province_code[:2])
    return stations.order_by("province_code", "region_code", "name")


def station_open(*, station_id: int) -> Station:
    station = Station.objects.filter(pk=station_id, status=Station.Status.APPROVED).first()
    if station is None:
        raise errors.station_not_found()
    return station


def slots_free(*, station_id: int, day: date, lane_kind: str | None = None) -> list[Slot]:
    """The station's slots on ``day`` that still have a place and have not started, with
    their lanes; of the lanes of ``lane_kind`` when given."""
    start, end = clock.day_span(day)
    slots = (
        Slot.objects.select_related("lane")
        .filter(
            lane__station_id=station_id,
            lane__is_active=True,
            starts_at__gte=max(start, clock.now()),
            starts_at__lt=end,
            booked__lt=F("capacity"),
        )
        .order_by("starts_at", "lane_id")
    )
    if lane_kind:
        slots = slots.filter(lane__kind=lane_kind)
    return list(slots)


@dataclass(frozen=True)
class VehicleInspectionState:
    """One of the citizen's vehicles as the booking page shows it."""

    vehicle_id: int
    plate_number: str
    vehicle_type: str
    valid_until: date
    window: tuple[date, date]
    in_window: bool
    overdue: bool
    mark_only: bool
    mark_refusals: tuple[str, ...]
    lane_kind: str
    unhandled_violations: int
    live_appointment: Appointment | None


def inspection_states_of_person(*, person_id: int) -> list[VehicleInspectionState]:
    """The person's registered vehicles with their window, whether the next due is mark-only
    and may be applied for online now, and the live appointment if any."""
    today = clock.today()
    vehicles = vehicles_registered_to_person(person_id=person_id)
    live = {
        appointment.vehicle_id: appointment
        for appointment in Appointment.objects.select_related("slot", "station").filter(
            person_id=person_id, status=Appointment.Status.BOOKED
        )
    }
    unhandled = unhandled_counts(vehicle_ids=[vehicle.pk for vehicle in vehicles])
    states = []
    for vehicle in vehicles:
        try:
            schedule = vehicle_view(vehicle=vehicle, as_of=today).schedule
        except ValueError:  # a profile the rules cannot place: no booking offered
            continue
        facts = mark_facts(vehicle=vehicle, today=today)
        category = vehicle_rules.vehicle_category(vehicle.vehicle_type)
        states.append(
            VehicleInspectionState(
                vehicle_id=vehicle.pk,
                plate_number=vehicle.plate_number,
                vehicle_type=vehicle.vehicle_type,
                valid_until=vehicle.inspection_valid_until,
                window=schedule.window,
                in_window=schedule.window[0] <= today,
                overdue=today > vehicle.inspection_valid_until,
                mark_only=facts.mark_only,
                mark_refusals=tuple(str(refusal) for refusal in rules.mark_refusals(facts)),
                lane_kind=str(rules.lane_kind_for(category)),
                unhandled_violations=unhandled.get(vehicle.pk, 0),
                live_appointment=live.get(vehicle.pk),
            )
        )
    return states


def appointments_of_person(*, person_id: int) -> QuerySet[Appointment]:
    """The person's appointments, newest first, with slot, lane, station and result."""
    return (
        Appointment.objects.select_related("slot__lane", "station", "vehicle", "result")
        .filter(person_id=person_id)
        .order_by("-booked_at", "-pk")
    )


def appointment_of_person(*, person_id: int, appointment_id: int) -> Appointment:
    appointment = appointments_of_person(person_id=person_id).filter(pk=appointment_id).first()
    if appointment is None:
        raise errors.appointment_not_found()
    return appointment


def change_allowed(appointment: Appointment) -> bool:
    """Whether the citizen may still cancel or move it (the page shows the buttons)."""
    return appointment.status == Appointment.Status.BOOKED and rules.change_allowed(
        appointment.slot.starts_at, clock.now()
    )


def booking_barred_until(*, person_id: int) -> date | None:
    return banned_until(person_id=person_id)


def station_queue(*, actor: Actor, day: date) -> list[Appointment]:
    """The station's booked appointments of ``day`` in the order they are served: by slot,
    and within a slot by booking time (booked arrivals go before walk-ins, §23.2)."""
    who = acting(actor)
    if not isinstance(who, PartnerActor):
        raise errors.station_not_found()
    start, end = clock.day_span(day)
    return list(
        Appointment.objects.select_related("slot__lane", "vehicle")
        .filter(
            station__organization_id=who.organization_id,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by("slot__starts_at", "booked_at", "pk")
    )


def stations_pending(*, actor: Actor) -> QuerySet[Station]:
    """Stations of the officer's province waiting for approval."""
    who = permission_require(actor, APPROVE)
    stations = Station.objects.filter(status=Station.Status.PENDING).order_by("registered_at")
    province = getattr(who, "province_code", None)
    return stations.filter(province_code=province) if province else stations


def odometer_flags(*, actor: Actor, since: datetime | None = None) -> QuerySet[InspectionResult]:
    """Results whose odometer is below an earlier reading of the vehicle, not yet checked,
    at stations of the officer's province (the last 180 days by default)."""
    who = permission_require(actor, REVIEW_ODOMETER)
    since = since or clock.now() - timedelta(days=180)
    flags = (
        InspectionResult.objects.select_related("station", "vehicle", "appointment")
        .filter(
            odometer_earlier_km__isnull=False,
            flag_reviewed_at__isnull=True,
            reported_at__gte=since,
        )
        .order_by("-reported_at")
    )
    province = getattr(who, "province_code", None)
    return flags.filter(station__province_code=province) if province else flags


def station_of_organisation(*, organisation_id: int) -> Station | None:
    """The station an organisation registered (any state), with its lanes and hours."""
    return (
        Station.objects.filter(organization_id=organisation_id)
        .prefetch_related("lanes", "hours")
        .first()
    )


def marks_of_person(*, person_id: int) -> QuerySet[MarkIssue]:
    """The marks issued online to the person, newest first (for the paper mark request)."""
    return MarkIssue.objects.filter(person_id=person_id).select_related("vehicle")[:20]


@dataclass(frozen=True)
class CompulsoryInsurance:
    """A vehicle's 交强险 as its insurer last reported it (``Insurance``)."""

    insurer: str
    policy_number: str
    insured_until: date


def compulsory_insurance_of(*, vehicle_id: int) -> CompulsoryInsurance | None:
    """The vehicle's 交强险 as reported (the minor-accident parties' insurance is confirmed
    against it); None when nothing was reported for the vehicle."""
    row = (
        Insurance.objects.filter(vehicle_id=vehicle_id)
        .values_list("insurer", "policy_number", "insured_until")
        .first()
    )
    return CompulsoryInsurance(*row) if row else None
