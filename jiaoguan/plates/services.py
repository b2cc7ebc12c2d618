"""Writes of number selection (DOMAIN.md §6.3) and temporary plates (§6.4).

Who holds a number is decided by the database: the partial unique index
``number_held_once`` on holds that are held, lapsed or registered. A hold is an INSERT in a
savepoint; the loser of a race gets ``IntegrityError`` and a ``plates.number.taken`` answer,
never an exception. Per-vehicle counters (draws, self-composed attempts) are conditional
UPDATEs on the vehicle row, which every selection write locks first.
"""

import secrets
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.ids import InvalidPlateNumber, InvalidVin, parse_vin
from jiaoguan.identity.models import Organization, Person, User
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import (
    Batch,
    Draw,
    NewVehicle,
    NumberSegment,
    PlateHold,
    TemporaryPlate,
)
from jiaoguan.plates.selectors import is_reference, parameters_current, unavailable_numbers

#: Situations a dealer may issue a temporary plate for at the point of sale (§6.4).
DEALER_SITUATIONS = frozenset({"unsold", "not_registered", "export_new"})


def _require_officer(actor, permission: str) -> None:
    if not (
        isinstance(actor, User)
        and actor.kind == User.Kind.OFFICER
        and actor.is_active
        and actor.has_perm(permission)
    ):
        raise errors.officer_only()


def _check_vin(vin: str) -> str:
    try:
        return parse_vin(vin or "")
    except InvalidVin:
        raise errors.vin_invalid() from None


# --- segments and batches (officers) ---------------------------------------------------------


def segment_publish(
    *,
    actor: User,
    plate_type: str,
    prefix: str,
    pattern: str,
    starts_on: date,
    note: str = "",
    ip_address: str | None = None,
) -> NumberSegment:
    """Publish a number segment; it opens no earlier than the configured lead time.

    Needs ``plates.add_numbersegment``. Raises ``plates.segment.invalid`` (with the field),
    ``plates.segment.too_soon`` or ``plates.segment.exists``. Audited.
    """
    _require_officer(actor, "plates.add_numbersegment")
    parameters = parameters_current()
    prefix, pattern = (prefix or "").strip().upper(), (pattern or "").strip().upper()
    try:
        pool = rules.Pool(
            plate_type,
            prefix,
            pattern,
            max_letters=parameters.max_letters,
            energy_letters=parameters.energy_letters,
        )
    except rules.InvalidSegment as error:
        raise errors.segment_invalid(error.reason) from None
    today = clock.today()
    if not rules.segment_start_allowed(today, starts_on, parameters.lead_working_days):
        raise errors.segment_too_soon(
            rules.earliest_segment_start(today, parameters.lead_working_days)
        )
    try:
        with transaction.atomic():
            segment = NumberSegment.objects.create(
                plate_type=plate_type,
                prefix=prefix,
                pattern=pool.pattern,
                max_letters=parameters.max_letters,
                energy_letters="".join(sorted(parameters.energy_letters)),
                pool_size=pool.size,
                starts_on=starts_on,
                published_on=today,
                published_by=actor,
                note=note,
            )
            audit_record(
                actor=actor,
                action="plates.segment.published",
                subject=segment,
                data={"segment": str(segment), "starts_on": starts_on.isoformat()},
                ip_address=ip_address,
            )
    except IntegrityError:
        raise errors.segment_exists() from None
    return segment


@transaction.atomic
def batch_open(*, actor: User, segment_id: int, ip_address: str | None = None) -> Batch:
    """Open a new selection batch of a segment: close (and reveal) the previous one, return
    the lapsed holds of the segment to the pool, commit to a fresh secret seed.

    Needs ``plates.add_batch``. Locks the segment row. Raises ``plates.batch.not_started``
    before the segment's start date.
    """
    _require_officer(actor, "plates.add_batch")
    segment = NumberSegment.objects.select_for_update().get(pk=segment_id)
    if clock.today() < segment.starts_on:
        raise errors.batch_not_started()
    now = clock.now()
    closed = Batch.objects.filter(segment=segment, closed_at__isnull=True).update(closed_at=now)
    returned = PlateHold.objects.filter(segment=segment, state=PlateHold.State.LAPSED).update(
        state=PlateHold.State.RELEASED, released_at=now
    )
    seed = secrets.token_hex(rules.draw.SEED_BYTES)
    batch = Batch.objects.create(
        segment=segment, opened_at=now, seed=seed, seed_hash=rules.seed_commitment(seed)
    )
    audit_record(
        actor=actor,
        action="plates.batch.opened",
        subject=batch,
        data={"seed_hash": batch.seed_hash, "closed": closed, "returned": returned},
        ip_address=ip_address,
    )
    return batch


