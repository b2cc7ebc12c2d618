"""Keeping and swapping numbers (登记规定 arts. 20, 44, 45; DOMAIN.md §6.3) [P].

Each function returns the reasons a request fails, as stable codes; an empty tuple means the
request is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaoguan.core.dates import add_years


@dataclass(frozen=True, slots=True)
class PreviousNumber:
    """The number the owner wants to keep, from the vehicle that used it."""

    used_since: date
    released_on: date
    violations_cleared: bool


def keep_previous_refusals(previous: PreviousNumber, applied_on: date) -> tuple[str, ...]:
    """Art. 44: apply within 2 years of release, after at least 1 year of use, all cleared."""
    reasons = []
    if applied_on < previous.released_on:
        reasons.append("not_released")
    elif applied_on > add_years(previous.released_on, 2):
        reasons.append("too_late")
    if add_years(previous.used_since, 1) > previous.released_on:
        reasons.append("used_under_one_year")
    if not previous.violations_cleared:
        reasons.append("violations_pending")
    return tuple(reasons)


def spouse_keep_refusals(
    *, married_on: date, transferred_on: date, both_applied: bool
) -> tuple[str, ...]:
    """Art. 45: the marriage has lasted at least 1 year and both spouses apply."""
    reasons = []
    if add_years(married_on, 1) > transferred_on:
        reasons.append("married_under_one_year")
    if not both_applied:
        reasons.append("both_must_apply")
    return tuple(reasons)


@dataclass(frozen=True, slots=True)
class SwapSide:
    """One of the two vehicles of an owner that want to swap numbers."""

    owner_id: int
    office: str
    plate_type: str
    operating: bool
    violations_cleared: bool
    last_swapped_on: date | None


def swap_refusals(first: SwapSide, second: SwapSide, applied_on: date) -> tuple[str, ...]:
    """Art. 20: same owner, office and plate type, both non-operating, cleared, once a year."""
    reasons = []
    if first.owner_id != second.owner_id:
        reasons.append("different_owner")
    if first.office != second.office:
        reasons.append("different_office")
    if first.plate_type != second.plate_type:
        reasons.append("different_plate_type")
    if first.operating or second.operating:
        reasons.append("operating_vehicle")
    if not (first.violations_cleared and second.violations_cleared):
        reasons.append("violations_pending")
    for side in (first, second):
        if side.last_swapped_on is not None and add_years(side.last_swapped_on, 1) > applied_on:
            reasons.append("swapped_within_a_year")
            break
    return tuple(reasons)
