"""Inspection stations for tests: opened at the counter (organisations), registered by their
administrator and approved by an officer, through the services; citizens with cars."""

from datetime import datetime, time, timedelta

from jiaoguan.core import clock
from jiaoguan.identity.models import PartnerKey
from jiaoguan.inspections import services
from jiaoguan.inspections.models import Slot, Station
from jiaoguan.inspections.services.stations import HoursSpec, LaneSpec
from tests.api.partners import make_partner_key
from tests.identity.factories import make_citizen, make_office, make_officer
from tests.organisations.factories import open_account
from tests.vehicles.factories import make_vehicle

EVERY_DAY = [HoursSpec(weekday, time(8, 30), time(17, 0)) for weekday in range(7)]


def approving_officer(province: str = "32"):
    from jiaoguan.identity.models import User

    username = f"jc-insp{province}"
    officer = User.objects.filter(username=username).first()
    if officer is None:
        office = make_office(
            code=f"{province}0100000000", name=f"{province}车管所", region=f"{province}0100"
        )
        officer = make_officer(
            username=username,
            office=office,
            permissions=("inspections.approve_station", "inspections.change_inspectionresult"),
        )
    return officer


def make_station(
    *,
    region_code: str = "320102",
    lanes: list[LaneSpec] | None = None,
    hours: list[HoursSpec] | None = None,
    approved: bool = True,
    name: str | None = None,
) -> Station:
    account, _staff, admin = open_account(kind="inspection_station")
    station = services.station_register(
        actor=admin,
        name=name or f"{account.organization.name}检测站",
        address="南京市玄武区测试路1号",
        region_code=region_code,
        phone="025-12345678",
        lanes=lanes or [LaneSpec("1号小型汽车线", "small", 2)],
        hours=hours or EVERY_DAY,
    )
    if approved:
        station = services.station_approve(
            actor=approving_officer(region_code[:2]), station_id=station.pk
        )
    return station


def station_key(station: Station):
    return make_partner_key(
        organization=station.organization, scopes=(PartnerKey.Scope.INSPECTION_RESULTS,)
    )


def slot_of(station: Station, *, days: int = 1, hour: int = 9, kind: str = "small") -> Slot:
    """The station's slot ``days`` from today at ``hour``:00 on its first lane of ``kind``."""
    day = clock.today() + timedelta(days=days)
    at = datetime.combine(day, time(hour, 0), tzinfo=clock.TIMEZONE)
    return Slot.objects.get(lane__station=station, lane__kind=kind, starts_at=at)


def citizen_with_car(*, traits=("in_window",), **fields):
    """A citizen account and a car of theirs (in its inspection window by default)."""
    user = make_citizen()
    vehicle = make_vehicle(owner=user.person, traits=traits, **fields)
    return user, vehicle
