"""Two licensed drivers, each with a registered car, and an accident one of them reported."""

from datetime import timedelta

from jiaoguan.accidents import services
from jiaoguan.accidents.models import Accident
from jiaoguan.accidents.rules.eligibility import Facts
from jiaoguan.core import clock
from jiaoguan.identity.models import User
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen

ELIGIBLE = Facts(vehicles=2, injured=False, both_insured=True, both_licensed=True, movable=True)


def make_driver(**license_fields) -> User:
    """A citizen account whose person holds a valid C1 licence."""
    licence = make_license(**license_fields)
    return make_citizen(person=licence.person)


def vehicle(plate: str = "苏A12345", **fields) -> dict:
    return {
        "plate_type": "02",
        "plate_number": plate,
        "insurer": "中国人民财产保险股份有限公司",
        "policy_number": "PDZA2026320100000001",
        "collision_point": "前保险杠",
        **fields,
    }


def report(driver: User, *, facts: Facts = ELIGIBLE, **fields) -> Accident:
    values = {
        "occurred_at": clock.now() - timedelta(minutes=5),
        "place": "南京市玄武区北京东路与太平北路交叉口",
        "latitude": "32.0561",
        "longitude": "118.7969",
        "region_code": "320102",
        "weather": "sunny",
        "kind": "rear_end",
        **vehicle(),
        **fields,
    }
    return services.accident_report(actor=driver, facts=facts, **values)


def joined(a: User, b: User) -> Accident:
    accident = report(a)
    return services.accident_join(
        actor=b, code=accident.join_code, **vehicle("苏B54321", collision_point="后保险杠")
    )
