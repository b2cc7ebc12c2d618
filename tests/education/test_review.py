"""Review education (审验教育, 162号 arts. 72-73): who owes it, 3 hours of study (on site or
online), the office's review within 7 working days, and who may take which step."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.core.errors import ApplicationError
from jiaoguan.education import course_selectors, courses, officers
from jiaoguan.education.models import StudyCourse
from tests.drivers.factories import make_license
from tests.education.courses import T0, officer, onsite
from tests.identity.factories import make_citizen, make_person

pytestmark = pytest.mark.django_db


def review_driver(classes=("B2",), points: int = 3):
    person = make_person()
    # The cycle ended on 2026-02-19; the review is due within 30 days (T0 is 2026-03-02).
    make_license(
        person=person,
        first_issued_on=date(2016, 2, 20),
        classes=classes,
        points=[(date(2025, 12, 1), points)] if points else [],
    )
    return make_citizen(person=person)


@freeze_time(T0)
def test_a_large_class_holder_with_points_owes_three_hours_and_the_office_approves():
    citizen = review_driver()
    course = courses.review_open(actor=citizen)
    assert courses.review_open(actor=citizen) == course
    assert course.kind == StudyCourse.Kind.REVIEW
    assert course.required_minutes == 180
    assert course.state == "studying"
    examiner = officer()
    onsite(examiner, course, T0.date(), minutes=179)
    course.refresh_from_db()
    assert course.state == "studying"
    assert course_selectors.course_progress(course).counted_minutes == 179
    officers.study_revoke(actor=examiner, course_id=course.pk, reason="签到后离开")
    onsite(examiner, course, T0.date(), minutes=180)
    course.refresh_from_db()
    assert course.state == "reviewing"
    # the review's clock: 7 working days from today
    assert course.case.stage_due_on == date(2026, 3, 11)
    with pytest.raises(ApplicationError) as no_reason:
        officers.review_decide(actor=examiner, course_id=course.pk, approve=False)
    assert no_reason.value.code == "education.reason_required"
    with pytest.raises(ApplicationError) as citizen_decides:
        officers.review_decide(actor=citizen, course_id=course.pk, approve=True)
    assert citizen_decides.value.code == "auth.permission_denied"
    officers.review_decide(actor=examiner, course_id=course.pk, approve=True)
    course.refresh_from_db()
    assert course.state == "approved"
    assert course.closed_at is not None


@freeze_time(T0)
def test_a_c1_holder_with_points_or_a_b2_holder_without_owes_no_review_education():
    for citizen in (review_driver(classes=("C1",)), review_driver(points=0)):
        with pytest.raises(ApplicationError) as refused:
            courses.review_open(actor=citizen)
        assert refused.value.code == "education.review.not_owed"


def test_the_office_sends_the_study_back_with_a_reason():
    with freeze_time(T0) as frozen:
        _sent_back(frozen)


def _sent_back(frozen):
    citizen = review_driver()
    course = courses.review_open(actor=citizen)
    examiner = officer()
    onsite(examiner, course, T0.date(), minutes=200)
    frozen.tick(60)
    officers.review_decide(
        actor=examiner, course_id=course.pk, approve=False, reason="学习内容未覆盖事故案例"
    )
    course.refresh_from_db()
    assert course.state == "studying"
    assert course_selectors.course_progress(course).counted_minutes == 0
