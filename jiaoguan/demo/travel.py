"""Demo travel information: a few road events in the demo jurisdiction's capital, published
through the import service (source ``demo``), so every feed and the 路况与施工 page show them.

Idempotent: nothing is added once the demo's events exist. Times are relative to now: a
current accident and congestion, works with one lane closed, a closure announced six days
ahead, a fog warning with its art. 81 limit, and an accident black spot."""

from __future__ import annotations

from datetime import timedelta

from jiaoguan.core import clock
from jiaoguan.identity.actors import system_actor
from jiaoguan.travel.models import RoadEvent
from jiaoguan.travel.services import events_import

SOURCE = "demo"


def _feature(reference: str, geometry: dict, **properties) -> dict:
    return {"type": "Feature", "id": reference, "geometry": geometry, "properties": properties}


def _at(delta: timedelta) -> str:
    return clock.local(clock.now() + delta).replace(second=0, microsecond=0).isoformat()


def demo_features(region_code: str) -> list[dict]:
    """The demo's events, placed around Nanjing's coordinates (the demo's default capital)."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    return [
        _feature(
            "accident-g2",
            {"type": "Point", "coordinates": [118.9125, 32.0871]},
            kind="accident", title="三车追尾，占用两条车道", road_name="G2京沪高速",
            direction="eastbound", region_code=region_code, severity="severe",
            lanes_total=3, lanes_affected=2, starts_at=_at(-hour / 2), ends_at=_at(2 * hour),
            description="事故车辆正在清理，请减速慢行，注意避让。",
        ),
        _feature(
            "congestion-yangzi-bridge",
            {"type": "LineString", "coordinates": [[118.7365, 32.1159], [118.7446, 32.1034]]},
            kind="congestion", title="长江大桥南向缓行", road_name="南京长江大桥",
            direction="southbound", region_code=region_code, severity="minor",
            starts_at=_at(-hour), ends_at=_at(hour),
        ),
        _feature(
            "works-s38",
            {"type": "LineString", "coordinates": [[118.98, 31.93], [119.03, 31.92]]},
            kind="works", title="路面养护施工，封闭内侧车道", road_name="S38常合高速",
            direction="westbound", region_code=region_code, severity="moderate",
            lanes_total=2, lanes_affected=1, starts_at=_at(-day), ends_at=_at(3 * day),
        ),
        _feature(
            "closure-ramp",
            {"type": "Point", "coordinates": [118.8553, 31.9876]},
            kind="closure", title="机场高速双龙大道匝道封闭施工", road_name="S55宁宣高速",
            direction="both", region_code=region_code, severity="severe",
            starts_at=_at(6 * day), ends_at=_at(8 * day),
            description="封闭期间请经绕城公路绕行。",
        ),
        _feature(
            "fog-g25",
            {
                "type": "Polygon",
                "coordinates": [
                    [[118.60, 32.20], [118.75, 32.20], [118.75, 32.32], [118.60, 32.32],
                     [118.60, 32.20]]
                ],
            },
            kind="weather", title="团雾，能见度不足100米", road_name="G25长深高速",
            direction="both", region_code=region_code, severity="severe",
            visibility_m=80, starts_at=_at(-hour), ends_at=_at(4 * hour),
        ),
        _feature(
            "black-spot-g312",
            {"type": "LineString", "coordinates": [[119.05, 32.12], [119.09, 32.13]]},
            kind="black_spot", title="事故多发路段：连续下坡急弯", road_name="G312沪霍线",
            direction="both", region_code=region_code, severity="moderate",
            starts_at=_at(-30 * day), ends_at=None,
        ),
    ]  # fmt: skip


def ensure_demo_travel(*, region_code: str, number: int) -> list[str]:
    """Publish the demo's road events unless they exist; the banner's lines about them."""
    if not RoadEvent.objects.filter(source=SOURCE).exists():
        events_import(
            actor=system_actor("demo"),
            collection={"type": "FeatureCollection", "features": demo_features(region_code)},
            source=SOURCE,
        )
    count = RoadEvent.objects.filter(source=SOURCE, status=RoadEvent.Status.PUBLISHED).count()
    return [
        f"  {number}. 路况信息 /travel/：{count} 条演示路况事件，地图 /travel/map/，"
        "接口 /api/v1/travel/feeds/geojson（以及 cap、datex2、wzdx）。"
    ]
