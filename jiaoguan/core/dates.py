"""Calendar arithmetic shared by every rule: one convention for the whole platform.

Adding years or months lands on the same day of the month; a day that does not exist in the
target month (Feb 29 in a common year, Aug 31 + 6 months) falls back to the last day of that
month. That is ``dateutil.relativedelta``'s behavior (computed here directly, as these run on
every status query) and matches 民法典 art. 201
("没有对应日的，月末日为期间的最后一日"). Always add from the original anchor
(``anchor + n years``), never step year by year, so a Feb 29 anchor returns to Feb 29 in leap
years. Pure: no Django.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)

# The dates the platform accepts from outside (forms, API, URLs): wide enough for every birth,
# licence and registration date and for any period added to them (100 years on 2199 still
# fits a ``date``), narrow enough that no rule overflows. Checked at every entry point by
# ``core.forms.DateField``, ``api.types.InputDate`` and ``in_supported_range``.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def in_supported_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def add_months(anchor: date, months: int) -> date:
    """``anchor`` moved by whole months; a missing day becomes the month's last day."""
    year, month = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
    month += 1
    return date(year, month, min(anchor.day, monthrange(year, month)[1]))


def add_years(anchor: date, years: int) -> date:
    """``anchor`` moved by whole years; Feb 29 becomes Feb 28 in a common year."""
    return add_months(anchor, 12 * years)


def add_days(anchor: date, days: int) -> date:
    """``anchor`` moved by natural (calendar) days."""
    return anchor + timedelta(days=days)


def completed_years(anchor: date, on: date) -> int:
    """Whole years from ``anchor`` to ``on``: the largest n with ``add_years(anchor, n) <= on``.

    Raises ``ValueError`` when ``on`` is before ``anchor``.
    """
    if on < anchor:
        raise ValueError(f"{on.isoformat()} is before {anchor.isoformat()}")
    years = on.year - anchor.year
    if add_years(anchor, years) > on:
        years -= 1
    return years


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month (days ignored)."""
    return (end.year - start.year) * 12 + end.month - start.month
