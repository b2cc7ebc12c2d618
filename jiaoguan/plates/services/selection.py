"""Owners pre-select numbers: random draws and picks, self-composed numbers; officers keep
previous numbers and register held ones; holds lapse."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.ids import InvalidPlateNumber
from jiaoguan.identity.selectors import Citizen
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import (
    Batch,
    Draw,
    NewVehicle,
    NumberSegment,
    PlateHold,
)
from jiaoguan.plates.selectors import (
    draw_of_person,
    parameters_current,
    segment_published,
    unavailable_numbers,
)
from jiaoguan.plates.services._common import require_officer

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person, User

# --- selection (owners) ----------------------------------------------------------------------


def _person_of(actor: User) -> Person:
    person = getattr(actor, "person", None)
    if person is None:
        raise errors.vehicle_not_found()
    return person


def _person_id_of(actor) -> int:
    """The person behind ``actor``: a citizen's ``User`` or the API's ``Citizen``, which
    knows the person's id from its token without loading the account."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise errors.vehicle_not_found()
    return person_id


def _audit_actor(actor):
    """The account to audit: the API's ``Citizen`` loads it only here (winners)."""
    return actor.user if isinstance(actor, Citizen) else actor


def _locked_vehicle(person: Person, vin: str) -> NewVehicle:
    """The person's new vehicle, its row locked; refused if it already holds a number."""
    vehicle = (
        NewVehicle.objects.select_for_update(of=("self",))
        .annotate(
            holding=Exists(
                PlateHold.objects.filter(new_vehicle=OuterRef("pk"), state=PlateHold.State.HELD)
            )
        )
        .filter(vin=(vin or "").strip().upper(), owner=person)
        .first()
    )
    if vehicle is None:
        raise errors.vehicle_not_found()
    if vehicle.holding:
        raise errors.already_holding()
    return vehicle


# The first statement of every self-composed try, written out: the ORM spends longer
# building this query than the database spends answering it.
_COMPOSE_LOCK_SQL = """
SELECT v.*,
       EXISTS (SELECT 1 FROM plates_platehold h
               WHERE h.new_vehicle_id = v.id AND h.state = %s) AS holding,
       (SELECT b.id FROM plates_batch b
        WHERE b.segment_id = %s AND b.closed_at IS NULL) AS open_batch_id
FROM plates_newvehicle v
WHERE v.vin = %s AND v.owner_id = %s
"""


def _locked_vehicle_for_compose(
    person_id: int, vin: str, segment_id: int
) -> tuple[NewVehicle, int | None]:
    """Like ``_locked_vehicle``, in one round trip that also brings the id of the segment's
    open batch (None when none is open; one at most, by ``one_open_batch_per_segment``)."""
    sql = _COMPOSE_LOCK_SQL
    if connection.features.has_select_for_update_of:
        sql += "FOR UPDATE OF v"
    params = [PlateHold.State.HELD.value, segment_id, (vin or "").strip().upper(), person_id]
    vehicle = next(iter(NewVehicle.objects.raw(sql, params)), None)
    if vehicle is None:
        raise errors.vehicle_not_found()
    if vehicle.__dict__["holding"]:
        raise errors.already_holding()
    return vehicle, vehicle.__dict__["open_batch_id"]


