"""Two vehicles of one owner exchange their numbers (登记规定 art. 20; DOMAIN.md §6.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from jiaoguan.core import clock
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import PlateSwap
from jiaoguan.plates.services._common import require_officer
from jiaoguan.vehicles.rules import UseCharacter
from jiaoguan.vehicles.selectors import vehicle_id_for_plate
from jiaoguan.vehicles.services import vehicle_plates_swap, vehicles_lock

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def swap_side(vehicle, *, violations_cleared: bool) -> rules.SwapSide:
    """One vehicle as the swap rule reads it (the office is the plate prefix)."""
    last = (
        PlateSwap.objects.filter(vehicle_id=vehicle.pk)
        .order_by("-swapped_on")
        .values_list("swapped_on", flat=True)
        .first()
    )
    return rules.SwapSide(
        owner_id=vehicle.owner_person_id or -vehicle.owner_organization_id,
        office=vehicle.plate_number[:2],
        plate_type=vehicle.plate_type,
        operating=UseCharacter(vehicle.use_character).is_operating,
        violations_cleared=violations_cleared,
        last_swapped_on=last,
    )


def plate_swap(
    *,
    actor: User,
    plate_type: str,
    first_number: str,
    second_number: str,
    violations_cleared: bool,
    ip_address: str | None = None,
) -> list[PlateSwap]:
    """Exchange the numbers of two registered vehicles of one owner: same office (prefix),
    same plate type, both non-operating, violations and accidents cleared (as the officer
    checked), neither swapped in the past year.

    Needs ``plates.add_plateswap``. Both vehicle rows are locked before the rules are read,
    so two swaps of one vehicle cannot both pass the once-a-year rule. Raises
    ``plates.swap.not_found`` or ``plates.swap.refused`` (with the reasons).
    """
    require_officer(actor, "plates.add_plateswap")
    numbers = [(first_number or "").strip().upper(), (second_number or "").strip().upper()]
    found = [vehicle_id_for_plate(plate_number=number, plate_type=plate_type) for number in numbers]
    ids = [vehicle_id for vehicle_id in found if vehicle_id is not None]
    if len(ids) != 2 or ids[0] == ids[1]:
        raise errors.swap_not_found()
    today = clock.today()
    with transaction.atomic():
        locked = {vehicle.pk: vehicle for vehicle in vehicles_lock(vehicle_ids=ids)}
        first, second = locked[ids[0]], locked[ids[1]]
        refusals = rules.swap_refusals(
            swap_side(first, violations_cleared=violations_cleared),
            swap_side(second, violations_cleared=violations_cleared),
            today,
        )
        if refusals:
            raise errors.swap_refused(refusals)
        before = {first.pk: first.plate_number, second.pk: second.plate_number}
        vehicle_plates_swap(actor=actor, first=first, second=second)
        return [
            PlateSwap.objects.create(
                vehicle=vehicle,
                other_vehicle=other,
                number_before=before[vehicle.pk],
                number_after=vehicle.plate_number,
                swapped_on=today,
                swapped_by=actor,
            )
            for vehicle, other in ((first, second), (second, first))
        ]
