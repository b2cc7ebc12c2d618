"""Whole months between two dates, as the overdue-inspection list counts them."""

from datetime import date


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is before a month has passed).

    A month has passed on the same day of the next month: 2026-01-31 → 2026-02-28 is 0,
    → 2026-03-31 is 2 (the day of ``end`` must reach the day of ``start``).
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)
