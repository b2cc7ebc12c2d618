"""事故快处: report, join, propose, sign, dispute, with the refusals a party meets."""

import pytest

from jiaoguan.accidents import selectors, services
from jiaoguan.accidents.models import Party
from jiaoguan.accidents.rules.eligibility import Facts
from jiaoguan.applications.models import CaseTransition
from jiaoguan.applications.services import case_transition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from tests.accidents.factories import joined, make_driver, report, sign, vehicle
from tests.identity.factories import make_citizen, make_officer

pytestmark = pytest.mark.django_db


def _refusal(call, *args, **kwargs) -> str:
    with pytest.raises(ApplicationError) as refused:
        call(*args, **kwargs)
    return refused.value.code


def test_party_a_reports_and_party_b_joins_with_the_code():
    a, b = make_driver(), make_driver()
    accident = report(a)
    assert accident.case.state == "reported"
    assert len(accident.join_code) == 8
    accident = services.accident_join(actor=b, code=accident.join_code.lower(), **vehicle("苏B1"))
    assert accident.case.state == "joined"
    assert accident.case.co_applicant_id == b.person_id
    assert [p.role for p in accident.parties.all()] == ["a", "b"]
    assert AuditEvent.objects.filter(action="accidents.reported", actor_id=a.pk).exists()
    assert AuditEvent.objects.filter(action="accidents.joined", actor_id=b.pk).exists()


def test_an_injury_is_refused_with_what_to_do_instead():
    hurt = Facts(vehicles=2, injured=True, both_insured=True, both_licensed=True, movable=True)
    with pytest.raises(ApplicationError) as refused:
        report(make_driver(), facts=hurt)
    assert refused.value.code == "accidents.not_eligible"
    assert "120" in str(refused.value.message)  # call 120 and 122, do not move
    assert not Party.objects.exists()


def test_a_citizen_without_a_valid_licence_is_told_to_call_122():
    assert _refusal(report, driver=make_citizen()) == "accidents.not_licensed"


def test_refusals_of_joining():
    a, b = make_driver(), make_driver()
    accident = report(a)
    code = accident.join_code
    assert _refusal(services.accident_join, actor=a, code=code, **vehicle()) == (
        "accidents.same_party"
    )
    assert _refusal(services.accident_join, actor=b, code="ZZZZZZZZ", **vehicle()) == (
        "accidents.join_code"
    )
    services.accident_join(actor=b, code=code, **vehicle("苏B2"))
    third = make_driver()
    assert _refusal(services.accident_join, actor=third, code=code, **vehicle("苏C3")) == (
        "accidents.join_code"
    )


def test_both_sign_the_proposal_and_the_agreement_is_made_once():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    services.accident_propose(actor=a, accident=accident.pk, scenario="rear_end", party="b")
    accident.refresh_from_db()
    assert (accident.share_a, accident.share_b) == (0, 100)
    sign(a, accident.pk)
    assert _refusal(sign, a, accident.pk) == ("accidents.already_signed")
    accident = sign(b, accident.pk)
    assert accident.case.state == "agreed"
    assert accident.agreement_number.startswith("KC320102")
    assert _refusal(sign, b, accident.pk) == "accidents.state"


def test_a_new_proposal_clears_the_signatures_of_the_earlier_one():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    services.accident_propose(actor=a, accident=accident.pk, scenario="rear_end", party="b")
    sign(a, accident.pk)
    services.accident_propose(actor=b, accident=accident.pk, scenario="both_lane_change", party="a")
    accident.refresh_from_db()
    assert (accident.share_a, accident.share_b) == (50, 50)
    assert not accident.parties.filter(signed_at__isnull=False).exists()
    sign(b, accident.pk)
    accident.refresh_from_db()
    assert accident.case.state == "proposed"  # a's signature was for the earlier proposal
    assert accident.agreement_number is None


def test_an_unknown_scenario_and_proposing_before_b_joined_are_refused():
    a, b = make_driver(), make_driver()
    accident = report(a)
    assert _refusal(
        services.accident_propose, actor=a, accident=accident.pk, scenario="rear_end", party="b"
    ) == ("accidents.state")
    accident = services.accident_join(actor=b, code=accident.join_code, **vehicle("苏B3"))
    assert _refusal(
        services.accident_propose, actor=a, accident=accident.pk, scenario="flying", party="b"
    ) == ("accidents.scenario")


def test_someone_elses_accident_is_not_found():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    stranger = make_driver()
    assert _refusal(selectors.accident_of_party, actor=stranger, accident_id=accident.pk) == (
        "accidents.not_found"
    )
    assert _refusal(
        services.accident_propose,
        actor=stranger,
        accident=accident.pk,
        scenario="rear_end",
        party="b",
    ) == ("accidents.not_found")


def test_a_dispute_goes_to_an_officer_who_determines_it():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    assert _refusal(services.accident_dispute, actor=b, accident=accident.pk, reason="") == (
        "applications.case.reason_required"
    )
    services.accident_dispute(actor=b, accident=accident.pk, reason="对方变道未打灯")
    accident.refresh_from_db()
    assert accident.case.state == "disputed"
    assert accident.case.stage_due_on is not None  # the officer's 3 working days
    officer = make_officer(permissions=("accidents.determine_accident",))
    case_transition(actor=officer, case=accident.case, action="determine", reason="乙方负全部责任")
    accident.refresh_from_db()
    assert accident.case.state == "determined"
    assert CaseTransition.objects.filter(case=accident.case, action="determine").exists()


def test_bad_input_names_its_field():
    driver = make_driver()
    with pytest.raises(ApplicationError) as refused:
        report(driver, latitude="95")
    assert refused.value.fields.keys() == {"latitude"}
    with pytest.raises(ApplicationError) as refused:
        report(driver, insurer=" ")
    assert refused.value.fields.keys() == {"insurer"}
    assert _refusal(report, driver=driver, weather="hail") == "accidents.choice"
