"""Full-score education (满分教育) through the services on a simulated clock: opened by the
twelfth point, study counted by the server (online and on site), the exam booked where the
study was done, the points cleared once with the fines paid; the rules at their edges."""

from datetime import date, timedelta

import pytest

from jiaoguan.applications.rules import education as tables
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import DrivingLicense, PointsRecord
from jiaoguan.drivers.services import points_fine_paid
from jiaoguan.education import course_selectors, courses, officers
from jiaoguan.education.models import (
    COURSE_OPEN_STATES,
    EducationParameterSet,
    FullScoreClearance,
    FullScoreExam,
    StudyCourse,
)
from tests.education.courses import (
    T0,
    full_score_driver,
    officer,
    onsite,
    reach_full_score,
    theory_session,
)

pytestmark = pytest.mark.django_db


def test_the_open_states_are_the_tables_open_states():
    assert set(COURSE_OPEN_STATES) == tables.FULL_SCORE.open_states | tables.REVIEW.open_states


def test_the_twelfth_point_seizes_the_license_and_serves_the_notice_with_the_study_owed():
    with full_score_driver() as me:
        course = me.course
        assert course.state == "notified"
        assert course.case.state == "notified"
        assert (course.study_days, course.min_attended_days, course.min_onsite_days) == (7, 5, 2)
        assert course.max_online_days == 3
        assert course.exam_subjects == ["subject1"]
        # 30 natural days from the notice (2026-04-01, a Wednesday: a working day).
        assert course.attend_by == date(2026, 4, 1)
        me.license.refresh_from_db()
        assert me.license.status == DrivingLicense.Status.SUSPENDED
        assert AuditEvent.objects.filter(action="education.full_score.opened").count() == 1
        # A further point while the course is open opens no second course.
        reach_full_score(me.license, 1)
        assert StudyCourse.objects.filter(license=me.license).count() == 1


def test_a_large_class_driver_owes_30_days_10_attended_5_on_site():
    with full_score_driver(classes=("B2",)) as me:
        course = me.course
        assert (course.study_days, course.min_attended_days, course.min_onsite_days) == (30, 10, 5)
        assert course.max_online_days == 5


def test_eleven_points_open_nothing():
    with full_score_driver(points=11) as me:
        assert me.course is None


def test_an_onsite_day_counts_after_more_than_three_hours():
    with full_score_driver() as me:
        examiner = officer()
        onsite(examiner, me.course, T0.date(), minutes=180)
        progress = course_selectors.course_progress(me.course)
        assert progress.onsite_days == ()
        assert progress.attended_days == 0
        # the first record started the study even so
        assert me.course.state == "studying"
        me.next_day()
        onsite(examiner, me.course, clock.today(), minutes=181)
        progress = course_selectors.course_progress(me.course)
        assert progress.onsite_days == (T0.date() + timedelta(days=1),)


def test_one_onsite_record_a_day_and_only_by_an_officer():
    with full_score_driver() as me:
        examiner = officer()
        onsite(examiner, me.course, T0.date())
        with pytest.raises(ApplicationError) as twice:
            onsite(examiner, me.course, T0.date())
        assert twice.value.code == "education.onsite.already_recorded"
        with pytest.raises(ApplicationError) as citizen:
            onsite(me.citizen, me.course, T0.date())
        assert citizen.value.code == "auth.permission_denied"
        with pytest.raises(ApplicationError) as future:
            onsite(examiner, me.course, T0.date() + timedelta(days=3))
        assert future.value.code == "education.onsite.day"


def test_online_days_count_only_up_to_the_share_and_on_site_days_are_required():
    with full_score_driver() as me:
        examiner = officer()
        course = me.course
        progress = course_selectors.course_progress(course)
        assert not progress.complete
        # Only 1 on-site day of the 2 required: 4 on-site-free days cannot complete it.
        onsite(examiner, course, T0.date())
        plan_progress = course_selectors.course_progress(me.course)
        assert plan_progress.attended_days == 1
        assert not plan_progress.complete


def test_online_study_of_more_than_three_hours_makes_a_day():
    with full_score_driver() as me:
        me.study_online(3 * 3600 + 60)
        progress = course_selectors.course_progress(me.course)
        assert progress.online_days == (T0.date(),)
        assert me.course.state == "studying"
        assert me.course.first_study_on == T0.date()


def test_five_onsite_days_complete_the_study_and_the_exam_waits_for_the_seven_days():
    with full_score_driver() as me:
        examiner = officer()
        for n in range(5):
            me.next_day(0 if n == 0 else 1)
            onsite(examiner, me.course, clock.today())
        course = me.course
        assert course.state == "study_complete"
        progress = course_selectors.course_progress(course)
        assert progress.exam_from == T0.date() + timedelta(days=7)
        early = theory_session(T0.date() + timedelta(days=6))
        with pytest.raises(ApplicationError) as refused:
            me.book(early)
        assert refused.value.code == "education.full_score.exam_before_study_end"
        elsewhere = theory_session(T0.date() + timedelta(days=7), region="320500")
        with pytest.raises(ApplicationError) as other_city:
            me.book(elsewhere)
        assert other_city.value.code == "education.exam.session"
        exam = me.book(theory_session(T0.date() + timedelta(days=7)))
        assert me.course.state == "exam_booked"
        assert exam.subject == "subject1"


