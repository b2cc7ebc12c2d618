"""Probation (实习期), DOMAIN.md §3.5; 162号 arts. 76, 77, 80.

Probation is the 12 months after first obtaining a car-type class, and separately the 12 months
after first obtaining a motorcycle-type class. Under 162号 an upgrade inside a group does not
start a new probation; adding the first class of the other group does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import ONE_DAY, add_months

from .basis import Basis
from .classes import CAR_TYPE_CLASSES, MOTORCYCLE_TYPE_CLASSES, LicenseClass, sort_classes
from .parameters import DEFAULT_PARAMETERS, FULL_SCORE, LicenseParameters


class ProbationGroup(StrEnum):
    CAR_TYPE = "car_type"  # 汽车类
    MOTORCYCLE_TYPE = "motorcycle_type"  # 摩托车类


_GROUP_CLASSES = {
    ProbationGroup.CAR_TYPE: CAR_TYPE_CLASSES,
    ProbationGroup.MOTORCYCLE_TYPE: MOTORCYCLE_TYPE_CLASSES,
}
_GROUP_BASIS = {
    ProbationGroup.CAR_TYPE: Basis.PROBATION_CAR_TYPE,
    ProbationGroup.MOTORCYCLE_TYPE: Basis.PROBATION_MOTORCYCLE_TYPE,
}


def probation_end(first_obtained_on: date, params: LicenseParameters = DEFAULT_PARAMETERS) -> date:
    """Last day of probation: the 12-month anniversary of first obtaining the group, minus a day.

    First obtained 2024-02-29 → probation ends 2025-02-27 (the anniversary is 2025-02-28).
    """
    return add_months(first_obtained_on, params.probation_months) - ONE_DAY


@dataclass(frozen=True, slots=True)
class ProbationPeriod:
    """Probation of one group: first day, last day, and the classes it covers."""

    group: ProbationGroup
    starts_on: date
    ends_on: date
    classes: tuple[LicenseClass, ...]
    basis: Basis

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def probation_periods(
    class_dates: Mapping[LicenseClass, date], params: LicenseParameters = DEFAULT_PARAMETERS
) -> tuple[ProbationPeriod, ...]:
    """Probation period of each group the driver holds, car-type first.

    ``class_dates`` maps each class to the date it was first obtained. A group's probation starts
    on its earliest class date; the classes it covers are the group's classes obtained within it
    (a class of the group added after the probation ended is not probationary).
    """
    periods = []
    for group, members in _GROUP_CLASSES.items():
        dates = {LicenseClass(cls): on for cls, on in class_dates.items() if cls in members}
        if not dates:
            continue
        starts_on = min(dates.values())
        ends_on = probation_end(starts_on, params)
        classes = sort_classes(cls for cls, on in dates.items() if on <= ends_on)
        periods.append(ProbationPeriod(group, starts_on, ends_on, classes, _GROUP_BASIS[group]))
    return tuple(periods)


@dataclass(frozen=True, slots=True)
class ProbationStatus:
    """Probation on a date.

    ``groups`` and ``periods`` list only the groups in probation on that date; ``classes`` the
    probationary classes already obtained on it; ``ends_on`` the last day of the latest-ending
    probation (None when not in probation). ``basis`` is the car-type code when both groups are
    in probation.
    """

    in_probation: bool
    groups: tuple[ProbationGroup, ...]
    classes: tuple[LicenseClass, ...]
    ends_on: date | None
    periods: tuple[ProbationPeriod, ...]
    basis: Basis


def probation_status(
    class_dates: Mapping[LicenseClass, date],
    as_of: date,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> ProbationStatus:
    """Whether the driver is in probation on ``as_of``; classes obtained after it are ignored."""
    held = {cls: on for cls, on in class_dates.items() if on <= as_of}
    active = tuple(p for p in probation_periods(held, params) if p.contains(as_of))
    if not active:
        return ProbationStatus(False, (), (), None, (), Basis.PROBATION_NONE)
    return ProbationStatus(
        in_probation=True,
        groups=tuple(p.group for p in active),
        classes=sort_classes(cls for p in active for cls in p.classes),
        ends_on=max(p.ends_on for p in active),
        periods=active,
        basis=active[0].basis,
    )


@dataclass(frozen=True, slots=True)
class ProbationFullScoreConsequence:
    """Art. 80: 12 points from violations in probation cancel the probationary classes."""

    group: ProbationGroup
    classes_cancelled: tuple[LicenseClass, ...]
    probation_points: int
    probation_starts_on: date
    probation_ends_on: date
    basis: Basis = Basis.PROBATION_FULL_SCORE


def probation_full_score_consequence(
    *,
    violations: Iterable[tuple[date, int]],
    class_dates: Mapping[LicenseClass, date],
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> tuple[ProbationFullScoreConsequence, ...]:
    """Probationary classes to cancel under 162号 art. 80, one consequence per group.

    ``violations`` are (date committed, points) of the violations recorded against the driver;
    only those committed inside a group's probation count for that group. Points are summed over
    the whole probation even when it spans two scoring cycles, because art. 80 counts violations
    "in probation", not per cycle. Points reduction is refused in probation (§4.4), so nothing is
    subtracted. An empty tuple means no consequence.
    """
    recorded = [(on, points) for on, points in violations]
    consequences = []
    for period in probation_periods(class_dates, params):
        points = sum(p for on, p in recorded if period.contains(on))
        if points >= FULL_SCORE:
            consequences.append(
                ProbationFullScoreConsequence(
                    group=period.group,
                    classes_cancelled=period.classes,
                    probation_points=points,
                    probation_starts_on=period.starts_on,
                    probation_ends_on=period.ends_on,
                )
            )
    return tuple(consequences)
