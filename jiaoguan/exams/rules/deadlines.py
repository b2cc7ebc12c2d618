"""When an application runs out (162号 arts. 41, 45, 47; DOMAIN.md §7).

- The learner permit is valid 3 years; 科目二 and 科目三 must be completed within it, or the
  subjects already passed are void (art. 41).
- Holders of a military or foreign driving license must complete the required subjects
  within 3 years of the application's acceptance (art. 45).
- The fifth failed booking of a skill subject voids the other passed subjects (art. 47);
  see ``eligibility.fifth_failure_voids_passes``.

"Void" is applied to the application as a whole: its passed subjects no longer count and the
applicant starts again with a new application (the one-active-application rule allows it).
Periods are natural days and the end day is the same date 3 years later, like the permit
(``eligibility.permit_valid_until``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import add_years

from .subjects import ExamSubject

#: Years a military or foreign license holder has to complete the subjects (art. 45) [P].
LICENSE_HOLDER_COMPLETION_YEARS = 3


class ApplicationBasis(StrEnum):
    """On what an application rests: an ordinary application, or the conversion of a driving
    license issued by the armed forces or abroad (art. 45)."""

    ORDINARY = "ordinary"
    MILITARY_LICENSE = "military_license"  # 军队、武装警察部队机动车驾驶证
    FOREIGN_LICENSE = "foreign_license"  # 境外机动车驾驶证


class LapseReason(StrEnum):
    """Why an application became void; each value is stored on the application."""

    PERMIT_EXPIRED = "permit_expired"  # art. 41
    DEADLINE_PASSED = "deadline_passed"  # art. 45
    FIFTH_FAILURE = "fifth_failure"  # art. 47


def completion_deadline(basis: ApplicationBasis, accepted_on: date) -> date | None:
    """The last day a military or foreign license holder may complete the subjects (art. 45):
    the same date 3 years after acceptance. ``None`` for an ordinary application, which is
    bounded by its learner permit instead."""
    if ApplicationBasis(basis) is ApplicationBasis.ORDINARY:
        return None
    return add_years(accepted_on, LICENSE_HOLDER_COMPLETION_YEARS)


def application_lapse(
    *,
    as_of: date,
    required: Iterable[ExamSubject],
    passed: Iterable[ExamSubject],
    permit_valid_until: date | None,
    completion_deadline: date | None = None,
    pending_exams_on: Iterable[date] = (),
) -> LapseReason | None:
    """Whether the application is void on ``as_of`` because its period ended unfinished.

    The period ends with the permit's last day (art. 41) or, for a military or foreign
    license holder, the completion deadline (art. 45), whichever comes first; the application
    is void from the day after. An exam held within the period whose result has not yet come
    (``pending_exams_on``) is waited for: its pass may complete the application.
    """
    if set(required) <= set(passed):
        return None
    ends: list[tuple[date, LapseReason]] = []
    if completion_deadline is not None:
        ends.append((completion_deadline, LapseReason.DEADLINE_PASSED))
    if permit_valid_until is not None:
        ends.append((permit_valid_until, LapseReason.PERMIT_EXPIRED))
    if not ends:
        return None
    last_day, reason = min(ends)
    if as_of <= last_day:
        return None
    if any(exam_on <= last_day for exam_on in pending_exams_on):
        return None
    return reason
