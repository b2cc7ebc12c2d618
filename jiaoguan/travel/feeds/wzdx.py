"""The WZDx 4.2 feed (Work Zone Data Exchange, US DOT): works and closures as ``work-zone``
road events in a GeoJSON FeatureCollection with ``feed_info``.

WZDx requires an end date and a LineString or MultiPoint geometry: an event open-ended
("until further notice") is left out of this feed (it is in every other feed); a point is
written as a MultiPoint of that point twice (start and end), an area as its outer ring."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from jiaoguan.travel.feeds.common import PUBLISHER, iso_utc
from jiaoguan.travel.models import RoadEvent

VERSION = "4.2"
DATA_SOURCE_ID = "jiaoguan-travel"
KINDS = (RoadEvent.Kind.WORKS, RoadEvent.Kind.CLOSURE)

_DIRECTION = {
    RoadEvent.Direction.NORTHBOUND: "northbound",
    RoadEvent.Direction.SOUTHBOUND: "southbound",
    RoadEvent.Direction.EASTBOUND: "eastbound",
    RoadEvent.Direction.WESTBOUND: "westbound",
    RoadEvent.Direction.BOTH: "undefined",
    RoadEvent.Direction.UNKNOWN: "unknown",
}


def _geometry(geometry: dict) -> dict:
    if geometry["type"] == "LineString":
        return geometry
    if geometry["type"] == "Point":
        return {"type": "MultiPoint", "coordinates": [geometry["coordinates"]] * 2}
    return {"type": "LineString", "coordinates": geometry["coordinates"][0]}


def _vehicle_impact(event: RoadEvent) -> str:
    if event.kind == RoadEvent.Kind.CLOSURE:
        return "all-lanes-closed"
    if event.lanes_total is not None and event.lanes_affected >= event.lanes_total:
        return "all-lanes-closed"
    if event.lanes_affected:
        return "some-lanes-closed"
    return "unknown"


def included(event: RoadEvent) -> bool:
    return event.kind in KINDS and event.ends_at is not None


def feature(event: RoadEvent) -> dict[str, Any]:
    assert event.ends_at is not None
    core = {
        "event_type": "work-zone",
        "data_source_id": DATA_SOURCE_ID,
        "road_names": [event.road_name],
        "direction": _DIRECTION[RoadEvent.Direction(event.direction)],
        "name": event.title,
        "update_date": iso_utc(event.updated_at),
    }
    if event.description:
        core["description"] = event.description
    return {
        "id": str(event.public_id),
        "type": "Feature",
        "properties": {
            "core_details": core,
            "start_date": iso_utc(event.starts_at),
            "end_date": iso_utc(event.ends_at),
            "is_start_date_verified": True,
            "is_end_date_verified": False,
            "is_start_position_verified": False,
            "is_end_position_verified": False,
            "location_method": "unknown",
            "vehicle_impact": _vehicle_impact(event),
        },
        "geometry": _geometry(event.geometry),
    }


def feed(events: Iterable[RoadEvent], *, now: datetime, contact_email: str) -> dict[str, Any]:
    return {
        "feed_info": {
            "publisher": PUBLISHER,
            "version": VERSION,
            "update_date": iso_utc(now),
            "data_sources": [
                {
                    "data_source_id": DATA_SOURCE_ID,
                    "organization_name": _("公安交通管理部门"),
                    "contact_email": contact_email,
                    "update_date": iso_utc(now),
                }
            ],
        },
        "type": "FeatureCollection",
        "features": [feature(event) for event in events if included(event)],
    }


_DIRECTION_BACK: dict[str, str] = {value: key for key, value in _DIRECTION.items()}


def _moment(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a date-time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{name} needs a time zone")
    return moment


def _geometry_back(geometry: Any) -> Any:
    """A WZDx geometry as an event's: a MultiPoint of one place repeated is that point, other
    MultiPoints the line through their points; a LineString as it is."""
    if not isinstance(geometry, dict) or geometry.get("type") != "MultiPoint":
        return geometry
    points = geometry.get("coordinates") or []
    if points and all(point == points[0] for point in points):
        return {"type": "Point", "coordinates": points[0]}
    return {"type": "LineString", "coordinates": points}


def event_fields(feature: Any, *, region_code: str) -> tuple[str, dict[str, Any]] | None:
    """The reference and event fields of one WZDx 4.x road event feature (a work zone) placed
    in ``region_code`` (WZDx carries no Chinese region code); ``None`` for a detour, which is
    not an event of its own here. ``ValueError`` with the reason for what is not a WZDx
    work-zone feature. Every work zone is imported as works (a WZDx feed announces its own
    closures: they are not checked against the 5 days' notice); ``all-lanes-closed`` makes
    it severe."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    properties = feature.get("properties")
    core = properties.get("core_details") if isinstance(properties, dict) else None
    if not isinstance(core, dict):
        raise ValueError("a WZDx feature needs properties.core_details")
    if core.get("event_type") == "detour":
        return None
    if core.get("event_type") != "work-zone":
        raise ValueError("event_type must be work-zone or detour")
    reference = str(feature.get("id") or "")
    if not reference:
        raise ValueError("a WZDx feature needs an id")
    assert isinstance(properties, dict)
    roads = [str(name) for name in core.get("road_names") or [] if name]
    given = properties.get("lanes")
    lanes: list[Any] = given if isinstance(given, list) else []
    closed = len(
        [lane for lane in lanes if isinstance(lane, dict) and lane.get("status") == "closed"]
    )
    impact = properties.get("vehicle_impact")
    description = str(core.get("description") or "")
    road_name = " / ".join(roads)[:100]
    title = str(core.get("name") or description[:100] or _("%(road)s施工") % {"road": road_name})
    return reference, {
        "kind": RoadEvent.Kind.WORKS,
        "title": title[:100],
        "description": description,
        "geometry": _geometry_back(feature.get("geometry")),
        "region_code": region_code,
        "road_name": road_name,
        "direction": _DIRECTION_BACK.get(str(core.get("direction")), RoadEvent.Direction.UNKNOWN),
        "lanes_total": len(lanes) or None,
        "lanes_affected": closed,
        "severity": (
            RoadEvent.Severity.SEVERE
            if impact == "all-lanes-closed"
            else RoadEvent.Severity.MODERATE
        ),
        "starts_at": _moment(properties.get("start_date"), "start_date"),
        "ends_at": _moment(properties.get("end_date"), "end_date"),
    }
