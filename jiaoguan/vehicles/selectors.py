"""Reads of the vehicle register, each combined with the rules into dated, explained facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import NotFound
from jiaoguan.identity.actors import Actor
from jiaoguan.identity.selectors import no_permission
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.models import Vehicle

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

UPCOMING_DUES = 3


@dataclass(frozen=True)
class VehicleSchedule:
    """Every date the regulations attach to a vehicle on ``as_of``."""

    next_due: rules.InspectionDue
    window: tuple[date, date]
    window_basis: str
    upcoming: tuple[rules.InspectionDue, ...]
    scrap: rules.ScrapDue
    missed: rules.MissedCycles | None
    status: rules.VehicleStatus


@dataclass(frozen=True)
class VehicleView:
    vehicle: Vehicle
    schedule: VehicleSchedule


def vehicle_profile(vehicle: Vehicle) -> rules.VehicleProfile:
    """The rules' view of a registered vehicle: the one place a model becomes rule input."""
    return rules.VehicleProfile(
        vehicle_type=vehicle.vehicle_type,
        use=rules.UseCharacter(vehicle.use_character),
        seats=vehicle.seats,
        registered_on=vehicle.registered_on,
        manufactured_on=vehicle.manufactured_on,
        school_bus_sign_on=vehicle.school_bus_sign_on,
        illegally_modified=vehicle.illegally_modified,
        injury_accident=vehicle.injury_accident,
        use_converted=vehicle.use_converted,
    )


def vehicle_schedule(
    profile: rules.VehicleProfile,
    *,
    as_of: date,
    valid_until: date | None = None,
    deregistered: bool = False,
) -> VehicleSchedule:
    """The schedule of ``profile`` on ``as_of``; ``valid_until`` is the register's validity.

    Without ``valid_until`` (the public calculator) the vehicle is assumed inspected on time.
    Raises ``ValueError`` for a profile the rules cannot place (unknown type code, ...).
    """
    status = rules.vehicle_status(
        profile, as_of=as_of, valid_until=valid_until, deregistered=deregistered
    )
    next_due = status.next_due or rules.next_inspection(profile, as_of, valid_until=valid_until)
    upcoming = tuple(
        islice(
            (
                due
                for due in rules.inspection_schedule(profile, as_of=as_of)
                if due.due_on > next_due.due_on
            ),
            UPCOMING_DUES,
        )
    )
    return VehicleSchedule(
        next_due=next_due,
        window=rules.inspection_window(next_due, school_bus=profile.is_school_bus),
        window_basis=rules.window_basis(profile),
        upcoming=upcoming,
        scrap=status.scrap or rules.scrap_due(profile),
        missed=status.missed,
        status=status,
    )


def vehicle_view(*, vehicle: Vehicle, as_of: date) -> VehicleView:
    schedule = vehicle_schedule(
        vehicle_profile(vehicle),
        as_of=as_of,
        valid_until=vehicle.inspection_valid_until,
        deregistered=vehicle.status == Vehicle.Status.DEREGISTERED,
    )
    return VehicleView(vehicle=vehicle, schedule=schedule)


def vehicles_of_person(*, person_id: int, as_of: date) -> list[VehicleView]:
    """The vehicles the person owns (the logged-in citizen's own), in registration order."""
    vehicles = Vehicle.objects.filter(owner_person_id=person_id).order_by("registered_on", "pk")
    return [vehicle_view(vehicle=vehicle, as_of=as_of) for vehicle in vehicles]


def vehicles_of_persons(*, person_ids: list[int], as_of: date) -> dict[int, list[VehicleView]]:
    """``vehicles_of_person`` of many people in one query, by person (none: absent)."""
    if not person_ids:
        return {}
    vehicles = Vehicle.objects.filter(owner_person_id__in=person_ids).order_by(
        "registered_on", "pk"
    )
    views: dict[int, list[VehicleView]] = {}
    for vehicle in vehicles:
        assert vehicle.owner_person_id is not None
        views.setdefault(vehicle.owner_person_id, []).append(
            vehicle_view(vehicle=vehicle, as_of=as_of)
        )
    return views


def vehicle_lookup(
    *,
    actor: Actor | User,
    query: str,
    purpose: str,
    as_of: date,
    ip_address: str | None = None,
) -> VehicleView:
    """An officer reads one vehicle by plate number or VIN; audited with its purpose."""
    if not actor.has_perm("vehicles.view_vehicle"):
        raise no_permission()
    value = (query or "").strip().upper()
    vehicle = (
        Vehicle.objects.select_related("owner_person", "owner_organization")
        .filter(Q(plate_number=value) | Q(vin=value))
        .order_by("status", "-registered_on")
        .first()
    )
    if vehicle is None:
        raise NotFound("vehicles.vehicle.not_found", _("没有该号牌号码或车辆识别代号的机动车。"))
    owner = vehicle.owner_person
    audit_record(
        actor=actor,
        action="backoffice.lookup.vehicle",
        subject=vehicle,
        person_id_number=owner.id_number if owner else "",
        purpose=purpose,
        ip_address=ip_address,
    )
    return vehicle_view(vehicle=vehicle, as_of=as_of)


def plate_numbers_in_use(*, plate_type: str, numbers: list[str]):
    """Which of ``numbers`` (of ``plate_type``) a registered, not deregistered vehicle bears:
    a lazy query of plate numbers, so a caller can combine it with its own (one round trip)."""
    return (
        Vehicle.objects.filter(plate_type=plate_type, plate_number__in=numbers)
        .exclude(status=Vehicle.Status.DEREGISTERED)
        .values_list("plate_number", flat=True)
    )


