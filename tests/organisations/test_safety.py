"""The safety score (issue 19 scope 6): 100 less each event of the 3-year window by its
reference weight, rescored daily for every account at once, every event shown on the page;
another organisation's events never counted or shown."""

from datetime import timedelta
from decimal import Decimal

import pytest

from jiaoguan.core import clock
from jiaoguan.identity.actors import CitizenActor, system_actor
from jiaoguan.organisations import safety, services
from jiaoguan.organisations.models import SafetyScore, SafetyWeight
from jiaoguan.organisations.rules import safety as rules
from jiaoguan.violations.models import ViolationRecord
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.organisations.factories import open_account
from tests.organisations.test_api import staff_client
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def test_the_rule_takes_each_contribution_off_100_and_stops_at_0():
    parts = [rules.Contribution("a", 2, Decimal("1.5")), rules.Contribution("b", 1, Decimal(3))]
    assert rules.score_of(parts) == Decimal("94.0")
    assert rules.score_of([rules.Contribution("a", 500, Decimal(1))]) == Decimal(0)


def _organisation():
    account, admin, actor = open_account()
    today = clock.today()
    car = make_vehicle(organization=account.organization)
    make_entered_record(car)
    handled = make_entered_record(car)
    ViolationRecord.objects.filter(pk=handled.pk).update(status="handled")
    make_entered_record(car, entered_on=today - timedelta(days=4 * 365))  # out of the window
    overdue = make_vehicle(organization=account.organization, traits=["overdue"])
    person = make_person(name="褚师傅")
    make_license(person=person, traits=["revoked"], status_changed_on=today - timedelta(days=10))
    consent = services.consent_request(actor=actor, id_number=person.id_number, name="褚师傅")
    services.consent_decide(
        actor=CitizenActor.of_user(make_citizen(person=person)), consent_id=consent.pk, grant=True
    )
    return account, admin, actor, car, overdue


def test_the_daily_run_scores_every_account_with_the_reference_weights():
    account, _admin, _actor, _car, _overdue = _organisation()
    clean, _a, _b = open_account()
    SafetyWeight.objects.filter(kind="inspection_overdue").update(weight=Decimal(10))
    scored = safety.safety_scores_run(
        actor=system_actor("organisations.safety"), as_of=clock.today()
    )
    assert scored == 2
    mine = SafetyScore.objects.get(account=account)
    # one unhandled (1.5), one handled (0.5), one vehicle overdue (10), one licence void (5)
    assert mine.score == Decimal("83.0")
    assert mine.contributions["violation_unhandled"] == [1, "1.50"]
    assert mine.contributions["inspection_overdue"] == [1, "10.00"]
    assert SafetyScore.objects.get(account=clean).score == Decimal("100.0")
    safety.safety_scores_run(actor=system_actor("organisations.safety"), as_of=clock.today())
    assert SafetyScore.objects.count() == 2  # rescored in place


def test_the_page_explains_the_score_event_by_event_and_only_the_organisations():
    _account, admin, actor, _car, overdue = _organisation()
    other, _other_admin, other_actor = open_account()
    theirs = make_vehicle(organization=other.organization, traits=["overdue"])
    view = safety.safety_of(actor=actor, as_of=clock.today())
    assert view.score == Decimal("90.0")  # 1.5 + 0.5 + 3 + 5 with the default weights
    assert sorted(e.kind for e in view.events) == [
        "inspection_overdue",
        "licence_void",
        "violation_handled",
        "violation_unhandled",
    ]
    page = staff_client(admin).get("/org/safety/").content.decode()
    assert "90.0" in page
    assert overdue.plate_number in page
    assert "褚师傅" in page
    assert theirs.plate_number not in page
    assert safety.safety_of(actor=other_actor, as_of=clock.today()).score == Decimal("97.0")
