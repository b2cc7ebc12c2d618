"""Advance notice of road closures (实施条例 art. 35 ¶2, DOMAIN §20.2) [P]: closing a road for
works is announced 5 days ahead, except in emergencies."""

from __future__ import annotations

from datetime import datetime, timedelta

#: The legal minimum lead of a closure's announcement, in natural days [P].
CLOSURE_NOTICE_DAYS = 5


def closure_announcement_deadline(starts_at: datetime, *, notice_days: int) -> datetime:
    """The latest moment a closure starting at ``starts_at`` may be announced: exactly
    ``notice_days`` × 24 h before it (natural days, counted to the minute)."""
    return starts_at - timedelta(days=notice_days)


def closure_announced_in_time(
    *, published_at: datetime, starts_at: datetime, emergency: bool, notice_days: int
) -> bool:
    """Whether a closure published at ``published_at`` respects the lead time: at least
    ``notice_days`` before it starts, or any time in an emergency (art. 35 ¶2's exception)."""
    if emergency:
        return True
    return published_at <= closure_announcement_deadline(starts_at, notice_days=notice_days)