def _commit_without_waiting() -> None:
    """Let this transaction's commit return before its WAL reaches the disk (PostgreSQL).

    Only for a refused self-composed try, whose one write is the used attempt: a crash in
    the fraction of a second after the answer could at worst give that attempt back. A hold
    is always committed durably.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _open_batch(vehicle: NewVehicle, segment_id: int) -> Batch:
    batch = (
        Batch.objects.select_related("segment")
        .filter(segment_id=segment_id, closed_at__isnull=True)
        .first()
    )
    if batch is None:
        raise errors.batch_not_open()
    segment = batch.segment
    if (segment.plate_type, segment.prefix) != (vehicle.plate_type, vehicle.prefix):
        raise errors.segment_mismatch()
    return batch


def _try_hold(
    *,
    vehicle: NewVehicle,
    person: Person | None = None,
    batch: Batch | None = None,
    serial: str,
    method: str,
    draw: Draw | None,
    hold_working_days: int,
    segment: NumberSegment | None = None,
    batch_id: int | None = None,
) -> PlateHold | None:
    """Insert the hold in a savepoint; None when the number is not free. The caller holds
    the vehicle row lock, so a vehicle's own holds cannot race. Give ``batch``, or its
    ``segment`` and ``batch_id``; the owner is ``person``, else the vehicle's."""
    if batch is not None:
        segment, batch_id = batch.segment, batch.pk
    assert segment is not None
    assert batch_id is not None
    number = segment.pool().plate_number(serial)
    if unavailable_numbers(plate_type=segment.plate_type, numbers=[number]):
        return None
    now = clock.now()
    try:
        with transaction.atomic():
            return PlateHold.objects.create(
                new_vehicle=vehicle,
                person_id=person.pk if person is not None else vehicle.owner_id,
                segment=segment,
                batch_id=batch_id,
                draw=draw,
                plate_type=segment.plate_type,
                plate_number=number,
                method=method,
                held_at=now,
                expires_on=rules.hold_expires_on(clock.today(), hold_working_days),
            )
    except IntegrityError:
        return None


def selection_draw(
    *, actor: User, vin: str, segment_id: int, ip_address: str | None = None
) -> Draw:
    """Draw the configured number of random candidates for the caller's new vehicle.

    Uses one of the vehicle's draws (conditional update under the vehicle lock). The
    candidates are a pure function of the batch seed, the applicant key and the attempt,
    skipping numbers that are not available; the draw is stored for later verification.
    Raises ``plates.vehicle.not_found``, ``plates.hold.already_holding``,
    ``plates.batch.not_open``, ``plates.segment.mismatch``, ``plates.draw.no_draws_left``.
    """
    person = _person_of(actor)
    parameters = parameters_current()
    with transaction.atomic():
        vehicle = _locked_vehicle(person, vin)
        batch = _open_batch(vehicle, segment_id)
        if vehicle.draws_used >= parameters.draws:
            raise errors.no_draws_left()
        NewVehicle.objects.filter(pk=vehicle.pk).update(draws_used=F("draws_used") + 1)
        attempt = vehicle.draws_used + 1
        segment = batch.segment
        pool = segment.pool()
        key = rules.applicant_key(person.id_number, vehicle.vin)

        def unavailable(serials):
            numbers = {pool.plate_number(serial): serial for serial in serials}
            taken = unavailable_numbers(plate_type=segment.plate_type, numbers=list(numbers))
            return {numbers[number] for number in taken}

        outcome = rules.draw_candidates(
            seed=batch.seed,
            applicant=key,
            attempt=attempt,
            pool=pool,
            k=parameters.candidates,
            unavailable=unavailable,
        )
        now = clock.now()
        draw = Draw.objects.create(
            new_vehicle=vehicle,
            batch=batch,
            attempt=attempt,
            applicant_key=key,
            candidates=list(outcome.candidates),
            skipped=list(outcome.skipped),
            drawn_at=now,
            pick_until=now + timedelta(seconds=parameters.pick_seconds),
        )
        audit_record(
            actor=actor,
            action="plates.draw.drawn",
            subject=draw,
            person_id_number=person.id_number,
            data={"candidates": len(outcome.candidates), "attempt": attempt},
            ip_address=ip_address,
        )
    return draw


