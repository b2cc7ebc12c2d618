"""On PostgreSQL: clearing a full score happens once, whoever asks at the same moment (the
driver's tabs after paying, and the examiner recording the pass), and the last seat of a
session goes to one driver."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.drivers.services import points_fine_paid
from jiaoguan.education import course_exams, courses, officers
from jiaoguan.education.models import FullScoreClearance, FullScoreExam
from tests.education.courses import T0, full_score_driver, officer, onsite, theory_session

CALLERS = 8


def _attended(me, examiner):
    for n in range(5):
        me.next_day(0 if n == 0 else 1)
        onsite(examiner, me.course, clock.today())


def _clear(citizen, course_id: int) -> str:
    try:
        return f"clearance {courses.full_score_clear(actor=citizen, course_id=course_id).pk}"
    except ApplicationError as error:
        return error.code
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_tabs_clearing_one_full_score_at_once_clear_it_once():
    with full_score_driver(fine_paid=False) as me:
        examiner = officer()
        _attended(me, examiner)
        exam = me.book(theory_session(T0.date() + timedelta(days=8)))
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=True, score=96)
        assert me.course.state == "passed"
        points_fine_paid(points_record_id=PointsRecord.objects.get(license=me.license).pk)
        course_id = me.course.pk
        with ThreadPoolExecutor(max_workers=CALLERS) as pool:
            outcomes = list(pool.map(lambda _: _clear(me.citizen, course_id), range(CALLERS)))
    clearance = FullScoreClearance.objects.get()
    assert set(outcomes) == {f"clearance {clearance.pk}"}
    assert AuditEvent.objects.filter(action="drivers.points.cleared").count() == 1
    assert AuditEvent.objects.filter(action="applications.case.clear").count() == 1
    assert clearance.points_cleared == 12


def _book(driver, session_id: int) -> str:
    try:
        course_exams.full_score_exam_book(
            actor=driver.citizen, course_id=driver.course.pk, session_id=session_id
        )
        return "booked"
    except ApplicationError as error:
        return error.code
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_seat_of_a_session_goes_to_one_driver():
    drivers = []
    with full_score_driver() as first:
        examiner = officer()
        _attended(first, examiner)
        drivers.append(first)
        session = theory_session(T0.date() + timedelta(days=8), capacity=1)
        others = []
        for _ in range(3):
            with full_score_driver() as other:  # noticed at T0 too; back on first's clock after
                others.append(other)
        for other in others:
            for n in range(5):
                onsite(examiner, other.course, T0.date() + timedelta(days=n))
        drivers += others
        with ThreadPoolExecutor(max_workers=len(drivers)) as pool:
            outcomes = list(pool.map(lambda d: _book(d, session.pk), drivers))
    assert outcomes.count("booked") == 1
    assert set(outcomes) - {"booked"} == {"education.exam.full"}
    assert FullScoreExam.objects.filter(session=session).count() == 1
