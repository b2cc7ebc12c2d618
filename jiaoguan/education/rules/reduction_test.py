"""The points-reduction test (学法减分考试, DOMAIN.md §16.3, §23.3; [S], product default).

20 random questions, 60 seconds each, 18 correct to pass; the test ends as failed at the third
wrong or timed-out answer. A failed test may be retaken within 24 hours of the failure, at most
twice. The test must be taken within 7 working days of completing the study (the caller turns
that into a date with the working-day calendar and passes it in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

QUESTIONS = 20
SECONDS_PER_QUESTION = 60
PASS_MARK = 18
FAIL_AT_WRONG = QUESTIONS - PASS_MARK + 1  # 3: a third mistake makes 18 unreachable
MAX_RETAKES = 2
RETAKE_WITHIN = timedelta(hours=24)
TEST_WITHIN_WORKING_DAYS = 7
#: What the server forgives for the round trip between showing a question and receiving its
#: answer (product default); beyond it the answer counts as timed out.
GRACE_SECONDS = 3


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered (or expired) question: whether it was right and the seconds the server saw
    between sending the question and receiving the answer."""

    correct: bool
    seconds: float


def answer_counts_correct(answer: Answer) -> bool:
    """Right, and in time: an answer after 60 seconds (plus the grace) is a wrong answer."""
    return answer.correct and answer.seconds <= SECONDS_PER_QUESTION + GRACE_SECONDS


@dataclass(frozen=True, slots=True)
class AttemptProgress:
    state: AttemptState
    correct: int
    wrong: int
    answered: int


def test_progress(answers: Sequence[Answer]) -> AttemptProgress:
    """Where a test stands after ``answers`` (in the order given). Answers after the test ended
    are ignored."""
    if len(answers) > QUESTIONS:
        raise ValueError(f"a test has {QUESTIONS} questions, got {len(answers)} answers")
    correct = wrong = answered = 0
    for answer in answers:
        answered += 1
        if answer_counts_correct(answer):
            correct += 1
        else:
            wrong += 1
        if wrong >= FAIL_AT_WRONG:
            return AttemptProgress(AttemptState.FAILED, correct, wrong, answered)
        if correct >= PASS_MARK and answered == QUESTIONS:
            break
    if answered == QUESTIONS:
        state = AttemptState.PASSED if correct >= PASS_MARK else AttemptState.FAILED
        return AttemptProgress(state, correct, wrong, answered)
    return AttemptProgress(AttemptState.IN_PROGRESS, correct, wrong, answered)


class AttemptRefusal(StrEnum):
    STUDY_INCOMPLETE = "education.test.study_incomplete"
    DEADLINE_PASSED = "education.test.deadline_passed"
    ALREADY_PASSED = "education.test.already_passed"
    NO_RETAKES_LEFT = "education.test.no_retakes_left"
    RETAKE_WINDOW_CLOSED = "education.test.retake_window_closed"
    IN_PROGRESS = "education.test.in_progress"


@dataclass(frozen=True, slots=True)
class PastAttempt:
    state: AttemptState
    ended_at: datetime | None


def test_deadline_from(study_completed_on: date, add_working_days) -> date:
    """The last day the test may be taken: 7 working days after the study was completed.
    ``add_working_days(day, n)`` is the calendar (``core.clock.add_working_days``)."""
    return add_working_days(study_completed_on, TEST_WITHIN_WORKING_DAYS)


def attempt_refusal(
    *,
    now: datetime,
    today: date,
    study_complete: bool,
    test_deadline: date | None,
    attempts: Sequence[PastAttempt],
) -> AttemptRefusal | None:
    """Why a new test attempt may not start now, or None when it may.

    The first attempt needs the study complete and ``today`` no later than the deadline. A retake
    (after a failure) is allowed within 24 hours of the last failure, at most twice, even when
    that runs past the deadline day (the retake window is the test's own).
    """
    if not study_complete or test_deadline is None:
        return AttemptRefusal.STUDY_INCOMPLETE
    if any(a.state is AttemptState.PASSED for a in attempts):
        return AttemptRefusal.ALREADY_PASSED
    if any(a.state is AttemptState.IN_PROGRESS for a in attempts):
        return AttemptRefusal.IN_PROGRESS
    if not attempts:
        return AttemptRefusal.DEADLINE_PASSED if today > test_deadline else None
    if len(attempts) > MAX_RETAKES:
        return AttemptRefusal.NO_RETAKES_LEFT
    last_failed = max(a.ended_at for a in attempts if a.ended_at is not None)
    if now - last_failed > RETAKE_WITHIN:
        return AttemptRefusal.RETAKE_WINDOW_CLOSED
    return None


def attempt_expired(*, started_at: datetime, now: datetime) -> bool:
    """A whole test cannot last longer than 20 questions of 60 seconds each (plus the grace):
    an attempt left open past that is over."""
    limit = timedelta(seconds=QUESTIONS * (SECONDS_PER_QUESTION + GRACE_SECONDS))
    return now - started_at > limit
