"""Full-score study: days owed, attendance minimum, extra exam subjects (163号 arts. 18-19, 22;
DOMAIN.md §4.3, §16.1). The study length is the drivers rule (``drivers.rules.full_score_study``),
reused here, not restated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from jiaoguan.drivers.rules import LARGE_CLASSES, Basis, LicenseClass, full_score_study
from jiaoguan.drivers.rules.parameters import FULL_SCORE

#: Art. 19: on-site plus online at least 5 days, 2 of them on site; A/B drivers 10 and 5.
_ATTENDANCE = {False: (5, 2), True: (10, 5)}
#: Art. 21: a failed exam may be rebooked 10 natural days later.
REBOOK_AFTER_DAYS = 10
#: Art. 29: not attending within 30 natural days of the notice: the license is announced out of
#: use (the service ends the period with ``core.clock.natural_period_end``, art. 36).
ATTEND_WITHIN_DAYS = 30


class FullScoreBasis(StrEnum):
    ATTENDANCE = "education.full_score.attendance"
    ATTENDANCE_LARGE = "education.full_score.attendance_large_class"
    EXTRA_SUBJECT3 = "education.full_score.extra_subject3"
    EXTRA_SUBJECT2_AND_3 = "education.full_score.extra_subject2_and_3"
    DAY_COUNTS = "education.full_score.day_counts"


@dataclass(frozen=True, slots=True)
class FullScorePlan:
    """What a full score asks of the driver."""

    study_days: int
    min_attended_days: int
    min_onsite_days: int
    max_online_days: int
    extra_subjects: tuple[str, ...]
    rules: tuple[str, ...]


def is_large(license_classes) -> bool:
    return any(LicenseClass(c) in LARGE_CLASSES for c in license_classes)


def extra_subjects(*, full_scores_in_cycle: int, total_points: int) -> tuple[str, ...]:
    """Art. 22: a second full score in the cycle or 24 to 35 points adds 科目三; a third or more,
    or 36 points and over, adds 科目二 and 科目三. The larger of the two counts decides."""
    repeats = max(full_scores_in_cycle, total_points // FULL_SCORE)
    if repeats >= 3:
        return ("subject2", "subject3")
    if repeats == 2:
        return ("subject3",)
    return ()


def full_score_plan(
    *, license_classes, full_scores_in_cycle: int, total_points: int
) -> FullScorePlan:
    """The study days (art. 18), the on-site-plus-online minimum and its on-site part (art. 19),
    the online share of that minimum, and the extra exam subjects (art. 22). Raises
    ``ValueError`` for a count below 1 or fewer than 12 points (the drivers rule's checks)."""
    large = is_large(license_classes)
    study = full_score_study(
        large_class=large, full_scores_in_cycle=full_scores_in_cycle, total_points=total_points
    )
    attended, onsite = _ATTENDANCE[large]
    subjects = extra_subjects(full_scores_in_cycle=full_scores_in_cycle, total_points=total_points)
    rules: list[str] = [
        study.basis,
        FullScoreBasis.ATTENDANCE_LARGE if large else FullScoreBasis.ATTENDANCE,
        FullScoreBasis.DAY_COUNTS,
    ]
    if subjects == ("subject3",):
        rules.append(FullScoreBasis.EXTRA_SUBJECT3)
    elif subjects:
        rules.append(FullScoreBasis.EXTRA_SUBJECT2_AND_3)
    # The minimum never exceeds the days owed (it cannot: 5 <= 7 and 10 <= 30).
    return FullScorePlan(
        study_days=study.days,
        min_attended_days=attended,
        min_onsite_days=onsite,
        max_online_days=attended - onsite,
        extra_subjects=subjects,
        rules=tuple(rules),
    )


@dataclass(frozen=True, slots=True)
class StudyProgress:
    attended_days: int
    onsite_days: int
    online_days_credited: int
    self_study_days_needed: int
    complete_attendance: bool


def full_score_progress(
    plan: FullScorePlan, *, onsite_days: set[date], online_days: set[date]
) -> StudyProgress:
    """Credited days: an on-site and an online day on the same date are one day; online days
    count only up to the online share (the rest of the minimum must be on site); whatever the
    attended days leave of the days owed is self-study (art. 19)."""
    online_only = online_days - onsite_days
    online_credited = min(len(online_only), plan.max_online_days)
    attended = len(onsite_days) + online_credited
    complete = len(onsite_days) >= plan.min_onsite_days and attended >= plan.min_attended_days
    return StudyProgress(
        attended_days=attended,
        onsite_days=len(onsite_days),
        online_days_credited=online_credited,
        self_study_days_needed=max(plan.study_days - attended, 0),
        complete_attendance=complete,
    )


def rebook_from(failed_on: date) -> date:
    """The first day a failed full-score exam may be taken again (art. 21: 10 days later)."""
    return failed_on + timedelta(days=REBOOK_AFTER_DAYS)


__all__ = ["Basis", "FullScoreBasis", "FullScorePlan", "full_score_plan"]


def exam_from(
    *, first_study_on: date | None, study_days: int, last_attended_on: date | None
) -> date | None:
    """The first day the full-score exam may be taken, once the attendance minimum is met: the
    study lasts ``study_days`` days from the first day studied (the days not attended are
    self-study, art. 19; product reading [U]) and the exam comes after the last day attended.
    None before any study."""
    if first_study_on is None:
        return None
    after_study = first_study_on + timedelta(days=study_days)
    if last_attended_on is None:
        return after_study
    return max(after_study, last_attended_on + timedelta(days=1))


def exam_day_refusal(
    *, exam_on: date, earliest: date | None, last_failed_on: date | None
) -> str | None:
    """Why a full-score exam may not be on ``exam_on``: before the study is over, or within 10
    days of a failed attempt (art. 21: a fail can be rebooked 10 days later, so the tenth day
    after is the first allowed)."""
    if earliest is None or exam_on < earliest:
        return "education.full_score.exam_before_study_end"
    if last_failed_on is not None and exam_on < rebook_from(last_failed_on):
        return "education.full_score.rebook_too_soon"
    return None


def next_subject(required: tuple[str, ...], passed: set[str]) -> str | None:
    """The next subject to sit, in order (科目一 first, then 科目二, 科目三); None when all are
    passed."""
    return next((subject for subject in required if subject not in passed), None)


def exam_subjects(extra: tuple[str, ...]) -> tuple[str, ...]:
    """The subjects of a full-score exam: the theory test (科目一) and the extra ones of art. 22."""
    return ("subject1", *extra)


#: The subjects in exams' own names (``exams.rules.ExamSubject`` values).
SUBJECT_CODES = {"subject1": "subject_1", "subject2": "subject_2", "subject3": "subject_3"}
