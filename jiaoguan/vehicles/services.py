"""Writes to the vehicle register that other domains need. Each runs in the caller's
transaction (or its own), bumps the owners' ``records_version`` and is audited."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, field_error
from jiaoguan.identity.actors import permission_require
from jiaoguan.identity.services import person_records_changed
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.models import ForcedScrapping, Vehicle
from jiaoguan.vehicles.selectors import vehicle_profile


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


def uninspected_scrap_date(vehicle: Vehicle) -> date | None:
    """The vehicle's ``uninspected_scrap_on`` as the rules give it from its profile and its
    validity (None for a profile the rules cannot place)."""
    try:
        return rules.uninspected_scrap_on(vehicle_profile(vehicle), vehicle.inspection_valid_until)
    except ValueError:
        return None


PROFILE_FIELDS = (
    "vehicle_type",
    "use_character",
    "seats",
    "registered_on",
    "manufactured_on",
    "school_bus_sign_on",
    "illegally_modified",
    "injury_accident",
    "use_converted",
    "inspection_valid_until",
    "uninspected_scrap_on",
)


def uninspected_scrap_dates_write(vehicles, model=Vehicle) -> int:
    """Compute ``uninspected_scrap_on`` for ``vehicles`` (instances with the profile fields)
    and write the changed ones, one ``UPDATE`` per distinct date (a few hundred month ends,
    not one statement per vehicle); how many changed. ``model`` may be a migration's
    historical model."""
    changes: dict[date | None, list[int]] = {}
    for vehicle in vehicles:
        scrap_on = uninspected_scrap_date(vehicle)
        if scrap_on != vehicle.uninspected_scrap_on:
            changes.setdefault(scrap_on, []).append(vehicle.pk)
    for scrap_on, ids in changes.items():
        for start in range(0, len(ids), 5000):
            model.objects.filter(pk__in=ids[start : start + 5000]).update(
                uninspected_scrap_on=scrap_on
            )
    return sum(len(ids) for ids in changes.values())


def vehicles_inspection_dates_refresh(*, vehicle_ids: list[int] | None = None) -> int:
    """Recompute ``uninspected_scrap_on`` of the vehicles (all when ``vehicle_ids`` is None)
    and write the changed ones; how many changed. To be called by every write of a vehicle's
    inspection validity or schedule inputs (registration, inspection, use change), in its
    transaction; also the backfill. A derived date, not audited (the write that caused it is)."""
    vehicles = Vehicle.objects.only(*PROFILE_FIELDS).order_by("pk")
    if vehicle_ids is not None:
        vehicles = vehicles.filter(pk__in=vehicle_ids)
    return uninspected_scrap_dates_write(vehicles.iterator(chunk_size=2000))


@transaction.atomic
def vehicle_inspection_pass(*, actor, vehicle_id: int, passed_on: date, basis: str) -> date:
    """Record that the vehicle passed its inspection on ``passed_on`` (a station's pass, or
    a mark-only year's mark issued online): the register's 检验有效期至 moves to the next
    due (``rules.validity_after_pass``, the one home of that rule), ``uninspected_scrap_on``
    follows, the owner's records version is bumped (so the electronic mark shows the new
    date at once). Locks the vehicle row. Audits ``vehicles.inspection.passed`` with
    ``basis`` (what the pass was). Returns the new validity."""
    (vehicle,) = vehicles_lock(vehicle_ids=[vehicle_id])
    before = vehicle.inspection_valid_until
    after = rules.validity_after_pass(vehicle_profile(vehicle), before, passed_on)
    vehicle.inspection_valid_until = after
    scrap_on = uninspected_scrap_date(vehicle)
    Vehicle.objects.filter(pk=vehicle.pk).update(
        inspection_valid_until=after, uninspected_scrap_on=scrap_on
    )
    person_records_changed(person_ids=[vehicle.owner_person_id])
    audit_record(
        actor=actor,
        action="vehicles.inspection.passed",
        subject=vehicle,
        data={
            "basis": basis,
            "passed_on": passed_on.isoformat(),
            "before": before.isoformat(),
            "after": after.isoformat(),
        },
    )
    return after


#: Recording a vehicle confiscated and scrapped by force.
SCRAP_BY_FORCE = "vehicles.add_forcedscrapping"


@transaction.atomic
def vehicle_scrap_by_force(
    *, actor, plate_type: str, plate_number: str, confiscated_on: date, authority: str
) -> ForcedScrapping:
    """Record the registered vehicle bearing ``plate_type`` and ``plate_number``, which reached
    the scrapping standard, as confiscated on ``confiscated_on`` (not after today) by
    ``authority`` and scrapped by force (登记规定 art. 41(3)): it is deregistered and its
    registration certificate, plates and vehicle license are announced void (the disclosure
    list ``vehicles_scrapped_by_force``). Locks the vehicle; bumps its owner's records
    version; audited ``vehicles.vehicle.scrapped_by_force``. Raises ``auth.permission_denied``
    without ``vehicles.add_forcedscrapping`` (``auth.outside_jurisdiction`` for a vehicle of
    another province), ``vehicles.scrapping.authority_missing``,
    ``vehicles.scrapping.date_in_future``, ``vehicles.vehicle.not_found`` (a deregistered
    vehicle is not found by its plate)."""
    permission_require(actor, SCRAP_BY_FORCE)
    authority = (authority or "").strip()
    if not authority:
        raise field_error(
            "vehicles.scrapping.authority_missing", "authority", _("请填写收缴机关。")
        )
    if confiscated_on > clock.today():
        raise field_error(
            "vehicles.scrapping.date_in_future", "confiscated_on", _("收缴日期不能晚于今天。")
        )
    vehicle = (
        Vehicle.objects.select_for_update()
        .filter(plate_type=plate_type, plate_number=(plate_number or "").strip().upper())
        .exclude(status=Vehicle.Status.DEREGISTERED)
        .first()
    )
    if vehicle is None:
        raise NotFound("vehicles.vehicle.not_found", _("没有该号牌种类和号牌号码的在册机动车。"))
    permission_require(actor, SCRAP_BY_FORCE, province_code=vehicle.province_code)
    scrapping = ForcedScrapping.objects.create(
        vehicle=vehicle, confiscated_on=confiscated_on, authority=authority
    )
    vehicle.status = Vehicle.Status.DEREGISTERED
    vehicle.save(update_fields=["status"])
    if vehicle.owner_person_id:
        person_records_changed(person_ids=[vehicle.owner_person_id])
    audit_record(
        actor=actor,
        action="vehicles.vehicle.scrapped_by_force",
        subject=vehicle,
        person_id_number=vehicle.owner_person.id_number if vehicle.owner_person else "",
        data={"confiscated_on": confiscated_on.isoformat(), "authority": authority},
    )
    return scrapping