def _booked(me, examiner, exam_on=None):
    for n in range(5):
        me.next_day(0 if n == 0 else 1)
        onsite(examiner, me.course, clock.today())
    return me.book(theory_session(exam_on or T0.date() + timedelta(days=8)))


def test_89_fails_90_passes_and_the_points_are_cleared_and_the_license_returned():
    with full_score_driver() as me:
        examiner = officer()
        exam = _booked(me, examiner)
        me.next_day(4)  # the exam day
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=True, score=89)
        assert me.course.state == "study_complete"
        failed_on = exam.exam_on
        day9 = theory_session(failed_on + timedelta(days=9))
        with pytest.raises(ApplicationError) as soon:
            me.book(day9)
        assert soon.value.code == "education.full_score.rebook_too_soon"
        again = me.book(theory_session(failed_on + timedelta(days=10)))
        me.next_day(10)
        officers.full_score_exam_result(actor=examiner, exam_id=again.pk, passed=False, score=90)
        course = me.course
        assert course.state == "cleared"
        assert FullScoreClearance.objects.get(course=course).points_cleared == 12
        me.license.refresh_from_db()
        assert me.license.status == DrivingLicense.Status.VALID
        assert not PointsRecord.objects.filter(license=me.license, cleared_on__isnull=True).exists()
        assert AuditEvent.objects.filter(action="drivers.points.cleared").count() == 1


def test_the_pass_mark_is_reference_data():
    with full_score_driver() as me:
        EducationParameterSet.objects.create(effective_from=date(2026, 1, 1), theory_pass_mark=80)
        examiner = officer()
        exam = _booked(me, examiner)
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=False, score=80)
        assert me.course.state == "cleared"


def test_with_a_fine_unpaid_the_pass_waits_for_the_payment():
    with full_score_driver(fine_paid=False) as me:
        examiner = officer()
        exam = _booked(me, examiner)
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=True, score=95)
        assert me.course.state == "passed"
        with pytest.raises(ApplicationError) as unpaid:
            courses.full_score_clear(actor=me.citizen, course_id=me.course.pk)
        assert unpaid.value.code == "education.full_score.fines_unpaid"
        points_fine_paid(points_record_id=PointsRecord.objects.get(license=me.license).pk)
        clearance = courses.full_score_clear(actor=me.citizen, course_id=me.course.pk)
        assert courses.full_score_clear(actor=me.citizen, course_id=me.course.pk) == clearance
        assert me.course.state == "cleared"


def test_a_second_full_score_in_the_cycle_owes_14_days_and_the_road_test():
    with full_score_driver() as me:
        examiner = officer()
        exam = _booked(me, examiner)
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=True, score=100)
        reach_full_score(me.license, 12)
        second = me.course
        assert second.ordinal == 2
        assert second.points == 24
        assert second.study_days == 14
        assert second.exam_subjects == ["subject1", "subject3"]


def test_an_officer_revokes_falsified_study_with_a_reason_and_it_starts_again():
    with full_score_driver() as me:
        examiner = officer()
        exam = _booked(me, examiner)
        with pytest.raises(ApplicationError) as no_reason:
            officers.study_revoke(actor=examiner, course_id=me.course.pk, reason=" ")
        assert no_reason.value.code == "education.reason_required"
        with pytest.raises(ApplicationError) as citizen:
            officers.study_revoke(actor=me.citizen, course_id=me.course.pk, reason="代学")
        assert citizen.value.code == "auth.permission_denied"
        officers.study_revoke(actor=examiner, course_id=me.course.pk, reason="他人代为学习")
        course = me.course
        assert course.state == "studying"
        assert FullScoreExam.objects.get(pk=exam.pk).result == "void"
        assert course_selectors.course_progress(course).onsite_days == ()
        event = AuditEvent.objects.get(action="education.course.revoked")
        assert event.data["reason"] == "他人代为学习"
        assert event.actor_label == examiner.username
        # The day revoked may be recorded again, and counts.
        onsite(examiner, course, clock.today())
        assert course_selectors.course_progress(me.course).onsite_days == (clock.today(),)


def test_not_attending_within_30_days_announces_the_license_out_of_use():
    with full_score_driver() as me:
        from jiaoguan.identity.actors import system_actor

        sweeper = system_actor("education.lapse")
        assert officers.full_score_lapse(actor=sweeper, as_of=date(2026, 4, 1)) == 0
        assert officers.full_score_lapse(actor=sweeper, as_of=date(2026, 4, 2)) == 1
        assert me.course.state == "out_of_use"
        assert me.course.closed_at is not None


def test_studying_in_time_escapes_the_lapse():
    with full_score_driver() as me:
        onsite(officer(), me.course, T0.date())
        from jiaoguan.identity.actors import system_actor

        assert officers.full_score_lapse(actor=system_actor("t"), as_of=date(2026, 5, 1)) == 0
        assert me.course.state == "studying"


def test_the_daily_task_lapses_what_is_overdue_once():
    from jiaoguan.education.tasks import full_score_lapse_run

    with full_score_driver() as me:
        me.frozen.move_to("2026-04-02 01:00:00")
        assert full_score_lapse_run() == 1
        assert full_score_lapse_run() == 0
        assert me.course.state == "out_of_use"
