"""Who may book which exam when (162号 arts. 39–47, DOMAIN.md §7).

Day counts are natural days: "满十日" and the other §7 periods are not in art. 110's list of
working-day periods (一日 / 三日 / 五日), and an exam booking has a date, not a deadline.
"Earliest booking ≥ N days from the permit" reads as: booking opens on ``issued_on + N``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from jiaoguan.core.dates import add_days, add_years
from jiaoguan.drivers.rules import CAR_TYPE_CLASSES, LicenseClass, age_limits, birthday

from .parameters import (
    ATTEMPTS_PER_BOOKING,
    CANCELLATION_DAYS_BEFORE,
    DEFAULT_PARAMETERS,
    PERMIT_VALID_YEARS,
    REBOOKING_WAIT_DAYS,
    SKILL_BOOKING_LIMIT,
    ExamParameters,
)
from .subjects import SKILL_SUBJECTS, ExamSubject, required_subjects

_LARGE = frozenset(
    {LicenseClass.A1, LicenseClass.A2, LicenseClass.A3, LicenseClass.B1, LicenseClass.B2}
)

#: Days from the permit's issue date to the earliest 科目二 / 科目三 booking (arts. 43–44).
#: ``None``: the class has no such test.
_EARLIEST_DAYS: dict[LicenseClass, tuple[int, int | None]] = {
    **dict.fromkeys((LicenseClass.C2, LicenseClass.C3, LicenseClass.C4, LicenseClass.C5), (10, 20)),
    LicenseClass.C1: (10, 30),
    **dict.fromkeys((LicenseClass.M, LicenseClass.N, LicenseClass.P), (10, 30)),
    LicenseClass.C6: (20, None),
    **dict.fromkeys(_LARGE, (20, 40)),
    # Motorcycles: §7's table has no row; art. 43 gives them the small-class 10 / 20 days.
    **dict.fromkeys((LicenseClass.D, LicenseClass.E, LicenseClass.F), (10, 20)),
}
#: A large-class upgrade by someone already holding a car-type license: 科目三 after 30 days.
_LARGE_UPGRADE_SUBJECT_3_DAYS = 30


@dataclass(frozen=True, slots=True)
class EarliestBooking:
    subject2_from: date | None
    subject3_from: date | None


def earliest_booking(
    license_class: LicenseClass,
    permit_issued_on: date,
    held_classes: Iterable[LicenseClass] = (),
) -> EarliestBooking:
    """The first dates 科目二 and 科目三 may be booked, counted from the learner permit.

    ``None`` where the class has no such subject (C6 has no 科目三 road test).
    """
    subject2_days, subject3_days = _EARLIEST_DAYS[LicenseClass(license_class)]
    if (
        subject3_days is not None
        and license_class in _LARGE
        and frozenset(held_classes) & CAR_TYPE_CLASSES
    ):
        subject3_days = _LARGE_UPGRADE_SUBJECT_3_DAYS
    return EarliestBooking(
        subject2_from=add_days(permit_issued_on, subject2_days),
        subject3_from=None if subject3_days is None else add_days(permit_issued_on, subject3_days),
    )


def permit_valid_until(issued_on: date, *, upper_age_reached_on: date | None = None) -> date:
    """Last day of a learner permit: 3 years (art. 41), never past the upper age limit.

    The same day three years later is the last valid day, the convention of the driving
    license (Feb 29 becomes Feb 28). ``upper_age_reached_on`` is the birthday on which the
    applicant passes the class's upper age; the permit ends the day before it.
    """
    until = add_years(issued_on, PERMIT_VALID_YEARS)
    if upper_age_reached_on is not None:
        until = min(until, upper_age_reached_on - timedelta(days=1))
    return until


def upper_age_reached_on(license_class: LicenseClass, birth_date: date, on: date) -> date | None:
    """The birthday on which the applicant passes the class's upper application age (in the
    era of ``on``), or ``None`` when the class has no upper age. The limit includes the age
    itself (art. 110), so it is passed on the birthday after it.
    """
    maximum = age_limits(LicenseClass(license_class), on)[1]
    return None if maximum is None else birthday(birth_date, maximum + 1)


class Outcome(StrEnum):
    """How one booking ended."""

    PENDING = "pending"  # booked, exam not yet held
    PASSED = "passed"
    FAILED = "failed"  # the attempt and the retake failed, or the retake was not taken
    NO_SHOW = "no_show"  # counts as a failure (art. 46)
    CANCELLED = "cancelled"  # cancelled in time: does not count


#: Outcomes that use up one of the five bookings of a skill subject.
_COUNTED = frozenset({Outcome.PENDING, Outcome.PASSED, Outcome.FAILED, Outcome.NO_SHOW})
_FAILURES = frozenset({Outcome.FAILED, Outcome.NO_SHOW})


def booking_outcome(attempt_results: Sequence[bool | None]) -> Outcome:
    """The outcome of one booking from its attempts (art. 47): ``True`` passed, ``False``
    failed, ``None`` absent. One attempt plus one retake; an absence is a failure (art. 46).
    """
    if not attempt_results:
        return Outcome.PENDING
    if len(attempt_results) > ATTEMPTS_PER_BOOKING:
        raise ValueError(f"a booking has at most {ATTEMPTS_PER_BOOKING} attempts")
    if attempt_results[0] is None:
        return Outcome.NO_SHOW
    if any(result is True for result in attempt_results):
        return Outcome.PASSED
    return Outcome.FAILED


def retake_allowed(attempt_results: Sequence[bool | None]) -> bool:
    """Whether the booking still has its retake: the first attempt failed (not absent)."""
    return len(attempt_results) == 1 and attempt_results[0] is False


@dataclass(frozen=True, slots=True)
class PastBooking:
    subject: ExamSubject
    exam_on: date
    outcome: Outcome


class Refusal(StrEnum):
    """Why a booking is refused; each value is the suffix of an ``exams.eligibility.*`` code."""

    NOT_REQUIRED = "not_required"  # the class has no such subject
    ALREADY_PASSED = "already_passed"
    ORDER = "order"  # a subject that must come first is not passed
    NO_PERMIT = "no_permit"
    TOO_EARLY = "too_early"  # before the earliest booking date
    PERMIT_EXPIRED = "permit_expired"  # the exam falls after the permit's last day
    LIMIT_REACHED = "limit_reached"  # five bookings of a skill subject used
    REBOOKING_WAIT = "rebooking_wait"  # under 10 days since a failed booking
    PENDING_BOOKING = "pending_booking"  # a booking of this subject is still open
    DEADLINE_PASSED = "deadline_passed"  # after a license holder's 3 years (art. 45)


@dataclass(frozen=True, slots=True)
class Eligibility:
    refusals: tuple[Refusal, ...]
    #: The first date the booking may be made, when only waiting stands in the way.
    earliest_on: date | None
    bookings_used: int
    bookings_left: int | None

    @property
    def eligible(self) -> bool:
        return not self.refusals


def booking_eligibility(
    *,
    license_class: LicenseClass,
    subject: ExamSubject,
    as_of: date,
    exam_on: date,
    permit_issued_on: date | None,
    permit_valid_until: date | None,
    history: Sequence[PastBooking] = (),
    held_classes: Iterable[LicenseClass] = (),
    parameters: ExamParameters = DEFAULT_PARAMETERS,
    completion_deadline: date | None = None,
) -> Eligibility:
    """Every §7 condition for booking ``subject`` on ``as_of`` for an exam on ``exam_on``.

    ``history`` is every earlier booking under the current application (cancelled ones
    included). ``completion_deadline`` is a military or foreign license holder's last day
    (art. 45; ``deadlines.completion_deadline``): no exam after it, of any subject. All
    refusals are returned, not only the first.
    """
    held = tuple(held_classes)
    required = required_subjects(license_class, held)
    refusals: list[Refusal] = []
    waits: list[date] = []
    mine = [b for b in history if b.subject == subject]
    passed = {b.subject for b in history if b.outcome is Outcome.PASSED}
    used = sum(1 for b in mine if b.outcome in _COUNTED)
    limit = SKILL_BOOKING_LIMIT if subject in SKILL_SUBJECTS else parameters.knowledge_booking_limit
    if subject not in required:
        refusals.append(Refusal.NOT_REQUIRED)
    if subject in passed:
        refusals.append(Refusal.ALREADY_PASSED)
    if any(b.outcome is Outcome.PENDING for b in mine):
        refusals.append(Refusal.PENDING_BOOKING)
    if subject is not ExamSubject.SUBJECT_1:
        subject_1_missing = (
            ExamSubject.SUBJECT_1 in required and ExamSubject.SUBJECT_1 not in passed
        )
        skills_missing = not (SKILL_SUBJECTS & set(required) <= passed)
        if subject_1_missing or (subject is ExamSubject.SAFE_DRIVING and skills_missing):
            refusals.append(Refusal.ORDER)
        if permit_issued_on is None or permit_valid_until is None:
            if ExamSubject.SUBJECT_1 in required:
                refusals.append(Refusal.NO_PERMIT)
        else:
            if exam_on > permit_valid_until:
                refusals.append(Refusal.PERMIT_EXPIRED)
            earliest = earliest_booking(license_class, permit_issued_on, held)
            opens = {
                ExamSubject.SUBJECT_2: earliest.subject2_from,
                ExamSubject.SUBJECT_3: earliest.subject3_from,
            }.get(subject)
            if opens is not None and as_of < opens:
                refusals.append(Refusal.TOO_EARLY)
                waits.append(opens)
    if completion_deadline is not None and exam_on > completion_deadline:
        refusals.append(Refusal.DEADLINE_PASSED)
    if limit is not None and used >= limit:
        refusals.append(Refusal.LIMIT_REACHED)
    if subject in SKILL_SUBJECTS:
        failures = [b.exam_on for b in mine if b.outcome in _FAILURES]
        if failures:
            again = add_days(max(failures), REBOOKING_WAIT_DAYS)
            if as_of < again:
                refusals.append(Refusal.REBOOKING_WAIT)
                waits.append(again)
    only_waiting = set(refusals) <= {Refusal.TOO_EARLY, Refusal.REBOOKING_WAIT}
    return Eligibility(
        refusals=tuple(dict.fromkeys(refusals)),
        earliest_on=max(waits) if waits and only_waiting else None,
        bookings_used=used,
        bookings_left=None if limit is None else max(0, limit - used),
    )


def bookings_used(history: Sequence[PastBooking], subject: ExamSubject) -> int:
    """Bookings of ``subject`` that count towards its limit (cancelled in time do not)."""
    return sum(1 for b in history if b.subject == subject and b.outcome in _COUNTED)


def fifth_failure_voids_passes(history: Sequence[PastBooking]) -> bool:
    """Whether the fifth booking of a skill subject failed, voiding the other passes (art. 47)."""
    for subject in SKILL_SUBJECTS:
        counted = [b for b in history if b.subject == subject and b.outcome in _COUNTED]
        if len(counted) >= SKILL_BOOKING_LIMIT and counted[-1].outcome in _FAILURES:
            return True
    return False


def cancellation_deadline(exam_on: date) -> date:
    """The last date a booking may be cancelled: the day before the exam (art. 46)."""
    return exam_on - timedelta(days=CANCELLATION_DAYS_BEFORE)


def cancellation_allowed(exam_on: date, as_of: date) -> bool:
    return as_of <= cancellation_deadline(exam_on)


def plan_publication_deadline(
    exam_on: date, parameters: ExamParameters = DEFAULT_PARAMETERS
) -> date:
    """The last day an exam plan may be published: at least 10 days before the exam (art. 52)."""
    return exam_on - timedelta(days=parameters.plan_publication_days)


def sort_time(
    *,
    application_accepted_at: datetime,
    previous_exam_at: datetime | None = None,
    last_cancelled_or_absent_at: datetime | None = None,
) -> datetime:
    """The ranking key when bookings exceed places (DOMAIN.md §7, [S]); earlier goes first.

    1. a first booking: when the license application was accepted;
    2. otherwise: the time of the previous exam;
    3. after a cancellation or absence: the time of it;
    4. when 2 and 3 both apply: the more recent of the two.
    """
    candidates = [t for t in (previous_exam_at, last_cancelled_or_absent_at) if t is not None]
    return max(candidates) if candidates else application_accepted_at


def is_first_time(history: Sequence[PastBooking], subject: ExamSubject) -> bool:
    """No earlier counted booking of this subject: a first-time (not repeat) applicant."""
    return not any(b.subject == subject and b.outcome in _COUNTED for b in history)
