"""Dates shared by the generator: the population's bounds and cheap year arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
EARLIEST_BIRTH_YEAR = 1940
LATEST_BIRTH_YEAR = 2007
EARLIEST_REGISTRATION = date(2005, 1, 1)


def _years(day: date, years: int) -> date:
    """``day`` moved by whole years, Feb 29 falling back to Feb 28: ``relativedelta`` semantics
    (the rules' convention), without its cost."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def _age(birth: date, on: date) -> int:
    """Completed years, as ``drivers.rules.age_on`` (a Feb 29 birthday counts on Feb 28)."""
    years = on.year - birth.year
    return years - 1 if _years(birth, years) > on else years
