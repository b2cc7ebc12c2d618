"""Late reports (事故程序规定 art. 18), the guided photos and their capture checks.

Pure: no Django (``core.clock``'s working-day calendar is pure).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from jiaoguan.applications.rules.accidents import LATE_DECISION_WORKING_DAYS
from jiaoguan.core import clock

__all__ = [
    "LATE_AFTER",
    "LATE_DECISION_WORKING_DAYS",
    "MIN_PHOTOS",
    "PhotoCheck",
    "PhotoKind",
    "distance_m",
    "late_report_decision_due",
    "photo_check",
    "photos_complete",
    "report_is_late",
]

#: Art. 18: the police decide within 3 working days whether to take a late report (the
#: statutory clock of the case's ``late_reported`` stage, where the number lives).
#: A report made this long after the accident is a late report (补报). Product default [U].
LATE_AFTER = timedelta(hours=24)
#: At least 3 guided photos (12123: front-side, rear-side, collision point).
MIN_PHOTOS = 3
#: A photo taken further than this from the reported place, or this long before or after
#: the reported time, is flagged for the officer. Product defaults [U].
PHOTO_MAX_DISTANCE_M = 500.0
PHOTO_MAX_TIME_GAP = timedelta(hours=2)


class PhotoKind(StrEnum):
    FRONT_SIDE = "front_side"
    REAR_SIDE = "rear_side"
    COLLISION_POINT = "collision_point"
    SCENE = "scene"  # optional fourth


REQUIRED_PHOTOS = (PhotoKind.FRONT_SIDE, PhotoKind.REAR_SIDE, PhotoKind.COLLISION_POINT)


def report_is_late(*, occurred_at: datetime, reported_at: datetime) -> bool:
    return reported_at - occurred_at > LATE_AFTER


def late_report_decision_due(reported_on: date) -> date:
    """The last day the police may decide whether to take a late report made on
    ``reported_on``: 3 working days after it (a report on a holiday counts from the
    next working day)."""
    return clock.add_working_days(reported_on, LATE_DECISION_WORKING_DAYS)


def photos_complete(kinds: list[str] | tuple[str, ...]) -> bool:
    """Every required photo is there and there are at least ``MIN_PHOTOS``."""
    return len(kinds) >= MIN_PHOTOS and all(kind in kinds for kind in REQUIRED_PHOTOS)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    radius = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class PhotoCheck:
    """Whether a photo's capture time and place agree with the report; a photo without
    them (stripped metadata) is flagged, not refused."""

    time_ok: bool | None
    place_ok: bool | None

    @property
    def flagged(self) -> bool:
        return self.time_ok is not True or self.place_ok is not True


def photo_check(
    *,
    occurred_at: datetime,
    latitude: float,
    longitude: float,
    taken_at: datetime | None,
    taken_latitude: float | None,
    taken_longitude: float | None,
) -> PhotoCheck:
    time_ok = None if taken_at is None else abs(taken_at - occurred_at) <= PHOTO_MAX_TIME_GAP
    place_ok = None
    if taken_latitude is not None and taken_longitude is not None:
        gap = distance_m(latitude, longitude, taken_latitude, taken_longitude)
        place_ok = gap <= PHOTO_MAX_DISTANCE_M
    return PhotoCheck(time_ok, place_ok)
