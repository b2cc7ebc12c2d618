"""Stations: registered by the organisation (its administrator), approved by an officer,
and their booking slots opened from their lanes and hours."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import is_region_code
from jiaoguan.identity.actors import (
    Actor,
    OrganisationStaffActor,
    acting,
    permission_denied,
    permission_require,
)
from jiaoguan.identity.selectors import organization_by_id
from jiaoguan.inspections import errors, rules
from jiaoguan.inspections.models import Lane, OpeningHours, Slot, Station

APPROVE = "inspections.approve_station"
#: The organisation role that registers its station: its administrator (who also manages
#: its keys, which the station reports with). Named, not imported: organisations is a sibling.
REGISTER = "organisations.manage_keys"
MAX_LANES = 20
STATION_KIND = "inspection_station"  # identity.Organization.Kind.INSPECTION_STATION


@dataclass(frozen=True)
class LaneSpec:
    name: str
    kind: str
    capacity: int


@dataclass(frozen=True)
class HoursSpec:
    weekday: int
    opens: time
    closes: time


def _check_lanes(lanes: list[LaneSpec]) -> None:
    if not lanes or len(lanes) > MAX_LANES:
        raise errors.station_invalid("lanes", _("检测线数量须在1到20条之间。"))
    for lane in lanes:
        if lane.kind not in Lane.Kind.values:
            raise errors.station_invalid("lanes", _("检测线类别不正确。"))
        if not 1 <= lane.capacity <= 50:
            raise errors.station_invalid("lanes", _("每时段可检车辆数须在1到50之间。"))
        if not lane.name.strip():
            raise errors.station_invalid("lanes", _("请填写检测线名称。"))


def _check_hours(hours: list[HoursSpec]) -> None:
    weekdays = [spec.weekday for spec in hours]
    if not hours or len(set(weekdays)) != len(weekdays):
        raise errors.station_invalid("hours", _("营业时间须每个星期日期至多一条。"))
    for spec in hours:
        if not 0 <= spec.weekday <= 6 or spec.opens >= spec.closes:
            raise errors.station_invalid("hours", _("营业时间不正确：开始时间须早于结束时间。"))


@transaction.atomic
def station_register(
    *,
    actor: Actor,
    name: str,
    address: str,
    region_code: str,
    phone: str,
    lanes: list[LaneSpec],
    hours: list[HoursSpec],
) -> Station:
    """The administrator of an inspection-station organisation registers its station, its
    lanes and weekly hours; it waits for an officer's approval (no slots before). One station
    per organisation. Audits ``inspections.station.registered``."""
    who = acting(actor)
    if not isinstance(who, OrganisationStaffActor) or not who.has_perm(REGISTER):
        raise permission_denied()
    organization = organization_by_id(who.organisation_id)
    if organization.kind != STATION_KIND:
        raise errors.not_a_station()
    if Station.objects.filter(organization=organization).exists():
        raise errors.station_exists()
    if not is_region_code(region_code):
        raise errors.station_invalid("region_code", _("所在地区划代码不正确。"))
    if not name.strip() or not address.strip():
        raise errors.station_invalid("name", _("请填写检验机构名称和地址。"))
    _check_lanes(lanes)
    _check_hours(hours)
    station = Station.objects.create(
        organization=organization,
        name=name.strip()[:100],
        address=address.strip()[:200],
        region_code=region_code,
        province_code=region_code[:2],
        phone=phone.strip()[:20],
        registered_at=clock.now(),
    )
    Lane.objects.bulk_create(
        Lane(station=station, name=lane.name.strip()[:50], kind=lane.kind, capacity=lane.capacity)
        for lane in lanes
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(station=station, weekday=spec.weekday, opens=spec.opens, closes=spec.closes)
        for spec in hours
    )
    audit_record(actor=who, action="inspections.station.registered", subject=station)
    return station


@transaction.atomic
def station_approve(*, actor: Actor, station_id: int) -> Station:
    """An officer of the station's province approves it (``inspections.approve_station``);
    its slots for the booking horizon open at once. Conditional on the pending state.
    Audits ``inspections.station.approved``."""
    permission_require(actor, APPROVE)
    station = Station.objects.select_for_update().filter(pk=station_id).first()
    if station is None:
        raise errors.station_not_found()
    who = permission_require(actor, APPROVE, province_code=station.province_code)
    if station.status != Station.Status.PENDING:
        raise errors.station_state()
    station.status = Station.Status.APPROVED
    station.approved_by_id = who.user_id
    station.approved_at = clock.now()
    station.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=who, action="inspections.station.approved", subject=station)
    slots_open(station_id=station.pk, first_day=clock.today())
    return station


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=clock.TIMEZONE)


def slots_open(
    *,
    station_id: int,
    first_day: date,
    params: rules.AppointmentParameters = rules.DEFAULT_PARAMETERS,
) -> int:
    """Create the missing slots of an approved station's active lanes from ``first_day``
    through the booking horizon, from its weekly hours; existing slots are left alone (a
    unique lane and start). Idempotent: the daily job and the approval both call it. How
    many were created. A derived write (no audit: the approval or the hours are)."""
    station = Station.objects.filter(pk=station_id, status=Station.Status.APPROVED).first()
    if station is None:
        return 0
    hours = {spec.weekday: spec for spec in station.hours.all()}
    lanes = list(station.lanes.filter(is_active=True))
    new = []
    for offset in range(params.horizon_days + 1):
        day = first_day + timedelta(days=offset)
        spec = hours.get(day.weekday())
        if spec is None:
            continue
        for starts, ends in rules.slot_times(day, spec.opens, spec.closes, params):
            for lane in lanes:
                new.append(
                    Slot(
                        lane=lane,
                        starts_at=_aware(starts),
                        ends_at=_aware(ends),
                        capacity=lane.capacity,
                    )
                )
    before = Slot.objects.filter(lane__station=station).count()
    Slot.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return Slot.objects.filter(lane__station=station).count() - before


def stations_slots_open(*, first_day: date) -> int:
    """``slots_open`` for every approved station (the daily job); the slots created."""
    approved = Station.objects.filter(status=Station.Status.APPROVED).values_list("pk", flat=True)
    return sum(slots_open(station_id=pk, first_day=first_day) for pk in approved)
