"""The demo full-score driver: created once, at 12 points, with the full-score education open
(7 study days for a C1 license) and a log-in printed in the banner."""

import pytest

from jiaoguan.demo.education import FULL_PHONE, ensure_demo_full_score
from jiaoguan.education.models import StudyCourse
from jiaoguan.identity.models import User

pytestmark = pytest.mark.django_db


def test_the_full_score_driver_is_created_once_with_the_course_open(client):
    lines = ensure_demo_full_score(region_code="320102", number=21)
    assert "13900000013" in lines[0]
    assert "Demo-2026" in lines[0]
    ensure_demo_full_score(region_code="320102", number=21)
    user = User.objects.get(phone=FULL_PHONE)
    course = StudyCourse.objects.get(person=user.person)
    assert (course.kind, course.state, course.study_days) == ("full_score", "notified", 7)
    assert (course.min_attended_days, course.min_onsite_days) == (5, 2)
    assert client.login(username=user.username, password="Demo-2026")
    page = client.get(f"/me/education/courses/{course.pk}/")
    assert page.status_code == 200
