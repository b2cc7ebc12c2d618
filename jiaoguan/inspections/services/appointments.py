"""Appointments: book, change, cancel; no-shows marked after each slot.

A slot's places are taken by one conditional ``UPDATE ... SET booked = booked + 1 WHERE
booked < capacity`` (the check constraint backs it), so concurrent bookings never oversell
and never wait on a lock held in Python; a vehicle's second live appointment is refused by
the partial unique index. Both inside the booking's transaction: a refusal after the
place was taken rolls the place back.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.events import publish
from jiaoguan.identity.actors import Actor, CitizenActor, acting, permission_denied
from jiaoguan.inspections import errors, rules
from jiaoguan.inspections.events import AppointmentBooked
from jiaoguan.inspections.models import Appointment, Insurance, Slot, Station
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.selectors import vehicle_profile, vehicle_view, vehicles_registered_to_person
from jiaoguan.violations.selectors import unhandled_counts

if TYPE_CHECKING:
    from jiaoguan.vehicles.models import Vehicle


def citizen_of(actor: Actor) -> CitizenActor:
    who = acting(actor)
    if not isinstance(who, CitizenActor):
        raise permission_denied()
    return who


def owned_vehicle(*, person_id: int, vehicle_id: int) -> Vehicle:
    """The person's registered vehicle ``vehicle_id`` (404 for anyone else's)."""
    for vehicle in vehicles_registered_to_person(person_id=person_id):
        if vehicle.pk == vehicle_id:
            return vehicle
    raise errors.vehicle_not_yours()


def banned_until(*, person_id: int, today=None):
    """The last day the person may not book because of no-shows (None: may book)."""
    today = today or clock.today()
    starts = Appointment.objects.filter(
        person_id=person_id, status=Appointment.Status.NO_SHOW
    ).values_list("slot__starts_at", flat=True)
    return rules.no_show_banned_until([clock.local(at).date() for at in starts], today)


def insurance_of(vehicle_id: int) -> tuple[date | None, int | None]:
    """(交强险 valid until, last 车船税 year) as reported for the vehicle; (None, None) when
    nothing was reported (not checked)."""
    row = (
        Insurance.objects.filter(vehicle_id=vehicle_id)
        .values_list("insured_until", "vehicle_tax_year")
        .first()
    )
    return (row[0], row[1]) if row else (None, None)


def booking_facts(*, vehicle: Vehicle, slot: Slot, person_id: int) -> rules.BookingFacts:
    """What the rules need to decide whether ``vehicle`` may book ``slot`` now."""
    station = slot.lane.station
    today = clock.today()
    view = vehicle_view(vehicle=vehicle, as_of=today)
    profile = vehicle_profile(vehicle)
    category = vehicle_rules.vehicle_category(vehicle.vehicle_type)
    return rules.BookingFacts(
        today=today,
        now=clock.local(clock.now()),
        slot_starts_at=clock.local(slot.starts_at),
        window=view.schedule.window,
        valid_until=vehicle.inspection_valid_until,
        vehicle_normal=not vehicle.is_deregistered,
        unhandled_violations=unhandled_counts(vehicle_ids=[vehicle.pk]).get(vehicle.pk, 0),
        off_site_excluded=rules.off_site_excluded(
            category,
            school_bus=profile.is_school_bus,
            vehicle_province=vehicle.province_code,
            station_province=station.province_code,
        ),
        lane_fits=slot.lane.kind == rules.lane_kind_for(category) and slot.lane.is_active,
        station_open=station.status == Station.Status.APPROVED,
        banned_until=banned_until(person_id=person_id, today=today),
        insured_until=insurance_of(vehicle.pk)[0],
    )


def _check(vehicle: Vehicle, slot: Slot, person_id: int) -> None:
    facts = booking_facts(vehicle=vehicle, slot=slot, person_id=person_id)
    refusals = rules.booking_refusals(facts)
    if refusals:
        raise errors.booking_refused(refusals, facts.banned_until)


def _slot(slot_id: int) -> Slot:
    slot = Slot.objects.select_related("lane__station").filter(pk=slot_id).first()
    if slot is None:
        raise errors.slot_not_found()
    return slot


def _take_place(slot: Slot) -> None:
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise errors.slot_full()


def _free_place(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _announce(appointment: Appointment, vehicle: Vehicle, slot: Slot) -> None:
    publish(
        AppointmentBooked(
            appointment_id=appointment.pk,
            person_id=appointment.person_id,
            plate_number=vehicle.plate_number,
            station_name=slot.lane.station.name,
            starts_at=slot.starts_at,
        )
    )


def _number() -> str:
    return f"JY{clock.today():%y%m%d}{secrets.randbelow(10**10):010d}"


@transaction.atomic
def appointment_book(*, actor: Actor, vehicle_id: int, slot_id: int) -> Appointment:
    """The owner books ``slot_id`` for their vehicle at any station in the country (DOMAIN
    §15.3; large passenger vehicles and school buses only in their own province).

    Checks (``rules.booking_refusals``): the slot's day in the inspection window, no
    unhandled camera records, the lane fits the vehicle, no no-show bar, the slot ahead and
    within the horizon. Takes a place by conditional update (``slot_full`` when none is
    left); one live appointment per vehicle (``already_booked``). Publishes
    ``AppointmentBooked`` (the SMS confirmation). Audits ``inspections.appointment.booked``.
    """
    who = citizen_of(actor)
    vehicle = owned_vehicle(person_id=who.person_id, vehicle_id=vehicle_id)
    slot = _slot(slot_id)
    _check(vehicle, slot, who.person_id)
    _take_place(slot)
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                number=_number(),
                station=slot.lane.station,
                slot=slot,
                vehicle=vehicle,
                person_id=who.person_id,
                booked_at=clock.now(),
            )
    except IntegrityError:
        raise errors.already_booked() from None
    audit_record(
        actor=who,
        action="inspections.appointment.booked",
        subject=appointment,
        data={"slot": slot.pk, "vehicle": vehicle.pk},
    )
    _announce(appointment, vehicle, slot)
    return appointment


def _open_appointment(who: CitizenActor, appointment_id: int) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot")
        .filter(pk=appointment_id, person_id=who.person_id)
        .first()
    )
    if appointment is None:
        raise errors.appointment_not_found()
    if appointment.status != Appointment.Status.BOOKED:
        raise errors.appointment_not_open()
    if not rules.change_allowed(appointment.slot.starts_at, clock.now()):
        raise errors.change_too_late()
    return appointment


@transaction.atomic
def appointment_change(*, actor: Actor, appointment_id: int, slot_id: int) -> Appointment:
    """Move the citizen's appointment to another slot (any station), until 2 hours before
    the booked one; the new slot is checked as a new booking, its place taken before the
    old one is freed. Locks the appointment row. Publishes ``AppointmentBooked``. Audits
    ``inspections.appointment.changed``."""
    who = citizen_of(actor)
    appointment = _open_appointment(who, appointment_id)
    if appointment.slot_id == slot_id:
        return appointment
    slot = _slot(slot_id)
    vehicle = owned_vehicle(person_id=who.person_id, vehicle_id=appointment.vehicle_id)
    _check(vehicle, slot, who.person_id)
    _take_place(slot)
    old_slot = appointment.slot_id
    _free_place(old_slot)
    appointment.slot = slot
    appointment.station = slot.lane.station
    appointment.changes += 1
    appointment.save(update_fields=["slot", "station", "changes"])
    audit_record(
        actor=who,
        action="inspections.appointment.changed",
        subject=appointment,
        data={"from_slot": old_slot, "to_slot": slot.pk},
    )
    _announce(appointment, vehicle, slot)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment_id: int) -> Appointment:
    """Cancel the citizen's appointment until 2 hours before its slot; the place is freed
    for others. Locks the appointment row. Audits ``inspections.appointment.cancelled``."""
    who = citizen_of(actor)
    appointment = _open_appointment(who, appointment_id)
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = clock.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    _free_place(appointment.slot_id)
    audit_record(actor=who, action="inspections.appointment.cancelled", subject=appointment)
    return appointment


def appointments_no_shows_mark(*, actor: Actor, now: datetime | None = None) -> int:
    """Mark as no-shows the appointments still booked whose slot ended more than the grace
    period ago without a result (a periodic job); how many. Each by conditional update, so a
    result reported meanwhile wins. Audits ``inspections.appointment.no_show`` for each."""
    now = now or clock.now()
    due = Appointment.objects.filter(
        status=Appointment.Status.BOOKED, slot__ends_at__lt=rules.no_show_cutoff(now)
    ).values_list("pk", flat=True)
    marked = 0
    for pk in list(due[:5000]):
        with transaction.atomic():
            if Appointment.objects.filter(pk=pk, status=Appointment.Status.BOOKED).update(
                status=Appointment.Status.NO_SHOW
            ):
                marked += 1
                audit_record(
                    actor=actor,
                    action="inspections.appointment.no_show",
                    subject=Appointment(pk=pk),
                )
    return marked
