"""The public events list (``GET /api/v1/travel/events``): one entry per current event."""

from jiaoguan.travel.feeds.common import iso_local


def event_items(events) -> list[dict]:
    return [
        {
            "id": str(event.public_id),
            "kind": event.kind,
            "kind_name": str(event.get_kind_display()),
            "title": event.title,
            "road_name": event.road_name,
            "direction": event.direction,
            "region_code": event.region_code,
            "severity": event.severity,
            "lanes_total": event.lanes_total,
            "lanes_affected": event.lanes_affected,
            "starts_at": iso_local(event.starts_at),
            "ends_at": iso_local(event.ends_at) if event.ends_at else None,
            "speed_limit_kmh": event.speed_limit_kmh,
            "version": event.version,
            "geometry": event.geometry,
        }
        for event in events
    ]
