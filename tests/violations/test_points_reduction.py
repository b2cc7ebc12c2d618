"""Points reduction by study: eligibility read from the register (163号 arts. 25-27)."""

import pytest

from jiaoguan.core import clock
from jiaoguan.drivers.rules import Basis
from jiaoguan.identity.services import api_token_issue
from jiaoguan.violations.selectors import points_reduction_eligibility_of
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def eligibility(person):
    return points_reduction_eligibility_of(person_id=person.pk, as_of=clock.today())


def test_points_on_record_and_nothing_else_may_be_reduced():
    person = make_person()
    make_license(person=person, points=[(clock.today(), 3)])
    found = eligibility(person)
    assert (found.eligible, found.max_points) == (True, 3)


def test_an_unhandled_record_of_ones_own_car_refuses():
    person = make_person()
    make_license(person=person, points=[(clock.today(), 3)])
    make_entered_record(make_vehicle(owner=person))
    assert eligibility(person).refusals == (Basis.REDUCTION_UNHANDLED_VIOLATIONS,)


def test_an_overdue_inspection_and_probation_refuse():
    person = make_person()
    make_license(person=person, traits=["new_driver"], points=[(clock.today(), 3)])
    make_vehicle(owner=person, traits=["overdue"])
    refusals = set(eligibility(person).refusals)
    assert {Basis.REDUCTION_IN_PROBATION, Basis.REDUCTION_VEHICLE_INSPECTION} <= refusals


def test_no_license_no_answer_and_the_api_says_so(client):
    citizen = make_citizen()
    assert eligibility(citizen.person) is None
    answer = client.get(
        "/api/v1/me/violations/points-reduction/eligibility",
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=citizen)}",
    )
    assert answer.json() == {
        "has_license": False,
        "eligible": False,
        "max_points": 0,
        "refusals": [],
    }


def test_the_api_explains_each_refusal(client):
    person = make_person()
    make_license(person=person)  # no points: nothing to reduce
    answer = client.get(
        "/api/v1/me/violations/points-reduction/eligibility",
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=make_citizen(person=person))}",
    ).json()
    assert answer["eligible"] is False
    assert [item["code"] for item in answer["refusals"]] == [Basis.REDUCTION_NO_POINTS]
    assert answer["refusals"][0]["text"]