def selection_pick(
    *, actor: User, draw_reference: str, number: str, ip_address: str | None = None
) -> PlateHold:
    """Hold one candidate of the caller's draw, within the pick time.

    Raises ``plates.draw.not_found``, ``plates.draw.time_over``,
    ``plates.draw.not_a_candidate``, ``plates.hold.already_holding``,
    ``plates.batch.not_open`` or ``plates.number.taken`` (someone was faster).
    """
    person = _person_of(actor)
    parameters = parameters_current()
    with transaction.atomic():
        draw = draw_of_person(person=person, reference=draw_reference)
        vehicle = _locked_vehicle(person, draw.new_vehicle.vin)
        if clock.now() > draw.pick_until:
            raise errors.pick_time_over()
        batch = draw.batch
        if batch.closed_at is not None:
            raise errors.batch_not_open()
        text = (number or "").strip().upper()
        prefix = batch.segment.prefix
        serial = text[len(prefix) :] if text.startswith(prefix) else text
        if serial not in draw.candidates:
            raise errors.not_a_candidate()
        hold = _try_hold(
            vehicle=vehicle,
            person=person,
            batch=batch,
            serial=serial,
            method=PlateHold.Method.RANDOM,
            draw=draw,
            hold_working_days=parameters.hold_working_days,
        )
        if hold is None:
            raise errors.number_taken()
        _audit_hold(actor, hold, person, ip_address)
    return hold


def _audit_hold(actor, hold: PlateHold, person: Person, ip_address: str | None) -> None:
    audit_record(
        actor=actor,
        action="plates.hold.taken",
        subject=hold,
        person_id_number=person.id_number,
        data={"number": hold.plate_number, "method": hold.method},
        ip_address=ip_address,
    )


def selection_compose(
    *, actor, vin: str, segment_id: int, number: str, ip_address: str | None = None
) -> PlateHold:
    """Try to hold a self-composed number of an open segment for the caller's new vehicle.

    A number that breaks the composition rules or lies outside the segment is refused
    without using an attempt. Otherwise one attempt is used (conditional update), whether or
    not the number is free, and the attempt stays used even when the answer is
    ``plates.number.taken`` (that refusal commits without waiting for the disk). Raises also
    ``plates.compose.no_attempts_left``, ``plates.hold.already_holding``,
    ``plates.batch.not_open``, ``plates.segment.mismatch``.

    ``actor`` is the citizen's ``User`` or the API's ``Citizen`` (the account is loaded only
    to audit a hold). The hot path of a selection race: the vehicle row lock, its open-batch
    and holding checks in one query; the segment from the per-process cache (segments never
    change once published); the attempt; the availability; the hold.
    """
    person_id = _person_id_of(actor)
    parameters = parameters_current()
    segment = segment_published(segment_id=segment_id)
    refusal: ApplicationError | None = None
    with transaction.atomic():
        vehicle, batch_id = _locked_vehicle_for_compose(person_id, vin, segment_id)
        if segment is None or batch_id is None:
            raise errors.batch_not_open()
        if (segment.plate_type, segment.prefix) != (vehicle.plate_type, vehicle.prefix):
            raise errors.segment_mismatch()
        try:
            serial = rules.composed_serial(
                number or "",
                plate_type=segment.plate_type,
                prefix=segment.prefix,
                max_letters=segment.max_letters,
                energy_letters=frozenset(segment.energy_letters),
            )
        except InvalidPlateNumber as error:
            raise errors.number_invalid(error.reason) from None
        if serial not in segment.pool():
            raise errors.number_not_in_segment()
        used = NewVehicle.objects.filter(
            pk=vehicle.pk, compose_attempts_used__lt=parameters.compose_attempts
        ).update(compose_attempts_used=F("compose_attempts_used") + 1)
        if not used:
            raise errors.no_attempts_left()
        hold = _try_hold(
            vehicle=vehicle,
            segment=segment,
            batch_id=batch_id,
            serial=serial,
            method=PlateHold.Method.SELF_COMPOSED,
            draw=None,
            hold_working_days=parameters.hold_working_days,
        )
        if hold is None:
            refusal = errors.number_taken()
            _commit_without_waiting()
        else:
            # The owner (for the audit's identity number) is read only for a hold.
            _audit_hold(_audit_actor(actor), hold, vehicle.owner, ip_address)
    # The used attempt is committed; the refusal is the caller's definite answer.
    if refusal is not None:
        raise refusal
    assert hold is not None
    return hold