@transaction.atomic
def batch_close(*, actor: User, batch_id: int, ip_address: str | None = None) -> Batch:
    """Close a batch and so reveal its seed. Needs ``plates.change_batch``."""
    _require_officer(actor, "plates.change_batch")
    updated = Batch.objects.filter(pk=batch_id, closed_at__isnull=True).update(
        closed_at=clock.now()
    )
    if not updated:
        raise errors.batch_not_open()
    batch = Batch.objects.get(pk=batch_id)
    audit_record(
        actor=actor,
        action="plates.batch.closed",
        subject=batch,
        data={"seed": batch.seed},
        ip_address=ip_address,
    )
    return batch


# --- new vehicles (dealers, officers) ---------------------------------------------------------


def new_vehicle_enter(
    *,
    actor,
    vin: str,
    owner_id_number: str,
    plate_type: str,
    prefix: str,
    compulsory_insurance_until: date | None = None,
    ip_address: str | None = None,
) -> NewVehicle:
    """Enter a sold, not yet registered vehicle so its owner can pre-select a number.

    ``actor``: an officer with ``plates.add_newvehicle`` or a dealer partner (the API checks
    its ``plates.temporary`` scope). Raises ``plates.vin.invalid``, ``plates.owner.not_found``,
    ``plates.segment.invalid`` (prefix/type) or ``plates.vehicle.exists``.
    """
    dealer_id = _dealer_id(actor)
    if dealer_id is None:
        _require_officer(actor, "plates.add_newvehicle")
    vin = _check_vin(vin)
    owner = Person.objects.filter(id_number=(owner_id_number or "").strip().upper()).first()
    if owner is None:
        raise errors.owner_not_found()
    prefix = (prefix or "").strip().upper()
    try:
        rules.check_office(plate_type, prefix)
    except rules.InvalidSegment as error:
        raise errors.segment_invalid(error.reason) from None
    try:
        with transaction.atomic():
            vehicle = NewVehicle.objects.create(
                vin=vin,
                owner=owner,
                plate_type=plate_type,
                prefix=prefix,
                dealer_id=dealer_id,
                compulsory_insurance_until=compulsory_insurance_until,
                created_at=clock.now(),
            )
            audit_record(
                actor=actor,
                action="plates.vehicle.entered",
                subject=vehicle,
                person_id_number=owner.id_number,
                data={"vin": vin},
                ip_address=ip_address,
            )
    except IntegrityError:
        raise errors.vehicle_exists() from None
    return vehicle


def _dealer_id(actor) -> int | None:
    """The dealer organization an actor acts for (a partner or an organization user)."""
    kind = getattr(actor, "organization_kind", None)
    if kind is not None:
        return actor.organization_id if kind == Organization.Kind.DEALER else None
    if isinstance(actor, User) and actor.kind == User.Kind.ORGANIZATION:
        organization = actor.organization
        if organization is not None and organization.kind == Organization.Kind.DEALER:
            return organization.pk
    return None


# --- selection (owners) ----------------------------------------------------------------------


def _person_of(actor: User) -> Person:
    person = getattr(actor, "person", None)
    if person is None:
        raise errors.vehicle_not_found()
    return person