def vehicle_id_for_plate(*, plate_number: str, plate_type: str) -> int | None:
    """The registered vehicle now carrying this plate (the one a camera saw), if any."""
    return (
        Vehicle.objects.filter(plate_number=plate_number, plate_type=plate_type)
        .exclude(status=Vehicle.Status.DEREGISTERED)
        .order_by("-registered_on")
        .values_list("pk", flat=True)
        .first()
    )


def vehicle_owner_person_id(*, vehicle_id: int) -> int | None:
    """The person owning the vehicle (None when an organization owns it)."""
    return Vehicle.objects.filter(pk=vehicle_id).values_list("owner_person_id", flat=True).first()


def vehicle_ids_of_person(*, person_id: int):
    """The ids of the vehicles a person owns (a lazy query, for combining with another)."""
    return Vehicle.objects.filter(owner_person_id=person_id).values_list("pk", flat=True)


def vehicle_ids_of_persons(*, person_ids: list[int]) -> list[tuple[int, int]]:
    """(vehicle id, owner's person id) of the vehicles these people own (one query)."""
    rows = Vehicle.objects.filter(owner_person_id__in=person_ids)
    return [(pk, owner) for pk, owner in rows.values_list("pk", "owner_person_id") if owner]


@dataclass(frozen=True)
class VehicleBrief:
    """What another domain needs to know of a vehicle found by its plate."""

    id: int
    plate_number: str
    owner_person_id: int | None
    small_passenger_car: bool


def vehicle_brief_for_plate(*, plate_number: str) -> VehicleBrief | None:
    """The registered vehicle carrying ``plate_number`` (any plate type), if exactly one."""
    rows = list(
        Vehicle.objects.filter(plate_number=plate_number.strip().upper())
        .exclude(status=Vehicle.Status.DEREGISTERED)
        .values_list("pk", "plate_number", "owner_person_id", "vehicle_type")[:2]
    )
    if len(rows) != 1:
        return None
    pk, number, owner_id, vehicle_type = rows[0]
    category = rules.vehicle_category(vehicle_type)
    return VehicleBrief(pk, number, owner_id, category.is_small_or_micro_passenger)


def vehicles_registered_to_people() -> QuerySet[Vehicle]:
    """Vehicles whose owner is a person and that are still registered (the notice scans)."""
    return Vehicle.objects.filter(owner_person__isnull=False).exclude(
        status=Vehicle.Status.DEREGISTERED
    )


def vehicles_registered_to_person(*, person_id: int) -> list[Vehicle]:
    """The person's vehicles that are not deregistered, oldest registration first."""
    return list(
        Vehicle.objects.filter(owner_person_id=person_id)
        .exclude(status=Vehicle.Status.DEREGISTERED)
        .order_by("registered_on", "pk")
    )


def vehicles_in_register() -> QuerySet[Vehicle]:
    """Every vehicle that is still registered, whoever owns it (the disclosure scans: they
    select plate fields and dates only, never the owner)."""
    return Vehicle.objects.exclude(status=Vehicle.Status.DEREGISTERED)


def vehicles_of_organization(*, organization_id: int) -> QuerySet[Vehicle]:
    """The vehicles an organisation owns, deregistered ones included (its fleet view filters
    them), by plate number."""
    return Vehicle.objects.filter(owner_organization_id=organization_id).order_by(
        "plate_number", "pk"
    )


def vehicles_scrapped_by_force():
    """Records of vehicles confiscated and scrapped by force (登记规定 art. 41(3)), for the
    disclosure scans (the plate through ``vehicle__``)."""
    from jiaoguan.vehicles.models import ForcedScrapping

    return ForcedScrapping.objects.all()


def forced_scrappings_for_officer(*, actor, limit: int = 50, ip_address: str | None = None):
    """The latest vehicles scrapped by force of the officer's province (all for a system
    job), newest first. The officer reads each vehicle's record: one audited read per vehicle
    shown (``backoffice.lookup.forced_scrapping``, with its owner, purpose
    ``public_disclosure``), which the owner sees. Raises ``backoffice.lookup.forbidden``
    without ``vehicles.view_forcedscrapping``."""
    from jiaoguan.audit.purposes import purpose_stored
    from jiaoguan.audit.services import audit_event, audit_record_many
    from jiaoguan.identity.actors import OfficerActor, jurisdiction_of
    from jiaoguan.vehicles.models import ForcedScrapping

    if not actor.has_perm("vehicles.view_forcedscrapping"):
        raise no_permission()
    who = jurisdiction_of(actor)
    scrappings = ForcedScrapping.objects.select_related("vehicle__owner_person")
    if who is None or (isinstance(who, OfficerActor) and not who.office_code):
        scrappings = scrappings.none()
    elif isinstance(who, OfficerActor):
        scrappings = scrappings.filter(vehicle__province_code=who.province_code)
    found = list(scrappings.order_by("-confiscated_on", "-pk")[:limit])
    audit_record_many(
        [
            audit_event(
                actor=actor,
                action="backoffice.lookup.forced_scrapping",
                subject=scrapping.vehicle,
                person_id_number=_owner_number(scrapping.vehicle),
                purpose=purpose_stored("public_disclosure"),
                ip_address=ip_address,
            )
            for scrapping in found
        ]
    )
    return found


def _owner_number(vehicle: Vehicle) -> str:
    """The owning person's identity number, empty for an organisation's vehicle."""
    return vehicle.owner_person.id_number if vehicle.owner_person is not None else ""