@transaction.atomic
def holds_lapse(*, actor=None, as_of: date | None = None) -> int:
    """Mark holds past their last day as lapsed: out of their owner's hands, but back in the
    pool only when the segment's next batch opens (``batch_open``). Idempotent; returns the
    count. Run daily (``jiaoguan plates lapse``)."""
    today, now = as_of or clock.today(), clock.now()
    expired = PlateHold.objects.filter(state=PlateHold.State.HELD, expires_on__lt=today)
    # A kept previous number belongs to no segment, so no batch would ever return it.
    kept = expired.filter(segment__isnull=True).update(
        state=PlateHold.State.RELEASED, lapsed_at=now, released_at=now
    )
    count = kept + expired.update(state=PlateHold.State.LAPSED, lapsed_at=now)
    if count:
        audit_record(actor=actor, action="plates.hold.lapsed", data={"count": count})
    return count


def selection_keep_previous(
    *,
    actor: User,
    vin: str,
    previous_number: str,
    used_since: date,
    released_on: date,
    violations_cleared: bool,
    ip_address: str | None = None,
) -> PlateHold:
    """Hold the owner's previous number for their new vehicle (登记规定 art. 44), on the
    facts the officer checked in the register: applied within 2 years of the release, used
    at least 1 year, violations and accidents cleared.

    Needs ``plates.add_platehold``. The number must be of the vehicle's plate type and
    office and free (the same unique index decides). Raises ``plates.keep.refused`` with the
    reasons, ``plates.number.invalid``, ``plates.hold.already_holding``,
    ``plates.number.taken``.
    """
    require_officer(actor, "plates.add_platehold")
    parameters = parameters_current()
    with transaction.atomic():
        vehicle = (
            NewVehicle.objects.select_for_update()
            .select_related("owner")
            .filter(vin=(vin or "").strip().upper())
            .first()
        )
        if vehicle is None:
            raise errors.vehicle_not_found()
        if PlateHold.objects.filter(new_vehicle=vehicle, state=PlateHold.State.HELD).exists():
            raise errors.already_holding()
        try:
            serial = rules.composed_serial(
                previous_number or "",
                plate_type=vehicle.plate_type,
                prefix=vehicle.prefix,
                energy_letters=frozenset("".join(rules.ENERGY_LETTER_ORDER)),
            )
        except InvalidPlateNumber as error:
            raise errors.number_invalid(error.reason) from None
        refusals = rules.keep_previous_refusals(
            rules.PreviousNumber(
                used_since=used_since,
                released_on=released_on,
                violations_cleared=violations_cleared,
            ),
            clock.today(),
        )
        if refusals:
            raise errors.keep_refused(refusals)
        number = f"{vehicle.prefix}{serial}"
        if unavailable_numbers(plate_type=vehicle.plate_type, numbers=[number]):
            raise errors.number_taken()
        try:
            with transaction.atomic():
                hold = PlateHold.objects.create(
                    new_vehicle=vehicle,
                    person=vehicle.owner,
                    plate_type=vehicle.plate_type,
                    plate_number=number,
                    method=PlateHold.Method.KEEP_PREVIOUS,
                    held_at=clock.now(),
                    expires_on=rules.hold_expires_on(clock.today(), parameters.hold_working_days),
                )
        except IntegrityError:
            raise errors.number_taken() from None
        _audit_hold(actor, hold, vehicle.owner, ip_address)
    return hold


@transaction.atomic
def hold_register(*, actor: User, vin: str, ip_address: str | None = None) -> PlateHold:
    """At registration, the officer turns the vehicle's held number into its registered
    number: the hold stays in ``number_held_once`` for good. Needs
    ``plates.change_platehold``. Raises ``plates.hold.not_found`` when nothing is held (a
    lapsed hold cannot be registered)."""
    require_officer(actor, "plates.change_platehold")
    hold = (
        PlateHold.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(new_vehicle__vin=(vin or "").strip().upper(), state=PlateHold.State.HELD)
        .first()
    )
    if hold is None:
        raise errors.hold_not_found()
    hold.state = PlateHold.State.REGISTERED
    hold.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="plates.hold.registered",
        subject=hold,
        person_id_number=hold.person.id_number,
        data={"number": hold.plate_number},
        ip_address=ip_address,
    )
    return hold
