"""An event's life: the statuses, the actions between them (a table, ARCHITECTURE rule 12)
and when a published event is current."""

from __future__ import annotations

import enum
from datetime import datetime


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class EventAction(enum.StrEnum):
    PUBLISH = "publish"
    UPDATE = "update"
    WITHDRAW = "withdraw"


#: (status, action) -> the status after it; any pair not here is refused.
TRANSITIONS: dict[tuple[EventStatus, EventAction], EventStatus] = {
    (EventStatus.DRAFT, EventAction.PUBLISH): EventStatus.PUBLISHED,
    (EventStatus.DRAFT, EventAction.UPDATE): EventStatus.DRAFT,
    (EventStatus.DRAFT, EventAction.WITHDRAW): EventStatus.WITHDRAWN,
    (EventStatus.PUBLISHED, EventAction.UPDATE): EventStatus.PUBLISHED,
    (EventStatus.PUBLISHED, EventAction.WITHDRAW): EventStatus.WITHDRAWN,
}


def next_status(status: EventStatus | str, action: EventAction | str) -> EventStatus | None:
    """The status ``action`` leads to from ``status``, ``None`` when the table forbids it."""
    return TRANSITIONS.get((EventStatus(status), EventAction(action)))


def validity_ok(starts_at: datetime, ends_at: datetime | None) -> bool:
    """Whether a validity holds: open-ended, or ending after it starts."""
    return ends_at is None or ends_at > starts_at


def is_current(*, status: EventStatus | str, ends_at: datetime | None, now: datetime) -> bool:
    """Whether an event belongs in the feeds: published and not yet ended (an event that
    starts later, such as an announced closure, is shown ahead of time)."""
    return EventStatus(status) == EventStatus.PUBLISHED and (ends_at is None or ends_at > now)


def lanes_ok(lanes_affected: int, lanes_total: int | None) -> bool:
    """Whether the lane counts hold: none negative, a road of at least one lane, no more lanes
    affected than it has (``lanes_total`` ``None``: not known)."""
    if lanes_affected < 0 or (lanes_total is not None and lanes_total < 1):
        return False
    return lanes_total is None or lanes_affected <= lanes_total
