"""A vehicle moves to the owner's spouse and keeps its number (登记规定 art. 45; DOMAIN.md
§6.3): the marriage has lasted at least 1 year and both spouses apply. The officer records
the marriage certificate's number and date (and sees the scan uploaded with an online
request)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.identity.selectors import person_matching
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import PlateRequest, SpouseTransfer
from jiaoguan.plates.services._common import require_officer
from jiaoguan.vehicles.selectors import vehicle_id_for_plate
from jiaoguan.vehicles.services import vehicle_owner_change, vehicles_lock

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person, User


def spouse_transfer_execute(
    *,
    actor: User,
    vehicle_id: int,
    to_person: Person,
    married_on: date,
    certificate_number: str,
    both_applied: bool,
    request: PlateRequest | None = None,
    ip_address: str | None = None,
) -> SpouseTransfer:
    """Lock the vehicle, check art. 45 on today's date, register the vehicle to the spouse
    with its number and record the transfer. Runs in the caller's transaction (or its own).
    The caller checked the officer's permission."""
    certificate_number = (certificate_number or "").strip()
    if not certificate_number:
        raise errors.certificate_missing()
    today = clock.today()
    refusals = rules.spouse_keep_refusals(
        married_on=married_on, transferred_on=today, both_applied=both_applied
    )
    if refusals:
        raise errors.spouse_refused(refusals)
    with transaction.atomic():
        locked = vehicles_lock(vehicle_ids=[vehicle_id])
        from_person_id = locked[0].owner_person_id if locked else None
        if from_person_id is None:
            raise errors.registered_vehicle_not_found()
        vehicle = locked[0]
        if not vehicle.has_normal_status:
            raise errors.vehicle_not_transferable()
        if vehicle.owner_person_id == to_person.pk:
            raise errors.spouse_is_owner()
        vehicle_owner_change(actor=actor, vehicle=vehicle, new_owner_person_id=to_person.pk)
        transfer = SpouseTransfer.objects.create(
            vehicle=vehicle,
            plate_number=vehicle.plate_number,
            from_person_id=from_person_id,
            to_person=to_person,
            married_on=married_on,
            certificate_number=certificate_number,
            transferred_on=today,
            transferred_by=actor,
            request=request,
        )
        audit_record(
            actor=actor,
            action="plates.spouse.transferred",
            subject=transfer,
            person_id_number=to_person.id_number,
            data={"plate_number": vehicle.plate_number, "married_on": married_on.isoformat()},
            ip_address=ip_address,
        )
    return transfer


def plate_spouse_transfer(
    *,
    actor: User,
    plate_type: str,
    plate_number: str,
    spouse_id_number: str,
    spouse_name: str,
    married_on: date,
    certificate_number: str,
    both_applied: bool,
    ip_address: str | None = None,
) -> SpouseTransfer:
    """At the counter: register the vehicle bearing ``plate_number`` to the owner's spouse,
    keeping the number (art. 45), on the marriage certificate the officer checked (its number
    and registration date recorded) and with both spouses applying.

    Needs ``plates.add_spousetransfer``. The vehicle row is locked; it must be registered to
    a person and not mortgaged, seized or deregistered. Raises ``plates.spouse.refused``
    (married under a year, not both applying), ``plates.spouse.not_found``,
    ``plates.spouse.same_person``, ``plates.spouse.certificate_missing``,
    ``plates.registered_vehicle.not_found`` / ``.not_transferable``. Audits
    ``plates.spouse.transferred`` and (the register) ``vehicles.owner.changed``.
    """
    require_officer(actor, "plates.add_spousetransfer")
    vehicle_id = vehicle_id_for_plate(
        plate_number=(plate_number or "").strip().upper(), plate_type=plate_type
    )
    if vehicle_id is None:
        raise errors.registered_vehicle_not_found()
    spouse = person_matching(id_number=spouse_id_number or "", name=spouse_name or "")
    if spouse is None:
        raise errors.spouse_not_found()
    return spouse_transfer_execute(
        actor=actor,
        vehicle_id=vehicle_id,
        to_person=spouse,
        married_on=married_on,
        certificate_number=certificate_number,
        both_applied=both_applied,
        ip_address=ip_address,
    )
