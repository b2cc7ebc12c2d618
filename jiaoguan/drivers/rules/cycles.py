"""Scoring cycles (记分周期), DOMAIN.md §4.1; 163号 art. 3.

Cycle k (k = 0, 1, 2, ...) is [anniversary(k), anniversary(k + 1) - 1 day], where
anniversary(k) = first issue date + k years computed from the first issue date itself. A Feb 29
first issue therefore has its anniversary on Feb 28 in common years and Feb 29 in leap years, and
cycles never gap or overlap: each is 365 or 366 days long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaoguan.core.dates import ONE_DAY, add_years, completed_years

from .basis import Basis


@dataclass(frozen=True, slots=True)
class CycleSpan:
    """One scoring cycle: its 0-based index and first and last days (both included)."""

    index: int
    starts_on: date
    ends_on: date
    basis: Basis = Basis.CYCLE_ANCHORED

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def cycle_bounds(first_issued_on: date, index: int) -> tuple[date, date]:
    """First and last day of cycle ``index`` (0 is the cycle starting on the first issue date)."""
    if index < 0:
        raise ValueError(f"cycle index must be 0 or more, got {index}")
    return add_years(first_issued_on, index), add_years(first_issued_on, index + 1) - ONE_DAY


def cycle_index(first_issued_on: date, as_of: date) -> int:
    """0-based index of the cycle containing ``as_of``; ``ValueError`` if before first issue."""
    if as_of < first_issued_on:
        raise ValueError(
            f"{as_of.isoformat()} is before the first issue date {first_issued_on.isoformat()}"
        )
    return completed_years(first_issued_on, as_of)


def points_cycle(first_issued_on: date, as_of: date) -> tuple[date, date]:
    """(first day, last day) of the 12-month cycle containing ``as_of``.

    Example (§4.1): first issued 2015-03-10 → cycles run 03-10 to 03-09 of the next year.
    """
    return cycle_bounds(first_issued_on, cycle_index(first_issued_on, as_of))


def cycle_span(first_issued_on: date, as_of: date) -> CycleSpan:
    """The cycle containing ``as_of`` with its index and basis."""
    index = cycle_index(first_issued_on, as_of)
    starts_on, ends_on = cycle_bounds(first_issued_on, index)
    return CycleSpan(index, starts_on, ends_on)


def cycle_span_at(first_issued_on: date, index: int) -> CycleSpan:
    """Cycle number ``index`` with its basis."""
    starts_on, ends_on = cycle_bounds(first_issued_on, index)
    return CycleSpan(index, starts_on, ends_on)
