"""Company vehicles' violations handled by the organisation as the party (issue 19 scope 3):
the unit lists its vehicles' unhandled records, an operator handles one naming a consenting
driver (the points on their licence, the decision addressed to the unit), pays the fine online
through the payments service; viewers cannot; nothing of another organisation is reachable
over services or pages."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.organisations import handling, services
from jiaoguan.organisations.models import UnitDecision
from jiaoguan.payments import services as payments
from jiaoguan.violations.models import ViolationRecord
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.organisations.factories import add_staff, open_account
from tests.organisations.test_api import staff_client
from tests.payments.factories import paid_params
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def _unit(name="运输公司"):
    account, admin, actor = open_account(name=None)
    vehicle = make_vehicle(organization=account.organization)
    record = make_entered_record(vehicle)
    person = make_person(name="吴师傅")
    make_license(person=person, classes=("A2",))
    consent = services.consent_request(actor=actor, id_number=person.id_number, name="吴师傅")
    services.consent_decide(
        actor=CitizenActor.of_user(make_citizen(person=person)), consent_id=consent.pk, grant=True
    )
    operator, operator_actor = add_staff(actor, "operator")
    viewer, viewer_actor = add_staff(actor, "viewer")
    return {
        "account": account,
        "admin": admin,
        "actor": actor,
        "vehicle": vehicle,
        "record": record,
        "person": person,
        "consent": consent,
        "operator": operator,
        "operator_actor": operator_actor,
        "viewer": viewer,
        "viewer_actor": viewer_actor,
    }


def test_an_operator_handles_a_company_vehicles_record_and_the_decision_is_the_units():
    unit = _unit()
    rows = handling.unhandled_of(actor=unit["viewer_actor"])
    assert [row.record_id for row in rows] == [unit["record"].pk]
    assert rows[0].fine.fen == 20000
    made = handling.unit_violation_handle(
        actor=unit["operator_actor"], record_id=unit["record"].pk, consent_id=unit["consent"].pk
    )
    assert made.account == unit["account"]
    assert made.handled_by_id == unit["operator"].user_id
    decision = made.decision
    assert decision.person == unit["person"]  # the points on the named driver's licence
    assert PointsRecord.objects.filter(decision=decision, license__person=unit["person"]).exists()
    assert ViolationRecord.objects.get(pk=unit["record"].pk).status == "handled"
    assert handling.unhandled_of(actor=unit["actor"]) == []
    entry = AuditEvent.objects.get(action="organisations.violation.handled")
    assert entry.actor_label == unit["operator"].user.username


def test_the_unit_pays_the_fine_online_and_the_credit_lands_once():
    unit = _unit()
    made = handling.unit_violation_handle(
        actor=unit["operator_actor"], record_id=unit["record"].pk, consent_id=unit["consent"].pk
    )
    start = handling.unit_fine_payment_start(
        actor=unit["operator_actor"], number=made.decision.number, return_url="/org/"
    )
    assert start.order.amount_fen == 20000
    assert start.order.payer_person_id is None  # the unit pays
    params = paid_params(start.order)
    assert payments.callback_process(provider="sandbox", params=params).outcome == "credited"
    assert payments.callback_process(provider="sandbox", params=params).outcome == "repeated"
    made.decision.refresh_from_db()
    assert made.decision.paid_fen == 20000
    with pytest.raises(ApplicationError) as caught:
        handling.unit_fine_payment_start(
            actor=unit["actor"], number=made.decision.number, return_url="/org/"
        )
    assert caught.value.code == "violations.payment.already_paid"


def test_a_viewer_can_read_but_neither_handle_nor_pay():
    unit = _unit()
    with pytest.raises(ApplicationError) as caught:
        handling.unit_violation_handle(
            actor=unit["viewer_actor"], record_id=unit["record"].pk, consent_id=unit["consent"].pk
        )
    assert caught.value.code == "auth.permission_denied"
    made = handling.unit_violation_handle(
        actor=unit["actor"], record_id=unit["record"].pk, consent_id=unit["consent"].pk
    )
    with pytest.raises(ApplicationError) as caught:
        handling.unit_fine_payment_start(
            actor=unit["viewer_actor"], number=made.decision.number, return_url="/org/"
        )
    assert caught.value.code == "auth.permission_denied"


def test_a_driver_who_has_not_consented_cannot_be_named():
    unit = _unit()
    stranger = make_person(name="陌生人")
    make_license(person=stranger)
    pending = services.consent_request(
        actor=unit["actor"], id_number=stranger.id_number, name="陌生人"
    )
    with pytest.raises(ApplicationError) as caught:
        handling.unit_violation_handle(
            actor=unit["operator_actor"], record_id=unit["record"].pk, consent_id=pending.pk
        )
    assert caught.value.code == "organisations.violation.driver_required"
    assert not UnitDecision.objects.exists()


def test_never_another_organisations_records_decisions_or_drivers():
    mine, theirs = _unit(), _unit()
    assert [r.record_id for r in handling.unhandled_of(actor=mine["actor"])] == [mine["record"].pk]
    with pytest.raises(ApplicationError) as caught:  # their record, my driver
        handling.unit_violation_handle(
            actor=mine["operator_actor"],
            record_id=theirs["record"].pk,
            consent_id=mine["consent"].pk,
        )
    assert caught.value.code == "violations.handling.not_your_vehicle"
    with pytest.raises(ApplicationError) as caught:  # my record, their driver
        handling.unit_violation_handle(
            actor=mine["operator_actor"],
            record_id=mine["record"].pk,
            consent_id=theirs["consent"].pk,
        )
    assert caught.value.code == "organisations.violation.driver_required"
    their_decision = handling.unit_violation_handle(
        actor=theirs["operator_actor"],
        record_id=theirs["record"].pk,
        consent_id=theirs["consent"].pk,
    ).decision
    assert list(handling.unit_decisions_of(actor=mine["actor"])) == []
    for call in (
        lambda: handling.unit_decision_of(
            actor=mine["actor"], number=their_decision.number, as_of=their_decision.served_on
        ),
        lambda: handling.unit_fine_payment_start(
            actor=mine["actor"], number=their_decision.number, return_url="/org/"
        ),
    ):
        with pytest.raises(ApplicationError) as caught:
            call()
        assert caught.value.code == "organisations.decision.not_found"
    client = staff_client(mine["admin"])
    page = client.get("/org/violations/").content.decode()
    assert mine["vehicle"].plate_number in page
    assert theirs["vehicle"].plate_number not in page
    number = their_decision.number
    assert client.get(f"/org/decisions/{number}/").status_code == 404
    assert client.get(f"/org/decisions/{number}/pdf/").status_code == 404
    assert client.post(f"/org/decisions/{number}/pay/").status_code == 302
    answer = client.post(
        f"/org/violations/{theirs['record'].pk}/handle/", {"consent_id": mine["consent"].pk}
    )
    assert answer.status_code == 302
    assert ViolationRecord.objects.get(pk=theirs["record"].pk).decision == their_decision


def test_the_pages_handle_show_the_decision_addressed_to_the_unit_and_its_pdf():
    unit = _unit()
    viewer = staff_client(unit["viewer"])
    page = viewer.get("/org/violations/").content.decode()
    assert "本单位处理" not in page  # no handling form for a viewer
    record = unit["record"]
    assert viewer.post(f"/org/violations/{record.pk}/handle/", {"consent_id": 1}).status_code == 403
    client = staff_client(unit["operator"])
    assert "本单位处理" in client.get("/org/violations/").content.decode()
    answer = client.post(f"/org/violations/{record.pk}/handle/", {"consent_id": unit["consent"].pk})
    assert answer.status_code == 302
    number = UnitDecision.objects.get(account=unit["account"]).decision.number
    assert answer["Location"] == f"/org/decisions/{number}/"
    page = client.get(answer["Location"]).content.decode()
    assert unit["account"].organization.name in page
    assert "吴师傅" in page
    assert "网上缴纳罚款" in page
    assert "网上缴纳罚款" not in viewer.get(answer["Location"]).content.decode()
    pdf = client.get(f"/org/decisions/{number}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pay = client.post(f"/org/decisions/{number}/pay/")
    assert pay.status_code == 302
    assert "sandbox" in pay["Location"]
