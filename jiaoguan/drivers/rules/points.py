"""Full-score study and points reduction by study (DOMAIN.md §4.3, §4.4; 163号 arts. 18, 25-27)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .basis import Basis
from .parameters import FULL_SCORE, MAX_REDUCTION_PER_CYCLE

# ---------------------------------------------------------------------------------------------
# Full-score study length (art. 18)

_STUDY = {
    # large_class: (base days, days per increment, maximum)
    False: (7, 7, 60),
    True: (30, 30, 120),
}


@dataclass(frozen=True, slots=True)
class FullScoreStudy:
    days: int
    capped: bool
    basis: Basis


def full_score_study(
    *, large_class: bool, full_scores_in_cycle: int, total_points: int
) -> FullScoreStudy:
    """Study days for a full score, with basis; see ``full_score_study_days``."""
    if full_scores_in_cycle < 1:
        raise ValueError("full_scores_in_cycle counts this full score, so it is at least 1")
    if total_points < FULL_SCORE:
        raise ValueError(f"a full score needs at least {FULL_SCORE} points, got {total_points}")
    base, step, cap = _STUDY[bool(large_class)]
    # Art. 18 adds a step "for each further full-score education in the cycle OR each further
    # 12 points accumulated": both measure the same repetition, so the larger count is used,
    # never the sum (a second full score normally means 24 accumulated points).
    increments = max(full_scores_in_cycle - 1, total_points // FULL_SCORE - 1)
    uncapped = base + step * increments
    basis = Basis.FULL_SCORE_STUDY_LARGE if large_class else Basis.FULL_SCORE_STUDY_ORDINARY
    return FullScoreStudy(min(uncapped, cap), uncapped > cap, basis)


def full_score_study_days(
    *, large_class: bool, full_scores_in_cycle: int, total_points: int
) -> int:
    """Days of full-score study (163号 art. 18).

    Ordinary drivers 7 days, A1/A2/A3/B1/B2 drivers 30 days; plus 7 (or 30) days for each further
    full score in the cycle or each further 12 points; at most 60 (or 120) days.
    ``full_scores_in_cycle`` counts the present full score (1 for the first); ``total_points`` is
    the points accumulated in the cycle, including points cleared by earlier full-score study.
    """
    return full_score_study(
        large_class=large_class,
        full_scores_in_cycle=full_scores_in_cycle,
        total_points=total_points,
    ).days


# ---------------------------------------------------------------------------------------------
# Points reduction by study (学法减分, arts. 25-27)


@dataclass(frozen=True, slots=True)
class ReductionEligibility:
    """Whether points may be reduced by study now, with every refusal reason.

    ``max_points`` is how many points may still be reduced this cycle (0 when refused): at most 6
    per cycle and never more than the points on record.
    """

    eligible: bool
    refusals: tuple[Basis, ...]
    max_points: int
    basis: Basis


def points_reduction_eligibility(
    *,
    cycle_points: int,
    unhandled_violations: int,
    full_score_educations_this_cycle: int,
    full_score_educations_previous_cycle: int,
    in_probation: bool,
    review_overdue: bool,
    license_seized_or_suspended: bool,
    vehicle_inspection_lapsed: bool,
    vehicle_due_for_deregistration: bool,
    serious_offense_last_3_cycles: bool,
    fraud_last_3_cycles: bool,
    points_reduced_this_cycle: int,
) -> ReductionEligibility:
    """Eligibility for points reduction by study (163号 arts. 25-27); all refusals are listed.

    - ``serious_offense_last_3_cycles``: hit-and-run, drink-driving, forged or other-vehicle
      plates or documents, or buying/selling points, in the last 3 cycles.
    - ``fraud_last_3_cycles``: fraud or impersonation in reduction, full-score or review
      education in the last 3 cycles.
    - Two or more full-score educations counted over this cycle and the previous one together
      (the stricter reading of "本记分周期或者上一个记分周期内…二次以上").
    """
    counts = {
        "cycle_points": cycle_points,
        "unhandled_violations": unhandled_violations,
        "full_score_educations_this_cycle": full_score_educations_this_cycle,
        "full_score_educations_previous_cycle": full_score_educations_previous_cycle,
        "points_reduced_this_cycle": points_reduced_this_cycle,
    }
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")
    checks = (
        (cycle_points >= FULL_SCORE, Basis.REDUCTION_FULL_SCORE),
        (unhandled_violations > 0, Basis.REDUCTION_UNHANDLED_VIOLATIONS),
        (cycle_points == 0, Basis.REDUCTION_NO_POINTS),
        (points_reduced_this_cycle >= MAX_REDUCTION_PER_CYCLE, Basis.REDUCTION_CYCLE_MAXIMUM),
        (
            full_score_educations_this_cycle + full_score_educations_previous_cycle >= 2,
            Basis.REDUCTION_REPEATED_FULL_SCORE,
        ),
        (serious_offense_last_3_cycles, Basis.REDUCTION_SERIOUS_OFFENSE),
        (in_probation, Basis.REDUCTION_IN_PROBATION),
        (review_overdue, Basis.REDUCTION_REVIEW_OVERDUE),
        (license_seized_or_suspended, Basis.REDUCTION_LICENSE_SEIZED),
        (vehicle_inspection_lapsed, Basis.REDUCTION_VEHICLE_INSPECTION),
        (vehicle_due_for_deregistration, Basis.REDUCTION_VEHICLE_DEREGISTRATION),
        (fraud_last_3_cycles, Basis.REDUCTION_FRAUD),
    )
    refusals = tuple(code for refused, code in checks if refused)
    if refusals:
        return ReductionEligibility(False, refusals, 0, refusals[0])
    remaining = min(MAX_REDUCTION_PER_CYCLE - points_reduced_this_cycle, cycle_points)
    return ReductionEligibility(True, (), remaining, Basis.REDUCTION_ELIGIBLE)


def full_scores(cycle_points: int) -> int:
    """How many full scores ``cycle_points`` make: each 12 points is one full-score education
    (163号 arts. 17-18)."""
    return cycle_points // FULL_SCORE


@dataclass(frozen=True, slots=True)
class PointsEntry:
    """Points recorded with a penalty decision on ``recorded_on``."""

    recorded_on: date
    points: int
    fine_paid: bool
    #: Cleared by a passed full-score education (163号 art. 23): no longer counted, but still
    #: part of what the cycle accumulated (``points_accumulated``).
    cleared: bool = False


def points_in_cycle(entries: Iterable[PointsEntry], *, starts_on: date, ends_on: date) -> int:
    """The points that count in the cycle ``starts_on``..``ends_on`` (163号 arts. 3, 15).

    Points recorded in the cycle count; points from earlier cycles are cleared at the cycle's
    end, except those whose fine is still unpaid, which carry over. Points cleared by a
    passed full-score education no longer count (art. 23).
    """
    return sum(
        entry.points
        for entry in entries
        if not entry.cleared
        and (
            starts_on <= entry.recorded_on <= ends_on
            or (entry.recorded_on < starts_on and not entry.fine_paid)
        )
    )


def points_accumulated(entries: Iterable[PointsEntry], *, starts_on: date, ends_on: date) -> int:
    """The points accumulated in the cycle, those cleared by full-score education included:
    what art. 18 ("each further 12 points") and art. 22 (24, 36 points) count."""
    return points_in_cycle(
        (PointsEntry(e.recorded_on, e.points, e.fine_paid) for e in entries),
        starts_on=starts_on,
        ends_on=ends_on,
    )
