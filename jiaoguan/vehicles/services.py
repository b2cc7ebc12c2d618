"""Writes to the vehicle register that other domains need. Each runs in the caller's
transaction (or its own), bumps the owners' ``records_version`` and is audited."""

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.identity.services import person_records_changed
from jiaoguan.vehicles.models import Vehicle


def vehicles_lock(*, vehicle_ids: list[int]) -> list[Vehicle]:
    """The vehicles, locked for update (in id order, so two callers cannot deadlock).
    Call inside a transaction."""
    return list(Vehicle.objects.select_for_update().filter(pk__in=vehicle_ids).order_by("pk"))


@transaction.atomic
def vehicle_plates_swap(*, actor, first: Vehicle, second: Vehicle) -> None:
    """Exchange the plate numbers of two vehicles (登记规定 art. 20). The caller checked the
    rules and holds both rows' locks (``vehicles_lock``). A placeholder number keeps the
    ``plate_in_use_once`` constraint satisfied at every step."""
    first_number, second_number = first.plate_number, second.plate_number
    Vehicle.objects.filter(pk=first.pk).update(plate_number=f"~{first.pk}")
    Vehicle.objects.filter(pk=second.pk).update(plate_number=first_number)
    Vehicle.objects.filter(pk=first.pk).update(plate_number=second_number)
    first.plate_number, second.plate_number = second_number, first_number
    person_records_changed(person_ids=[first.owner_person_id, second.owner_person_id])
    for vehicle, before in ((first, first_number), (second, second_number)):
        audit_record(
            actor=actor,
            action="vehicles.plate.swapped",
            subject=vehicle,
            data={"before": before, "after": vehicle.plate_number},
        )


@transaction.atomic
def vehicle_owner_change(*, actor, vehicle: Vehicle, new_owner_person_id: int) -> None:
    """Register ``vehicle`` to another person keeping its number (登记规定 art. 45: between
    spouses). The caller checked the rules and holds the row's lock (``vehicles_lock``).
    Bumps both persons' records versions; audits ``vehicles.owner.changed``."""
    before = vehicle.owner_person_id
    Vehicle.objects.filter(pk=vehicle.pk).update(
        owner_person_id=new_owner_person_id, owner_organization=None
    )
    vehicle.owner_person_id, vehicle.owner_organization_id = new_owner_person_id, None
    person_records_changed(person_ids=[before, new_owner_person_id])
    audit_record(
        actor=actor,
        action="vehicles.owner.changed",
        subject=vehicle,
        data={"before_person": before, "after_person": new_owner_person_id},
    )
