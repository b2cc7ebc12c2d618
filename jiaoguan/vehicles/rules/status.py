"""A vehicle's conditions on a day: inspection window and lapse, scrapping milestones."""

from dataclasses import dataclass
from datetime import date, timedelta

from jiaoguan.core.dates import month_end

from .codes import Basis, Condition
from .inspection import (
    InspectionDue,
    MissedCycles,
    inspection_window,
    missed_cycles,
    next_inspection,
)
from .parameters import DEFAULT_PARAMETERS, ScheduleParameters
from .scrapping import ScrapDue, scrap_due
from .vehicle import VehicleProfile

# Least to most severe. A lapsed inspection is an offence today (fine, detention), so it ranks
# above the scrap notice, which only announces a deadline; scrap-due ranks above both, and a
# deregistered vehicle has no other condition at all.
SEVERITY: tuple[Condition, ...] = (
    Condition.NORMAL,
    Condition.INSPECTION_WINDOW_OPEN,
    Condition.SCRAP_NEAR,
    Condition.SCRAP_NOTICE,
    Condition.INSPECTION_OVERDUE,
    Condition.SCRAP_DUE,
    Condition.DEREGISTERED,
)
_RANK = {condition: rank for rank, condition in enumerate(SEVERITY)}


@dataclass(frozen=True)
class ConditionEntry:
    """A condition with the first and last day it covers (None where open or unknown)."""

    condition: Condition
    basis: str
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class VehicleStatus:
    """The conditions, most severe first, and the facts they were derived from."""

    conditions: tuple[ConditionEntry, ...]
    next_due: InspectionDue | None = None
    scrap: ScrapDue | None = None
    missed: MissedCycles | None = None

    @property
    def overall(self) -> Condition:
        return self.conditions[0].condition

    def has(self, condition: Condition) -> bool:
        return any(entry.condition is condition for entry in self.conditions)


def _scrap_conditions(scrap: ScrapDue, as_of: date) -> list[ConditionEntry]:
    if scrap.scrap_on is None or scrap.notice_on is None or scrap.last_year_from is None:
        return []
    if as_of >= scrap.scrap_on:
        return [ConditionEntry(Condition.SCRAP_DUE, Basis.SCRAP_DUE_SERVICE_LIFE, scrap.scrap_on)]
    last_day = scrap.scrap_on - timedelta(days=1)
    entries = []
    if as_of >= scrap.notice_on:
        entries.append(
            ConditionEntry(Condition.SCRAP_NOTICE, Basis.SCRAP_NOTICE, scrap.notice_on, last_day)
        )
    if as_of >= scrap.last_year_from:
        entries.append(
            ConditionEntry(
                Condition.SCRAP_NEAR, Basis.SCRAP_LAST_YEAR, scrap.last_year_from, last_day
            )
        )
    return entries


def window_basis(profile: VehicleProfile) -> Basis:
    """The rule that sets the vehicle's inspection window (school buses have their own)."""
    return Basis.INSPECTION_WINDOW_SCHOOL_BUS if profile.is_school_bus else Basis.INSPECTION_WINDOW


def vehicle_status(
    profile: VehicleProfile,
    *,
    as_of: date,
    valid_until: date | None,
    deregistered: bool = False,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
) -> VehicleStatus:
    """Everything that applies to the vehicle on ``as_of``.

    ``valid_until`` is the register's inspection validity; when unknown (None) the next
    schedule due is used and a lapse cannot be detected. A deregistered vehicle has only the
    DEREGISTERED condition.
    """
    if deregistered:
        entry = ConditionEntry(Condition.DEREGISTERED, Basis.STATUS_DEREGISTERED)
        return VehicleStatus(conditions=(entry,))

    entries: list[ConditionEntry] = []
    scrap = scrap_due(profile, params)
    entries.extend(_scrap_conditions(scrap, as_of))

    due = next_inspection(profile, as_of, params, valid_until=valid_until)
    school_bus = profile.is_school_bus
    window_start, window_end = inspection_window(due, school_bus=school_bus, params=params)
    if window_start <= as_of <= window_end:
        entries.append(
            ConditionEntry(
                Condition.INSPECTION_WINDOW_OPEN, window_basis(profile), window_start, window_end
            )
        )

    missed = None
    if valid_until is not None and as_of > month_end(valid_until):
        missed = missed_cycles(profile, valid_until, as_of, params)
        entries.append(
            ConditionEntry(
                Condition.INSPECTION_OVERDUE,
                Basis.INSPECTION_OVERDUE,
                month_end(valid_until) + timedelta(days=1),
            )
        )
        if missed.count >= len(missed.cycle_ends):
            entries.append(
                ConditionEntry(
                    Condition.SCRAP_DUE,
                    Basis.SCRAP_DUE_MISSED_INSPECTIONS,
                    missed.scrap_required_from,
                )
            )

    if not entries:
        entries.append(ConditionEntry(Condition.NORMAL, Basis.STATUS_NORMAL))
    entries.sort(key=lambda entry: _RANK[entry.condition], reverse=True)
    return VehicleStatus(conditions=tuple(entries), next_due=due, scrap=scrap, missed=missed)
