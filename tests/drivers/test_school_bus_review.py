"""A school-bus driver owes the review (审验) every cycle, points or not (162号 art. 90): the
licence view passes the qualification held at the cycle's end to the rule."""

from datetime import date

import pytest

from jiaoguan.drivers.models import SchoolBusQualification
from jiaoguan.drivers.rules import Basis
from jiaoguan.drivers.rules.status import LicenseCondition
from jiaoguan.drivers.selectors import license_of_person
from tests.drivers.factories import make_license

pytestmark = pytest.mark.django_db
# First issued 2016-03-15: the cycle that ended last runs to 2026-03-14; its review is due
# within the 30 days after it.
CYCLE_END = date(2026, 3, 14)
AS_OF = date(2026, 4, 1)


def _view(granted_on=None, cancelled_on=None):
    license = make_license(classes=("B1",), first_issued_on=date(2016, 3, 15))
    if granted_on is not None:
        SchoolBusQualification.objects.create(
            license=license, granted_on=granted_on, cancelled_on=cancelled_on
        )
    return license_of_person(person_id=license.person_id, as_of=AS_OF)


def test_a_qualification_held_at_the_cycle_end_makes_the_review_due_without_points():
    view = _view(granted_on=CYCLE_END)
    assert LicenseCondition.REVIEW_DUE in view.status.conditions
    assert view.status.review.grounds == (Basis.REVIEW_SCHOOL_BUS,)
    assert view.status.review.study_hours == 3
    assert view.status.review.medical_certificate


def test_a_qualification_granted_after_or_cancelled_by_the_cycle_end_owes_nothing():
    for granted, cancelled in (
        (date(2026, 3, 15), None),
        (date(2020, 1, 1), CYCLE_END),
    ):
        view = _view(granted_on=granted, cancelled_on=cancelled)
        assert view.status.review is None, (granted, cancelled)
        assert LicenseCondition.REVIEW_DUE not in view.status.conditions


def test_cancelled_the_day_after_the_cycle_end_it_was_still_held():
    view = _view(granted_on=date(2020, 1, 1), cancelled_on=date(2026, 3, 15))
    assert view.status.review.grounds == (Basis.REVIEW_SCHOOL_BUS,)


def test_a_b1_driver_without_a_qualification_and_without_points_owes_no_review():
    assert _view().status.review is None
