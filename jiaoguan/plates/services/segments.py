"""Officers publish segments and open or close batches; dealers and officers enter new
vehicles awaiting registration."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.identity.selectors import person_matching
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import (
    Batch,
    NewVehicle,
    NumberSegment,
    PlateHold,
)
from jiaoguan.plates.selectors import parameters_current
from jiaoguan.plates.services._common import check_vin, dealer_id_of, require_officer

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

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
    require_officer(actor, "plates.add_numbersegment")
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
    require_officer(actor, "plates.add_batch")
    segment = NumberSegment.objects.select_for_update().filter(pk=segment_id).first()
    if segment is None:
        raise errors.segment_not_found()
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
    require_officer(actor, "plates.change_batch")
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
    dealer_id = dealer_id_of(actor)
    if dealer_id is None:
        require_officer(actor, "plates.add_newvehicle")
    vin = check_vin(vin)
    owner = person_matching(id_number=owner_id_number or "")
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
