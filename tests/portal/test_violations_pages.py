"""Violation pages for citizens: the list, handling with confirmation, objections, the
decision and its PDF, evidence, and authorising another driver."""

import pytest

from jiaoguan.violations.models import Dispute, DriverAuthorisation, PenaltyDecision
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    person = make_person()
    make_license(person=person)
    user = make_citizen(person=person)
    client.force_login(user)
    return user


def test_the_list_shows_time_place_code_points_and_fine(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person), region_code="530102")
    page = client.get("/me/violations/").content.decode()
    assert record.plate_number in page
    assert record.place in page
    assert "1625" in page
    assert "驾驶机动车违反道路交通信号灯通行的" in page
    assert "150.00 元" in page  # Yunnan's fine, where it happened


def test_handling_needs_the_confirmation_then_serves_the_decision(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    client.post(f"/me/violations/{record.pk}/handle/", {})
    assert not PenaltyDecision.objects.exists()
    answer = client.post(f"/me/violations/{record.pk}/handle/", {"confirm": "yes"})
    decision = PenaltyDecision.objects.get()
    assert answer.url == f"/me/decisions/{decision.number}/"
    page = client.get(answer.url).content.decode()
    assert "应缴合计 200.00 元" in page
    pdf = client.get(f"/me/decisions/{decision.number}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_refused_record_says_why(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person), code="1603A")
    page = client.get(f"/me/violations/{record.pk}/").content.decode()
    assert "适用一般程序" in page
    assert "确认处理" not in page


def test_evidence_is_served_to_the_owner_only(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    image = client.get(f"/me/violations/{record.pk}/evidence/0/")
    assert image["Content-Type"] == "image/jpeg"
    client.force_login(make_citizen(person=make_person(name="李娜", female=True)))
    assert client.get(f"/me/violations/{record.pk}/evidence/0/").status_code == 404
    assert client.get(f"/me/violations/{record.pk}/").status_code == 404


def test_an_objection_is_filed_and_its_deadline_shown(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    short = client.post(f"/me/violations/{record.pk}/dispute/", {"reason": "不对"})
    assert short.status_code == 422
    client.post(
        f"/me/violations/{record.pk}/dispute/", {"reason": "当天车辆在外地维修，号牌被套用。"}
    )
    dispute = Dispute.objects.get()
    page = client.get(f"/me/violations/{record.pk}/").content.decode()
    assert dispute.due_on.isoformat() in page


def test_a_driver_links_another_owners_car_with_the_texted_code(
    client, owner, sms_code, django_capture_on_commit_callbacks
):
    car_owner = make_citizen(person=make_person(name="刘洋"))
    car = make_vehicle(owner=car_owner.person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/authorisations/", {"plate_number": car.plate_number})
    link = DriverAuthorisation.objects.get()
    client.post(f"/me/authorisations/{link.pk}/confirm/", {"code": sms_code(car_owner.phone)})
    link.refresh_from_db()
    assert link.status == DriverAuthorisation.Status.ACTIVE
    client.force_login(car_owner)
    page = client.get("/me/authorisations/").content.decode()
    assert "您是车主" in page
    client.post(f"/me/authorisations/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.status == DriverAuthorisation.Status.REVOKED


def test_an_unknown_plate_is_refused_on_the_form(client, owner):
    answer = client.post("/me/authorisations/", {"plate_number": "苏Z99999"})
    assert answer.status_code == 422
    assert "没有找到该号牌的小型汽车" in answer.content.decode()


def test_the_pay_button_goes_to_the_pay_page_and_the_credit_shows(client, owner):
    from jiaoguan.payments import services as payments
    from jiaoguan.payments.models import PaymentOrder
    from tests.payments.factories import paid_params

    record = make_entered_record(make_vehicle(owner=owner.person))
    client.post(f"/me/violations/{record.pk}/handle/", {"confirm": "yes"})
    decision = PenaltyDecision.objects.get()
    answer = client.post(f"/me/decisions/{decision.number}/pay/")
    assert answer.status_code == 302
    order = PaymentOrder.objects.get(reference=decision.number)
    assert f"out_trade_no={order.number}" in answer.url
    payments.callback_process(provider="sandbox", params=paid_params(order))
    page = client.get(f"/me/decisions/{decision.number}/").content.decode()
    assert "罚款已缴纳" in page
    assert "网上缴纳罚款" not in page


def test_the_answer_to_an_objection_shows_on_the_record_and_no_second_form(client, owner):
    from jiaoguan.violations.services import dispute_decide, dispute_file
    from tests.identity.factories import make_officer

    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason="当时车辆停放在小区内。")
    office = make_officer(permissions=("violations.decide_dispute",))
    dispute_decide(actor=office, dispute_id=dispute.pk, upheld=False, answer="图像清晰，号牌一致。")
    page = client.get(f"/me/violations/{record.pk}/").content.decode()
    assert "异议审核结果" in page
    assert "图像清晰，号牌一致。" in page
    assert "当时车辆停放在小区内。" in page
    assert "提交异议" not in page
    assert "确认处理" in page
    assert "异议不成立" in client.get("/me/notices/").content.decode()
    refused = client.post(
        f"/me/violations/{record.pk}/dispute/", {"reason": "当时车辆停放在小区内，再次异议。"}
    )
    assert refused.status_code == 422
    assert Dispute.objects.filter(record=record).count() == 1
