"""Pure rules of travel information (DOMAIN §20): no Django."""

from jiaoguan.travel.rules.announcement import (
    CLOSURE_NOTICE_DAYS,
    closure_announced_in_time,
    closure_announcement_deadline,
)
from jiaoguan.travel.rules.fog import FOG_TABLE, FogAdvice, fog_advice
from jiaoguan.travel.rules.geometry import (
    GEOMETRY_TYPES,
    GeometryRefusal,
    centre_of,
    geometry_refusal,
    positions_of,
)
from jiaoguan.travel.rules.lifecycle import (
    TRANSITIONS,
    EventAction,
    EventStatus,
    is_current,
    lanes_ok,
    next_status,
    validity_ok,
)
from jiaoguan.travel.rules.parameters import (
    DEFAULT_BLACK_SPOT_THRESHOLDS,
    DEFAULT_PARAMETERS,
    BlackSpotThresholds,
    TravelParameters,
    is_black_spot,
)

__all__ = [
    "CLOSURE_NOTICE_DAYS",
    "DEFAULT_BLACK_SPOT_THRESHOLDS",
    "DEFAULT_PARAMETERS",
    "FOG_TABLE",
    "GEOMETRY_TYPES",
    "TRANSITIONS",
    "BlackSpotThresholds",
    "EventAction",
    "EventStatus",
    "FogAdvice",
    "GeometryRefusal",
    "TravelParameters",
    "centre_of",
    "closure_announced_in_time",
    "closure_announcement_deadline",
    "fog_advice",
    "geometry_refusal",
    "is_black_spot",
    "is_current",
    "lanes_ok",
    "next_status",
    "positions_of",
    "validity_ok",
]
