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
