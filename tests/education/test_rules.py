"""The points-reduction test and full-score study rules at their edge values."""

from datetime import date, datetime, timedelta

import pytest

from jiaoguan.education.rules import full_score as fs
from jiaoguan.education.rules import reduction_test as rt
from jiaoguan.education.rules.reduction_test import (
    Answer,
    AttemptRefusal,
    AttemptState,
    PastAttempt,
)

RIGHT = Answer(True, 10)
WRONG = Answer(False, 10)
LATE = Answer(True, 64)


def test_eighteen_right_of_twenty_passes():
    assert rt.test_progress([RIGHT] * 18 + [WRONG] * 2).state is AttemptState.PASSED


def test_third_wrong_answer_ends_the_test_at_once():
    progress = rt.test_progress([WRONG, RIGHT, WRONG, WRONG])
    assert progress.state is AttemptState.FAILED
    assert (progress.correct, progress.wrong, progress.answered) == (1, 3, 4)


def test_two_wrong_and_still_answering_is_in_progress():
    assert rt.test_progress([WRONG, WRONG] + [RIGHT] * 10).state is AttemptState.IN_PROGRESS


def test_an_answer_after_sixty_seconds_is_wrong():
    assert rt.answer_counts_correct(Answer(True, 60 + rt.GRACE_SECONDS))
    assert not rt.answer_counts_correct(Answer(True, 60 + rt.GRACE_SECONDS + 0.1))
    assert rt.test_progress([LATE, LATE, LATE]).state is AttemptState.FAILED


def test_more_answers_than_questions_is_refused():
    with pytest.raises(ValueError, match="20 questions"):
        rt.test_progress([RIGHT] * 21)


NOW = datetime(2026, 3, 10, 12, 0)
FAILED = AttemptState.FAILED


def refusal(attempts=(), today=date(2026, 3, 10), deadline=date(2026, 3, 10), complete=True):
    return rt.attempt_refusal(
        now=NOW, today=today, study_complete=complete, test_deadline=deadline, attempts=attempts
    )


def test_first_attempt_on_the_deadline_day_is_allowed_and_the_day_after_is_not():
    assert refusal() is None
    assert refusal(today=date(2026, 3, 11)) is AttemptRefusal.DEADLINE_PASSED


def test_no_test_before_the_study_is_complete():
    assert refusal(complete=False) is AttemptRefusal.STUDY_INCOMPLETE


def test_two_retakes_within_24_hours_then_none():
    one = [PastAttempt(FAILED, NOW - timedelta(hours=24))]
    assert refusal(one) is None
    late = [PastAttempt(FAILED, NOW - timedelta(hours=24, seconds=1))]
    assert refusal(late) is AttemptRefusal.RETAKE_WINDOW_CLOSED
    two = [PastAttempt(FAILED, NOW - timedelta(hours=2)), PastAttempt(FAILED, NOW)]
    assert refusal(two) is None
    three = [*two, PastAttempt(FAILED, NOW)]
    assert refusal(three) is AttemptRefusal.NO_RETAKES_LEFT


def test_passed_or_open_attempt_blocks_a_new_one():
    assert refusal([PastAttempt(AttemptState.PASSED, NOW)]) is AttemptRefusal.ALREADY_PASSED
    assert refusal([PastAttempt(AttemptState.IN_PROGRESS, None)]) is AttemptRefusal.IN_PROGRESS


def test_deadline_is_seven_working_days_with_the_given_calendar():
    def add_working_days(day, n):  # weekends only
        while n:
            day += timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day

    assert rt.test_deadline_from(date(2026, 3, 6), add_working_days) == date(2026, 3, 17)


def test_attempt_expires_after_twenty_full_questions():
    start = NOW
    limit = timedelta(seconds=20 * (60 + rt.GRACE_SECONDS))
    assert not rt.attempt_expired(started_at=start, now=start + limit)
    assert rt.attempt_expired(started_at=start, now=start + limit + timedelta(seconds=1))


# Full score ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("classes", "count", "points", "days", "attended", "onsite", "extra"),
    [
        (["C1"], 1, 12, 7, 5, 2, ()),
        (["C1"], 1, 23, 7, 5, 2, ()),
        (["C1"], 1, 24, 14, 5, 2, ("subject3",)),
        (["C1"], 2, 12, 14, 5, 2, ("subject3",)),
        (["C1"], 1, 35, 14, 5, 2, ("subject3",)),
        (["C1"], 1, 36, 21, 5, 2, ("subject2", "subject3")),
        (["C1"], 3, 24, 21, 5, 2, ("subject2", "subject3")),
        (["C1"], 8, 12, 56, 5, 2, ("subject2", "subject3")),
        (["C1"], 9, 12, 60, 5, 2, ("subject2", "subject3")),
        (["B2"], 1, 12, 30, 10, 5, ()),
        (["C1", "A2"], 2, 24, 60, 10, 5, ("subject3",)),
        (["A1"], 4, 12, 120, 10, 5, ("subject2", "subject3")),
        (["A1"], 5, 12, 120, 10, 5, ("subject2", "subject3")),
    ],
)
def test_full_score_plan(classes, count, points, days, attended, onsite, extra):
    plan = fs.full_score_plan(
        license_classes=classes, full_scores_in_cycle=count, total_points=points
    )
    assert (plan.study_days, plan.min_attended_days, plan.min_onsite_days) == (
        days,
        attended,
        onsite,
    )
    assert plan.extra_subjects == extra
    assert plan.max_online_days == attended - onsite


@pytest.mark.parametrize(("count", "points"), [(0, 12), (1, 11)])
def test_full_score_plan_refuses_impossible_input(count, points):
    with pytest.raises(ValueError, match="at least"):
        fs.full_score_plan(license_classes=["C1"], full_scores_in_cycle=count, total_points=points)


def test_full_score_progress_caps_online_days_and_counts_same_day_once():
    plan = fs.full_score_plan(license_classes=["C1"], full_scores_in_cycle=1, total_points=12)
    d = [date(2026, 3, day) for day in range(1, 10)]
    progress = fs.full_score_progress(plan, onsite_days={d[0]}, online_days={d[0], *d[1:6]})
    assert progress.online_days_credited == 3  # at most 3 of the 5 online
    assert progress.attended_days == 4
    assert not progress.complete_attendance  # only 1 on site
    done = fs.full_score_progress(plan, onsite_days={d[0], d[1]}, online_days=set(d[2:5]))
    assert done.complete_attendance
    assert done.self_study_days_needed == 2


def test_rebooking_after_a_failed_exam_is_ten_days_later():
    assert fs.rebook_from(date(2026, 3, 1)) == date(2026, 3, 11)
