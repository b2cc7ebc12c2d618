"""Review education for drivers 70 or over after a serious accident (162号 arts. 72 ¶5, 73 ¶3):
the duty follows the accident's date in the cycle that ended (first and last day included)
and the age at its end; on that ground alone no 3 hours are owed, but the memory, judgment
and reaction tests at the counter are, and the driver is told so."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.education import courses
from tests.drivers.factories import make_license
from tests.education.courses import T0
from tests.identity.factories import make_citizen, make_person

pytestmark = pytest.mark.django_db

# First issued 2016-02-20: the cycle 2025-02-20 .. 2026-02-19 ended; review until 2026-03-21.
FIRST = date(2016, 2, 20)


def senior(*, born=date(1955, 2, 19), classes=("C1",), points=0, **accident):
    person = make_person(birth_date=born)
    make_license(
        person=person,
        first_issued_on=FIRST,
        classes=classes,
        points=[(date(2025, 12, 1), points)] if points else [],
        **accident,
    )
    return make_citizen(person=person)


@freeze_time(T0)
@pytest.mark.parametrize(
    ("accident_on", "born", "owed"),
    [
        (date(2026, 2, 19), date(1955, 2, 19), True),  # the cycle's last day; 71 at its end
        (date(2025, 2, 20), date(1956, 2, 19), True),  # its first day; 70 on its last day
        (date(2025, 2, 19), date(1955, 2, 19), False),  # the day before: an earlier cycle
        (date(2026, 2, 19), date(1956, 2, 20), False),  # 70 only the day after the cycle
    ],
)
def test_the_counter_tests_are_owed_after_a_serious_accident_at_70(accident_on, born, owed):
    citizen = senior(born=born, serious_accident_on=accident_on)
    with pytest.raises(ApplicationError) as refused:
        courses.review_open(actor=citizen)
    expected = "education.review.tests_at_counter" if owed else "education.review.not_owed"
    assert refused.value.code == expected
    if owed:
        assert "2026-03-21" in str(refused.value.message)


@freeze_time(T0)
def test_a_large_class_senior_with_points_studies_and_the_tests_are_recorded_as_owed():
    citizen = senior(classes=("A2",), points=3, serious_accident_on=date(2025, 10, 1))
    course = courses.review_open(actor=citizen)
    assert course.required_minutes == 180
    opened = AuditEvent.objects.get(action="education.review.opened")
    assert opened.data["cognitive_tests"] is True
    assert opened.data["grounds"] == [
        "license.review.large_class_with_points",
        "license.review.age_70_serious_accident",
    ]
