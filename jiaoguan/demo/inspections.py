"""The demo's inspection station (DOMAIN §15): the demo station organisation
(「示范机动车检测有限公司」, administrator org0007) gets an approved station with three lanes
and this fortnight's slots, and 张伟, whose small car is in its inspection window, also gets
a car in a mark-only year (year 4) so the online mark can be tried.

Created through the models for the station (demo data; an officer's approval is what
``inspections.services.station_approve`` records), through ``slots_open`` for the slots.
Idempotent: the station is recognised by its organisation, the extra car by its VIN."""

from __future__ import annotations

from datetime import time, timedelta

from dateutil.relativedelta import relativedelta

from jiaoguan.core import clock
from jiaoguan.core.dates import month_end
from jiaoguan.core.ids import vin_check_digit
from jiaoguan.identity.models import Organization, User
from jiaoguan.inspections.models import Insurance, Lane, OpeningHours, Station
from jiaoguan.inspections.selectors import inspection_states_of_person
from jiaoguan.inspections.services import slots_open
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.vehicles.services import vehicles_inspection_dates_refresh

STATION_ORGANISATION = "示范机动车检测有限公司"
LANES = (
    ("1号小型汽车检测线", "small", 3),
    ("2号大型汽车检测线", "large", 1),
    ("3号摩托车检测线", "motorcycle", 2),
)
MARK_CAR_BODY = "LFV2A21K0P4000401"


def _station(organization: Organization) -> Station:
    station = Station.objects.filter(organization=organization).first()
    if station is not None:
        return station
    now = clock.now()
    station = Station.objects.create(
        organization=organization,
        name="示范机动车检测站",
        address="示范市高新区检测路8号",
        region_code=organization.region_code,
        province_code=organization.region_code[:2],
        phone="025-58880000",
        status=Station.Status.APPROVED,
        registered_at=now,
        approved_at=now,
    )
    Lane.objects.bulk_create(
        Lane(station=station, name=name, kind=kind, capacity=capacity)
        for name, kind, capacity in LANES
    )
    hours = [(weekday, time(8, 30), time(17, 0)) for weekday in range(6)]
    hours.append((6, time(9, 0), time(12, 0)))
    OpeningHours.objects.bulk_create(
        OpeningHours(station=station, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in hours
    )
    return station


def _mark_only_car(citizen: User) -> Vehicle:
    """A private car registered four years before next month: its year-4 due is mark-only
    and its window is open."""
    vin = MARK_CAR_BODY[:8] + vin_check_digit(MARK_CAR_BODY) + MARK_CAR_BODY[9:]
    found = Vehicle.objects.filter(vin=vin).first()
    if found is not None:
        return found
    next_month = clock.today() + relativedelta(months=1)
    registered = (next_month - relativedelta(years=4)).replace(day=10)
    vehicle = Vehicle.objects.create(
        vin=vin,
        plate_number="苏A5M4J8",
        plate_type="02",
        vehicle_type="K33",
        brand_model="吉利牌MR7152C01",
        use_character="non_operating",
        seats=5,
        manufactured_on=registered - relativedelta(months=2),
        registered_on=registered,
        owner_person=citizen.person,
        inspection_valid_until=month_end(next_month),
    )
    vehicles_inspection_dates_refresh(vehicle_ids=[vehicle.pk])
    return vehicle


def _insurance(*, vehicle_ids: list[int]) -> None:
    """A valid 交强险 (and this year's 车船税) for each demo car, as an insurer would report
    it, so the preconditions are checked in the demo (a lapsed one would refuse)."""
    today = clock.today()
    for vehicle_id in vehicle_ids:
        Insurance.objects.get_or_create(
            vehicle_id=vehicle_id,
            defaults={
                "insurer": "中国人民财产保险股份有限公司",
                "policy_number": f"PDZA{today.year}{vehicle_id:010d}",
                "insured_until": today + timedelta(days=200),
                "vehicle_tax_year": today.year,
                "reported_at": clock.now(),
            },
        )


def ensure_demo_inspections(*, citizen: User | None, number: int) -> list[str]:
    """Create the demo station and 张伟's mark-only car if missing, open the slots; the
    banner lines."""
    organization = Organization.objects.filter(name=STATION_ORGANISATION).first()
    if organization is None or citizen is None or citizen.person is None:
        return []
    station = _station(organization)
    slots_open(station_id=station.pk, first_day=clock.today())
    _mark_only_car(citizen)
    states = inspection_states_of_person(person_id=citizen.person.pk)
    _insurance(vehicle_ids=[state.vehicle_id for state in states])
    bookable = [s.plate_number for s in states if s.in_window and not s.mark_only]
    mark_only = [s.plate_number for s in states if s.mark_only and not s.mark_refusals]
    return [
        f"  {number}. 机动车检验：{citizen.person.name} 登录后打开 /me/inspections/，"
        f"在「{station.name}」预约检验（可预约：{'、'.join(bookable) or '无'}；"
        f"免检可立即申领：{'、'.join(mark_only) or '无'}）。",
        "     检验机构管理员 org0007 在 /org/keys/ 创建 inspections.results 密钥后，"
        "经 POST /api/v1/partner/inspections/results 报送结果；"
        "民警在后台审核检验机构、核查里程表异常。",
    ]
