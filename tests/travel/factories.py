"""Road events for tests: officers of the travel role and events made through the services.

``make_travel_officer()`` is a Nanjing officer holding the 路况信息员 permissions;
``make_event(**fields)`` a published accident on G2 in Nanjing (320100) unless fields say
otherwise (``publish=False``: a draft)."""

import itertools
from datetime import timedelta

from jiaoguan.core import clock
from jiaoguan.travel import services
from jiaoguan.travel.models import RoadEvent
from tests.identity.factories import make_office, make_officer

_sequence = itertools.count(1)

POINT = {"type": "Point", "coordinates": [118.7969, 32.0603]}
LINE = {"type": "LineString", "coordinates": [[118.70, 32.00], [118.75, 32.02], [118.80, 32.05]]}
AREA = {
    "type": "Polygon",
    "coordinates": [[[118.7, 32.0], [118.9, 32.0], [118.9, 32.2], [118.7, 32.2], [118.7, 32.0]]],
}


def make_travel_officer(*, region: str = "320100", **fields):
    office = make_office(code=f"{region}000000", region=region)
    return make_officer(
        username=fields.pop("username", f"lk{next(_sequence):04d}"),
        permissions=("travel.publish_roadevent", "travel.view_roadevent"),
        office=office,
        **fields,
    )


def make_event(*, actor=None, publish: bool = True, **fields) -> RoadEvent:
    actor = actor or make_travel_officer()
    defaults = {
        "kind": RoadEvent.Kind.ACCIDENT,
        "title": f"追尾事故{next(_sequence)}",
        "geometry": POINT,
        "region_code": "320100",
        "road_name": "G2京沪高速",
        "direction": RoadEvent.Direction.SOUTHBOUND,
        "lanes_total": 3,
        "lanes_affected": 1,
        "severity": RoadEvent.Severity.MODERATE,
        "starts_at": clock.now() - timedelta(minutes=30),
        "ends_at": clock.now() + timedelta(hours=2),
    }
    return services.event_draft(actor=actor, publish=publish, **{**defaults, **fields})
