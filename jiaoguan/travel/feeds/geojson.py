"""The GeoJSON feed (RFC 7946): one FeatureCollection, a Feature per current event whose
``id`` is the event's public id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jiaoguan.travel.feeds.common import iso_local
from jiaoguan.travel.models import RoadEvent


def event_properties(event: RoadEvent) -> dict[str, Any]:
    """The properties of an event's Feature (also what ``events_import`` reads back)."""
    return {
        "kind": event.kind,
        "kind_name": str(event.get_kind_display()),
        "title": event.title,
        "description": event.description,
        "region_code": event.region_code,
        "road_name": event.road_name,
        "direction": event.direction,
        "lanes_total": event.lanes_total,
        "lanes_affected": event.lanes_affected,
        "severity": event.severity,
        "starts_at": iso_local(event.starts_at),
        "ends_at": iso_local(event.ends_at) if event.ends_at else None,
        "emergency": event.emergency,
        "visibility_m": event.visibility_m,
        "speed_limit_kmh": event.speed_limit_kmh,
        "minimum_gap_m": event.minimum_gap_m,
        "version": event.version,
        "published_at": iso_local(event.published_at) if event.published_at else None,
        "updated_at": iso_local(event.updated_at),
    }


def feature_collection(events: Iterable[RoadEvent], *, generated_at) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "generated_at": iso_local(generated_at),
        "features": [
            {
                "type": "Feature",
                "id": str(event.public_id),
                "geometry": event.geometry,
                "properties": event_properties(event),
            }
            for event in events
        ],
    }
