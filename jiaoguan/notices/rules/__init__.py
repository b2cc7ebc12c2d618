"""Pure notice rules: kinds, date thresholds inverted from the domain rules, delivery policy.

No Django here. The domain rules (``vehicles.rules``, ``drivers.rules``) stay the one home of
each date rule; ``thresholds`` turns a rule "anchor → window" into "day → range of anchors"
by bisection, so a scan can filter the register with a plain range on a column.
"""

from .delivery import (
    QuietHours,
    daily_cap_reached,
    next_allowed_moment,
    render,
)
from .kinds import EVENT_ONLY_KINDS, POINTS_REMINDER, NoticeKindCode, points_kind
from .thresholds import anchors_on_or_after, anchors_on_or_before, anchors_with_window_containing

__all__ = [
    "EVENT_ONLY_KINDS",
    "POINTS_REMINDER",
    "NoticeKindCode",
    "QuietHours",
    "anchors_on_or_after",
    "anchors_on_or_before",
    "anchors_with_window_containing",
    "daily_cap_reached",
    "next_allowed_moment",
    "points_kind",
    "render",
]
