"""Dates of number selection: segment lead time and hold expiry (DOMAIN.md §6.3, §13.6).

Both periods are working days (登记规定 art. 92 counts its short periods in working days;
the values themselves are local configuration, [U]). The start day is not counted.
"""

from __future__ import annotations

from datetime import date

from jiaoguan.core import clock


def earliest_segment_start(published_on: date, lead_working_days: int) -> date:
    """The first day a segment published on ``published_on`` may open for selection."""
    return clock.add_working_days(published_on, lead_working_days)


def segment_start_allowed(published_on: date, starts_on: date, lead_working_days: int) -> bool:
    """Whether a segment starting on ``starts_on`` is announced far enough ahead."""
    return starts_on >= earliest_segment_start(published_on, lead_working_days)


def hold_expires_on(held_on: date, hold_working_days: int) -> date:
    """The last day of a hold taken on ``held_on``: the n-th working day after it."""
    return clock.add_working_days(held_on, hold_working_days)


def hold_expired(held_on: date, hold_working_days: int, today: date) -> bool:
    """Whether a hold taken on ``held_on`` has lapsed by ``today`` (it runs to its last day)."""
    return today > hold_expires_on(held_on, hold_working_days)