def _locked_vehicle(person: Person, vin: str) -> NewVehicle:
    vehicle = (
        NewVehicle.objects.select_for_update()
        .filter(vin=(vin or "").strip().upper(), owner=person)
        .first()
    )
    if vehicle is None:
        raise errors.vehicle_not_found()
    if PlateHold.objects.filter(new_vehicle=vehicle, state=PlateHold.State.HELD).exists():
        raise errors.already_holding()
    return vehicle


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
    person: Person,
    batch: Batch,
    serial: str,
    method: str,
    draw: Draw | None,
    hold_working_days: int,
) -> PlateHold | None:
    """Insert the hold in a savepoint; None when the number is not free. The caller holds
    the vehicle row lock, so a vehicle's own holds cannot race."""
    segment = batch.segment
    number = segment.pool().plate_number(serial)
    if unavailable_numbers(plate_type=segment.plate_type, numbers=[number]):
        return None
    now = clock.now()
    try:
        with transaction.atomic():
            return PlateHold.objects.create(
                new_vehicle=vehicle,
                person=person,
                segment=segment,
                batch=batch,
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
        draw = (
            Draw.objects.select_related("new_vehicle", "batch__segment")
            .filter(reference=draw_reference, new_vehicle__owner=person)
            .first()
            if is_reference(draw_reference)
            else None
        )
        if draw is None:
            raise errors.draw_not_found()
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
    *, actor: User, vin: str, segment_id: int, number: str, ip_address: str | None = None
) -> PlateHold:
    """Try to hold a self-composed number of an open segment for the caller's new vehicle.

    A number that breaks the composition rules or lies outside the segment is refused
    without using an attempt. Otherwise one attempt is used (conditional update), whether or
    not the number is free, and the attempt stays used even when the answer is
    ``plates.number.taken``. Raises also ``plates.compose.no_attempts_left``,
    ``plates.hold.already_holding``, ``plates.batch.not_open``, ``plates.segment.mismatch``.
    """
    person = _person_of(actor)
    parameters = parameters_current()
    refusal: ApplicationError | None = None
    with transaction.atomic():
        vehicle = _locked_vehicle(person, vin)
        batch = _open_batch(vehicle, segment_id)
        segment = batch.segment
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
            person=person,
            batch=batch,
            serial=serial,
            method=PlateHold.Method.SELF_COMPOSED,
            draw=None,
            hold_working_days=parameters.hold_working_days,
        )
        if hold is None:
            refusal = errors.number_taken()
        else:
            _audit_hold(actor, hold, person, ip_address)
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
    _require_officer(actor, "plates.add_platehold")
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
    _require_officer(actor, "plates.change_platehold")
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


# --- temporary plates (dealers, officers) ----------------------------------------------------


def temporary_plate_issue(
    *,
    actor,
    vin: str,
    situation: str,
    prefix: str,
    compulsory_insurance_until: date | None,
    requested_until: date | None = None,
    permit_until: date | None = None,
    ip_address: str | None = None,
) -> TemporaryPlate:
    """Issue a temporary plate: validity per §6.4, never beyond the compulsory insurance,
    within the issue count of the situation.

    ``actor``: an officer with ``plates.add_temporaryplate`` (any situation) or a dealer
    (partner or organization user; point-of-sale situations only). The n-th issue of a
    vehicle in a situation group is unique in the database, so concurrent issues cannot pass
    the limit: the loser gets ``plates.temporary.concurrent``. Audited.
    """
    dealer_id = _dealer_id(actor)
    if dealer_id is None:
        _require_officer(actor, "plates.add_temporaryplate")
    elif situation not in DEALER_SITUATIONS:
        raise errors.officer_only()
    vin = _check_vin(vin)
    try:
        rule_situation = rules.Situation(situation)
    except ValueError:
        raise errors.situation_invalid() from None
    prefix = (prefix or "").strip().upper()
    try:
        rules.check_office("02", prefix)
    except rules.InvalidSegment as error:
        raise errors.segment_invalid(error.reason) from None
    group = ",".join(sorted(rules.counted_situations(rule_situation)))
    today = clock.today()
    try:
        with transaction.atomic():
            earlier = TemporaryPlate.objects.filter(vin=vin, issue_group=group).count()
            try:
                valid_until = rules.temporary_plate_valid_until(
                    situation=rule_situation,
                    issued_on=today,
                    insurance_until=compulsory_insurance_until,
                    earlier_issues=earlier,
                    requested_until=requested_until,
                    permit_until=permit_until,
                )
            except rules.TemporaryPlateRefused as refused:
                raise errors.temporary_refused(refused.reason) from None
            assert compulsory_insurance_until is not None  # the rules refuse a missing one
            plate = TemporaryPlate.objects.create(
                vin=vin,
                situation=situation,
                issue_group=group,
                issue_number=earlier + 1,
                issued_on=today,
                valid_until=valid_until,
                compulsory_insurance_until=compulsory_insurance_until,
                issued_by=actor if dealer_id is None else None,
                dealer_id=dealer_id,
                created_at=clock.now(),
            )
            plate.number = f"{prefix}{plate.pk % 1_000_000:06d}"
            plate.save(update_fields=["number"])
            audit_record(
                actor=actor,
                action="plates.temporary.issued",
                subject=plate,
                data={"vin": vin, "situation": situation, "valid_until": valid_until.isoformat()},
                ip_address=ip_address,
            )
    except IntegrityError:
        raise errors.temporary_concurrent() from None
    return plate
