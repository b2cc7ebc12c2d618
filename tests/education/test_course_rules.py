"""The pure rules of full-score study at their edges: the stretch rule online, the end of the
study, the 10-day rebooking, the order of the exam subjects."""

from datetime import date, datetime, timedelta

from jiaoguan.core import clock
from jiaoguan.education.rules import full_score as fs
from jiaoguan.education.rules import study_time as st

T = datetime(2026, 3, 2, 9, 0, tzinfo=clock.TIMEZONE)


def beats(seconds: int, start: datetime = T, tab: str = "a"):
    return [
        st.Heartbeat(tab, start + timedelta(seconds=s), True) for s in range(0, seconds + 1, 15)
    ]


def test_online_stretches_shorter_than_five_minutes_do_not_count():
    short = beats(4 * 60 + 45)
    exact = beats(5 * 60)
    zone = clock.TIMEZONE
    assert st.online_time_by_day(short, zone=zone, min_stretch=st.MIN_STRETCH) == {}
    assert st.online_time_by_day(exact, zone=zone, min_stretch=st.MIN_STRETCH) == {
        T.date(): timedelta(minutes=5)
    }


def test_online_study_before_a_revocation_does_not_count():
    morning = beats(3 * 3600 + 60)
    after = T + timedelta(hours=1)
    counted = st.online_time_by_day(morning, zone=clock.TIMEZONE, starts_at=after)
    assert counted == {T.date(): timedelta(hours=2, minutes=1)}
    assert st.full_score_online_days(morning, zone=clock.TIMEZONE, starts_at=after) == []
    assert st.full_score_online_days(morning, zone=clock.TIMEZONE) == [T.date()]


def test_the_exam_comes_after_the_study_days_and_after_the_last_day_attended():
    first = date(2026, 3, 2)
    assert fs.exam_from(first_study_on=None, study_days=7, last_attended_on=None) is None
    assert fs.exam_from(first_study_on=first, study_days=7, last_attended_on=first) == date(
        2026, 3, 9
    )
    late = date(2026, 3, 12)
    assert fs.exam_from(first_study_on=first, study_days=7, last_attended_on=late) == date(
        2026, 3, 13
    )


def test_a_failed_exam_is_rebooked_ten_days_later_not_nine():
    failed = date(2026, 3, 10)
    earliest = date(2026, 3, 9)
    assert fs.exam_day_refusal(exam_on=date(2026, 3, 19), earliest=earliest, last_failed_on=failed)
    assert (
        fs.exam_day_refusal(exam_on=date(2026, 3, 20), earliest=earliest, last_failed_on=failed)
        is None
    )
    assert fs.exam_day_refusal(exam_on=date(2026, 3, 8), earliest=earliest, last_failed_on=None)


def test_the_subjects_come_in_order_and_repeat_full_scores_add_the_skill_tests():
    assert fs.exam_subjects(fs.extra_subjects(full_scores_in_cycle=1, total_points=23)) == (
        "subject1",
    )
    assert fs.exam_subjects(fs.extra_subjects(full_scores_in_cycle=1, total_points=24)) == (
        "subject1",
        "subject3",
    )
    required = fs.exam_subjects(fs.extra_subjects(full_scores_in_cycle=3, total_points=12))
    assert required == ("subject1", "subject2", "subject3")
    assert fs.next_subject(required, set()) == "subject1"
    assert fs.next_subject(required, {"subject1"}) == "subject2"
    assert fs.next_subject(required, {"subject1", "subject2", "subject3"}) is None
