"""Time and the working-day calendar (DOMAIN.md §0.4, §13.1).

Timestamps are aware and UTC-based; business dates are Asia/Shanghai dates. ``now`` reads
``datetime.now`` so tests can freeze time with freezegun.

Working days come from the ``holidays`` package (``holidays.China``: statutory holidays,
their substituted days off, and the adjusted working weekends, 调休), plus operator
overrides plugged in with ``set_override_provider``. The package only knows a year's
adjusted working weekends once the State Council has published them (each year around
November): keep the package current, or enter the days as overrides.

Which counting each instrument uses (§0.4):

- 162号 art. 110 (licenses), 登记规定 art. 92 (registration: 1/2/3/5/7/10/15 days) and
  处理程序规定 art. 81 (2/3/5/7/10/15 days): **working days**, ``add_working_days``.
- 163号 art. 36 (points: 3/10/30 days): **natural days**, and a last day that is not a
  working day moves to the next working day: ``natural_period_end``.
- 处理程序规定 30-day periods: natural days (an inference, [U]): ``natural_period_end``.
- Temporary-plate validity (登记规定: 15/30/60/90 days, 6 months): plain calendar days,
  no moving: ``date + timedelta`` or ``dateutil.relativedelta``.

In every period the start day itself is not counted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "TIMEZONE",
    "OverrideProvider",
    "add_working_days",
    "day_span",
    "is_working_day",
    "local",
    "natural_period_end",
    "next_working_day",
    "now",
    "set_override_provider",
    "today",
    "working_days_between",
]

TIMEZONE = ZoneInfo("Asia/Shanghai")

#: Returns True/False to force a date to be a working day or not, None for no override.
OverrideProvider = Callable[[date], bool | None]

_override_provider: OverrideProvider | None = None

_ONE_DAY = timedelta(days=1)


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(tz=UTC)


def today() -> date:
    """The current business date: today's date in Asia/Shanghai."""
    return now().astimezone(TIMEZONE).date()


def local(dt: datetime) -> datetime:
    """The same instant in Asia/Shanghai time. Naive datetimes are refused."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: attach a time zone first")
    return dt.astimezone(TIMEZONE)


def day_span(day: date) -> tuple[datetime, datetime]:
    """The first instant of ``day`` in Asia/Shanghai and of the day after (half-open)."""
    start = datetime.combine(day, time.min, tzinfo=TIMEZONE)
    return start, start + _ONE_DAY


def set_override_provider(fn: OverrideProvider | None) -> OverrideProvider | None:
    """Install (or with None remove) the operator's date → is-working-day overrides.

    Returns the provider it replaces, so a caller (a test) can put it back. The provider
    is called once per date examined, so it should be cheap (cached).
    """
    global _override_provider
    previous, _override_provider = _override_provider, fn
    return previous


@functools.cache
def _official_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays and weekends, adjusted working weekends) for ``year``."""
    import holidays  # deferred: importing the package is comparatively slow

    calendar = holidays.China(years=year)  # category PUBLIC only
    days_off = frozenset(day for day in calendar if day.year == year)
    working_weekends = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return days_off, working_weekends


def _official_is_working_day(d: date) -> bool:
    days_off, working_weekends = _official_calendar(d.year)
    if d.weekday() >= 5:
        return d in working_weekends
    return d not in days_off


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day: an operator override, else the official calendar."""
    if _override_provider is not None:
        override = _override_provider(d)
        if override is not None:
            return override
    return _official_is_working_day(d)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d += _ONE_DAY
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (``d`` itself is not counted).

    ``n = 0`` gives ``d`` when it is a working day, else the next working day.
    A period of "3 working days" from an event on ``d`` ends on ``add_working_days(d, 3)``.
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    if n == 0:
        return d if is_working_day(d) else next_working_day(d)
    for _ in range(n):
        d = next_working_day(d)
    return d


def working_days_between(a: date, b: date) -> int:
    """Working days ``d`` with ``a < d <= b``; negative (and symmetric) when ``b < a``.

    For ``n >= 1``, ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    d = a
    while d < b:
        d += _ONE_DAY
        if is_working_day(d):
            count += 1
    return count


def natural_period_end(start: date, days: int) -> date:
    """Last day of a natural-day period (163号 art. 36).

    The period ends ``days`` calendar days after ``start``; when that day is not a
    working day, it ends on the first working day after it.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    end = start + timedelta(days=days)
    return end if is_working_day(end) else next_working_day(end)
