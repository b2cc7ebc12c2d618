"""Periodic safety inspection (机动车安全技术检验): schedule, next due, window, missed cycles.

DOMAIN §1. How the schedule is built:

- Ages are counted in months from the registration month; a due is always the last day of its
  month, because the 行驶证 says "检验有效期至 YYYY年MM月".
- Each rule is a grid of due ages (e.g. classic small cars: 2, 4, 6, 7, ..., 15, 15.5, 16, ...
  years). After each due, the rule **in force on that due date** gives the next due: the first
  age on its grid after the current age. The first due comes from the rule in force on the
  registration date. The same rule decides whether the due is mark-only (免检) or test-lane.
- Reform cut-overs (§1.2): 2014-09-01, 2020-11-20, 2022-10-01.
- A van (面包车) is outside every reform and keeps the classic grid. Other exemption-removing
  events (§1.2) keep the reform grid but turn would-be mark-only dues into test-lane dues.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum, StrEnum

from jiaoguan.core.dates import add_months, month_end, month_start, months_between

from .codes import Basis, ExemptionLossEvent
from .parameters import DEFAULT_PARAMETERS, ScheduleParameters
from .vehicle import UseCharacter, VehicleCategory, VehicleProfile, is_van


class InspectionKind(StrEnum):
    TEST_LANE = "test_lane"  # 上线检验
    MARK_ONLY = "mark_only"  # 免检, the owner only applies for the mark


class InspectionEra(StrEnum):
    CLASSIC = "classic"  # 实施条例 art. 16 only
    REFORM_2014 = "reform_2014"
    REFORM_2020 = "reform_2020"
    REFORM_2022 = "reform_2022"


# Newest first. These are legal dates, not deployment choices.
ERA_STARTS: tuple[tuple[date, InspectionEra], ...] = (
    (date(2022, 10, 1), InspectionEra.REFORM_2022),
    (date(2020, 11, 20), InspectionEra.REFORM_2020),
    (date(2014, 9, 1), InspectionEra.REFORM_2014),
)


def inspection_era(on: date) -> InspectionEra:
    """The inspection rules in force on a day."""
    for starts_on, era in ERA_STARTS:
        if on >= starts_on:
            return era
    return InspectionEra.CLASSIC


@dataclass(frozen=True)
class InspectionDue:
    """One inspection due.

    ``due_on`` is the last day of the due month. ``age_months`` counts from the registration
    month. ``exemption_lost_by`` is non-empty only when this due would have been mark-only
    without those events. ``needs_manual_review`` marks a due changed by a use conversion
    (DOMAIN §13.2: the effect of a conversion is unsettled).
    """

    due_on: date
    kind: InspectionKind
    age_months: int
    basis: str
    exemption_lost_by: tuple[str, ...] = ()
    needs_manual_review: bool = False


@dataclass(frozen=True)
class MissedCycles:
    """Inspection cycles missed since the validity expired (机动车强制报废标准规定 art. 4(4)).

    Cycle 1 runs from the expired validity to the next schedule due after it, and so on.
    ``count`` is how many of the 3 cycles had ended by the day asked about; at 3 the vehicle
    must be scrapped, from ``scrap_required_from`` (the day after the third cycle's end).
    """

    count: int
    cycle_ends: tuple[date, ...]
    scrap_required_from: date


@dataclass(frozen=True)
class _Grid:
    """Due ages in months: ``(until_age, step)`` segments; the last segment is open (None)."""

    segments: tuple[tuple[int | None, int], ...]

    def next_age(self, age: int) -> int:
        """The first age on the grid strictly after ``age`` (which need not be on the grid)."""
        start = 0
        for until, step in self.segments:
            if until is None or age < until:
                return start + ((age - start) // step + 1) * step
            start = until
        raise AssertionError("a grid ends with an open segment")


_YEAR = 12
# 实施条例 art. 16, small/micro non-operating: every 2 years to year 6, yearly to year 15, then
# every 6 months: dues at 2, 4, 6, 7, ..., 15, 15.5, 16, ...
_CLASSIC_SMALL_GRID = _Grid(((6 * _YEAR, 24), (15 * _YEAR, 12), (None, 6)))
# 2020-11-20: years 6-10 every 2 years; then as art. 16.
_REFORM_2020_SMALL_GRID = _Grid(((10 * _YEAR, 24), (15 * _YEAR, 12), (None, 6)))
# 2022-10-01: 2, 4, 6, 8, 10, then yearly; no 6-month step any more. Motorcycles too.
_REFORM_2022_GRID = _Grid(((10 * _YEAR, 24), (None, 12)))
_OPERATING_PASSENGER_GRID = _Grid(((5 * _YEAR, 12), (None, 6)))
_GOODS_GRID = _Grid(((10 * _YEAR, 12), (None, 6)))
_CLASSIC_MOTORCYCLE_GRID = _Grid(((4 * _YEAR, 24), (None, 12)))
_YEARLY_GRID = _Grid(((None, 12),))
_SCHOOL_BUS_STEP_MONTHS = 6

_MARK_AGES_2014_2020 = frozenset({2 * _YEAR, 4 * _YEAR})
_MARK_AGES_2022 = frozenset({2 * _YEAR, 4 * _YEAR, 8 * _YEAR})
_MAX_EXEMPT_SEATS = {
    InspectionEra.REFORM_2014: 6,  # 7 seats or more excluded
    InspectionEra.REFORM_2020: 9,
    InspectionEra.REFORM_2022: 9,
}
_LATE_REGISTRATION_YEARS = 4


class _Group(Enum):
    OPERATING_PASSENGER = "operating_passenger"
    LARGE_MEDIUM_NON_OPERATING_PASSENGER = "large_medium_non_operating_passenger"
    SMALL_NON_OPERATING_PASSENGER = "small_non_operating_passenger"
    GOODS = "goods"
    MOTORCYCLE = "motorcycle"
    OTHER = "other"


# Art. 16 names 载货汽车. Low-speed goods vehicles, three-wheeled vehicles and trailers carry
# goods, so they take the goods interval (the stricter reading); special-purpose vehicles,
# trolleybuses, trams, tractors and wheeled machinery are "other motor vehicles" (yearly).
_GOODS_GROUP_CATEGORIES = frozenset(
    {
        VehicleCategory.HEAVY_GOODS,
        VehicleCategory.MEDIUM_GOODS,
        VehicleCategory.LIGHT_GOODS,
        VehicleCategory.MICRO_GOODS,
        VehicleCategory.LOW_SPEED_GOODS,
        VehicleCategory.THREE_WHEELED_VEHICLE,
        VehicleCategory.SEMI_TRAILER,
        VehicleCategory.FULL_TRAILER,
    }
)


def _inspection_group(profile: VehicleProfile) -> _Group:
    category = profile.category
    if category.is_motorcycle:
        return _Group.MOTORCYCLE
    if category.is_passenger:
        if profile.use.is_operating:
            return _Group.OPERATING_PASSENGER
        if category.is_small_or_micro_passenger:
            return _Group.SMALL_NON_OPERATING_PASSENGER
        return _Group.LARGE_MEDIUM_NON_OPERATING_PASSENGER
    if category in _GOODS_GROUP_CATEGORIES:
        return _Group.GOODS
    return _Group.OTHER


@dataclass(frozen=True)
class _Rule:
    grid: _Grid
    basis: Basis
    # Ages at which a due is mark-only unless an exemption-removing event applies.
    mark_ages: frozenset[int] = frozenset()
    van_excluded: bool = False


_FIXED_RULES = {
    _Group.OPERATING_PASSENGER: _Rule(
        _OPERATING_PASSENGER_GRID, Basis.INSPECTION_CLASSIC_OPERATING_PASSENGER
    ),
    _Group.LARGE_MEDIUM_NON_OPERATING_PASSENGER: _Rule(
        _GOODS_GRID, Basis.INSPECTION_CLASSIC_LARGE_MEDIUM_PASSENGER
    ),
    _Group.GOODS: _Rule(_GOODS_GRID, Basis.INSPECTION_CLASSIC_GOODS),
    _Group.OTHER: _Rule(_YEARLY_GRID, Basis.INSPECTION_CLASSIC_OTHER),
}
_CLASSIC_SMALL_RULE = _Rule(_CLASSIC_SMALL_GRID, Basis.INSPECTION_CLASSIC_SMALL_PASSENGER)
_SMALL_REFORM_RULES = {
    InspectionEra.REFORM_2014: _Rule(
        _CLASSIC_SMALL_GRID, Basis.INSPECTION_REFORM_2014_SMALL_PASSENGER, _MARK_AGES_2014_2020
    ),
    InspectionEra.REFORM_2020: _Rule(
        _REFORM_2020_SMALL_GRID, Basis.INSPECTION_REFORM_2020_SMALL_PASSENGER, _MARK_AGES_2014_2020
    ),
    InspectionEra.REFORM_2022: _Rule(
        _REFORM_2022_GRID, Basis.INSPECTION_REFORM_2022_SMALL_PASSENGER, _MARK_AGES_2022
    ),
}
_CLASSIC_MOTORCYCLE_RULE = _Rule(_CLASSIC_MOTORCYCLE_GRID, Basis.INSPECTION_CLASSIC_MOTORCYCLE)
_REFORM_2022_MOTORCYCLE_RULE = _Rule(
    _REFORM_2022_GRID, Basis.INSPECTION_REFORM_2022_MOTORCYCLE, _MARK_AGES_2022
)


def _rule(
    profile: VehicleProfile, group: _Group, era: InspectionEra, params: ScheduleParameters
) -> _Rule:
    if group in _FIXED_RULES:
        return _FIXED_RULES[group]
    if group is _Group.MOTORCYCLE:
        covered = params.reform_2022_covers_operating_motorcycles or not profile.use.is_operating
        if era is InspectionEra.REFORM_2022 and covered:
            return _REFORM_2022_MOTORCYCLE_RULE
        return _CLASSIC_MOTORCYCLE_RULE
    if era is InspectionEra.CLASSIC or profile.seats > _MAX_EXEMPT_SEATS[era]:
        return _CLASSIC_SMALL_RULE
    reform = _SMALL_REFORM_RULES[era]
    if is_van(profile.vehicle_type, params.van_codes):
        # Every reform excludes vans (面包车除外) altogether, so they keep art. 16; the reform's
        # mark ages are kept only to report that the van lost the exemption there.
        return replace(_CLASSIC_SMALL_RULE, mark_ages=reform.mark_ages, van_excluded=True)
    return reform


def _exemption_loss_events(
    profile: VehicleProfile, era: InspectionEra, params: ScheduleParameters
) -> tuple[ExemptionLossEvent, ...]:
    # The late-registration exclusion is [S] law for the 2020 rules (applied to 2014 too, the
    # stricter reading) and a deployment choice after the 2022 reform.
    late_registration_applies = (
        era is not InspectionEra.REFORM_2022 or params.late_registration_excludes
    )
    present = (
        (ExemptionLossEvent.ILLEGAL_MODIFICATION, profile.illegally_modified),
        (ExemptionLossEvent.INJURY_ACCIDENT, profile.injury_accident),
        (
            ExemptionLossEvent.LATE_REGISTRATION,
            late_registration_applies and profile.registered_late(_LATE_REGISTRATION_YEARS),
        ),
        (ExemptionLossEvent.USE_CONVERSION, profile.has_converted_use),
    )
    return tuple(event for event, happened in present if happened)


def _due(
    profile: VehicleProfile,
    due_on: date,
    rule: _Rule,
    era: InspectionEra,
    params: ScheduleParameters,
    *,
    events_apply: bool,
) -> InspectionDue:
    age = months_between(profile.registered_on, due_on)
    if age not in rule.mark_ages:
        return InspectionDue(due_on, InspectionKind.TEST_LANE, age, rule.basis)
    lost: tuple[str, ...] = (ExemptionLossEvent.VAN,) if rule.van_excluded else ()
    if events_apply:
        lost += _exemption_loss_events(profile, era, params)
    return InspectionDue(
        due_on=due_on,
        kind=InspectionKind.TEST_LANE if lost else InspectionKind.MARK_ONLY,
        age_months=age,
        basis=rule.basis,
        exemption_lost_by=lost,
        needs_manual_review=(
            params.use_conversion_needs_review and ExemptionLossEvent.USE_CONVERSION in lost
        ),
    )


def _grid_dues(
    profile: VehicleProfile, params: ScheduleParameters, as_of: date | None
) -> Iterator[InspectionDue]:
    group = _inspection_group(profile)
    registration_month = month_start(profile.registered_on)
    age = 0
    decided_on = profile.registered_on
    current_cycle_seen = False
    while True:
        age = _rule(profile, group, inspection_era(decided_on), params).grid.next_age(age)
        due_on = month_end(add_months(registration_month, age))
        era = inspection_era(due_on)
        is_current_cycle = as_of is not None and not current_cycle_seen and due_on >= as_of
        current_cycle_seen = current_cycle_seen or is_current_cycle
        # With a non-permanent loss the events count only in the current cycle; without an
        # as_of the cycle is unknown, so they count everywhere (the safe side).
        events_apply = params.exemption_loss_permanent or as_of is None or is_current_cycle
        rule = _rule(profile, group, era, params)
        yield _due(profile, due_on, rule, era, params, events_apply=events_apply)
        decided_on = due_on


def _school_bus_dues(
    profile: VehicleProfile, anchor: date, basis: Basis
) -> Iterator[InspectionDue]:
    # 登记规定 art. 62: every 6 months from registration (dedicated) or from the sign date.
    months = _SCHOOL_BUS_STEP_MONTHS
    while True:
        due_on = month_end(add_months(month_start(anchor), months))
        age = months_between(profile.registered_on, due_on)
        yield InspectionDue(due_on, InspectionKind.TEST_LANE, age, basis)
        months += _SCHOOL_BUS_STEP_MONTHS


def _non_dedicated_school_bus_dues(
    profile: VehicleProfile, sign_on: date, params: ScheduleParameters, as_of: date | None
) -> Iterator[InspectionDue]:
    # Before the sign the vehicle followed its ordinary schedule.
    for due in _grid_dues(profile, params, as_of):
        if due.due_on >= sign_on:
            break
        yield due
    yield from _school_bus_dues(profile, sign_on, Basis.INSPECTION_SCHOOL_BUS_NON_DEDICATED)


def inspection_schedule(
    profile: VehicleProfile,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
    *,
    as_of: date | None = None,
) -> Iterator[InspectionDue]:
    """The infinite, strictly increasing sequence of inspection dues of a vehicle.

    ``as_of`` only matters when ``params.exemption_loss_permanent`` is False: the events then
    remove the exemption only from the current cycle, the first due on or after ``as_of``.

    Raises ``ValueError`` (immediately) for a non-dedicated school bus without a sign date.
    """
    if profile.is_dedicated_school_bus:
        return _school_bus_dues(
            profile, profile.registered_on, Basis.INSPECTION_SCHOOL_BUS_DEDICATED
        )
    if profile.use is UseCharacter.SCHOOL_BUS:
        if profile.school_bus_sign_on is None:
            raise ValueError("a non-dedicated school bus needs school_bus_sign_on")
        return _non_dedicated_school_bus_dues(profile, profile.school_bus_sign_on, params, as_of)
    return _grid_dues(profile, params, as_of)


def next_inspection(
    profile: VehicleProfile,
    as_of: date,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
    valid_until: date | None = None,
) -> InspectionDue:
    """The inspection the vehicle must pass next.

    With ``valid_until`` (the register's "检验有效期至", any day of the month), the due is that
    month; its kind and basis come from the schedule due of that month or, if the month is off
    the schedule, from the first schedule due after it. Without it, the first schedule due on or
    after ``as_of``. Raises ``ValueError`` if ``valid_until`` is before the registration date.
    """
    if valid_until is None:
        for due in inspection_schedule(profile, params, as_of=as_of):
            if due.due_on >= as_of:
                return due
    else:
        expires_on = month_end(valid_until)
        if expires_on < profile.registered_on:
            raise ValueError("the inspection validity ends before the vehicle was registered")
        for due in inspection_schedule(profile, params, as_of=expires_on):
            if due.due_on >= expires_on:
                age = months_between(profile.registered_on, expires_on)
                return replace(due, due_on=expires_on, age_months=age)
    raise AssertionError("the schedule is infinite")


def inspection_window(
    due: InspectionDue | date,
    *,
    school_bus: bool,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
) -> tuple[date, date]:
    """First and last day (inclusive) on which the inspection mark may be applied for.

    登记规定 art. 54 "3 months before expiry", read as the due month plus the two preceding
    calendar months (§13.2); school buses 1 month (art. 62), i.e. the due month itself.
    """
    due_on = month_end(due.due_on if isinstance(due, InspectionDue) else due)
    months = params.school_bus_window_months if school_bus else params.window_months
    return add_months(month_start(due_on), -(months - 1)), due_on


def validity_after_pass(
    profile: VehicleProfile,
    valid_until: date,
    passed_on: date,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
) -> date:
    """The new "检验有效期至" after the vehicle passed (a test-lane pass or a mark-only
    issue) on ``passed_on``: the first schedule due after the cycle the pass covers.

    Passed within the validity (the window), the pass covers the current due (the validity's
    month), so the next due follows it. Passed after the validity expired, it covers the
    month of the pass: the next due after that month, never a due already behind.
    """
    covered = month_end(valid_until)
    if passed_on > covered:
        covered = month_end(passed_on)
    for due in inspection_schedule(profile, params, as_of=covered):
        if due.due_on > covered:
            return due.due_on
    raise AssertionError("the schedule is infinite")


_MISSED_CYCLES_FOR_SCRAP = 3


def missed_cycles(
    profile: VehicleProfile,
    valid_until: date,
    as_of: date,
    params: ScheduleParameters = DEFAULT_PARAMETERS,
) -> MissedCycles:
    """How many whole cycles have passed without a mark since ``valid_until`` expired."""
    expired_on = month_end(valid_until)
    cycle_ends: list[date] = []
    for due in inspection_schedule(profile, params):
        if due.due_on > expired_on:
            cycle_ends.append(due.due_on)
            if len(cycle_ends) == _MISSED_CYCLES_FOR_SCRAP:
                break
    return MissedCycles(
        count=sum(1 for end in cycle_ends if as_of > end),
        cycle_ends=tuple(cycle_ends),
        scrap_required_from=cycle_ends[-1] + timedelta(days=1),
    )


def uninspected_scrap_on(
    profile: VehicleProfile, valid_until: date, params: ScheduleParameters = DEFAULT_PARAMETERS
) -> date:
    """The day from which a vehicle that gets no inspection mark after ``valid_until`` must be
    scrapped (机动车强制报废标准规定 art. 4(4)): the day after the third schedule due that
    follows the expired validity. A date the register keeps with each vehicle (it changes
    only when the validity or the schedule does), so a scan needs no schedule."""
    return missed_cycles(profile, valid_until, valid_until, params).scrap_required_from
