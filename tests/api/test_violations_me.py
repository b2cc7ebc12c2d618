"""The citizen's violations API: list, handle, object, decisions, authorisations."""

import pytest

from jiaoguan.identity.services import api_token_issue
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    person = make_person()
    make_license(person=person)
    return make_citizen(person=person)


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def test_list_then_handle_then_read_the_decision(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person), region_code="430102")
    auth = bearer(owner)
    listed = client.get("/api/v1/me/violations", **auth).json()
    assert [(v["id"], v["points"], v["fine"], v["handleable"]) for v in listed] == [
        (record.pk, 6, "150.00", True)
    ]
    assert listed[0]["evidence"] == [f"/me/violations/{record.pk}/evidence/0/"]
    handled = client.post(f"/api/v1/me/violations/{record.pk}/handle", **auth)
    assert handled.status_code == 201
    decision = handled.json()
    assert (decision["fine"], decision["total_due"], decision["late_penalty"]) == (
        "150.00",
        "150.00",
        "0.00",
    )
    again = client.post(f"/api/v1/me/violations/{record.pk}/handle", **auth)
    assert again.status_code == 409
    read = client.get(f"/api/v1/me/decisions/{decision['number']}", **auth).json()
    assert read["pay_by"] == decision["pay_by"]


def test_a_refusal_is_422_with_the_reason(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person), code="1603A")
    answer = client.post(f"/api/v1/me/violations/{record.pk}/handle", **bearer(owner))
    assert answer.status_code == 422
    assert answer.json()["code"] == "violations.handling.refused"
    assert "一般程序" in answer.json()["message"]


def test_another_persons_record_is_404(client, owner):
    record = make_entered_record(make_vehicle())
    assert client.get(f"/api/v1/me/violations/{record.pk}", **bearer(owner)).status_code == 404


def test_an_objection_answers_its_deadline(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    answer = client.post(
        f"/api/v1/me/violations/{record.pk}/dispute",
        {"reason": "信号灯当时故障，黄灯常亮。"},
        content_type="application/json",
        **bearer(owner),
    )
    assert answer.status_code == 201
    listed = client.get(f"/api/v1/me/violations/{record.pk}", **bearer(owner)).json()
    assert listed["dispute_due_on"] == answer.json()["due_on"]
    assert listed["handleable"] is False
    assert listed["dispute"]["status"] == "open"
    assert listed["dispute_allowed"] is False


def test_the_answer_to_an_objection_is_in_the_api_and_a_second_is_refused(client, owner):
    from jiaoguan.violations.services import dispute_decide, dispute_file
    from tests.identity.factories import make_officer

    record = make_entered_record(make_vehicle(owner=owner.person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason="信号灯当时故障，黄灯常亮。")
    office = make_officer(permissions=("violations.decide_dispute",))
    dispute_decide(actor=office, dispute_id=dispute.pk, upheld=False, answer="信号灯工作正常。")
    listed = client.get(f"/api/v1/me/violations/{record.pk}", **bearer(owner)).json()
    assert (listed["dispute"]["status"], listed["dispute"]["answer"]) == (
        "rejected",
        "信号灯工作正常。",
    )
    assert listed["dispute_allowed"] is False
    assert listed["handleable"] is True
    again = client.post(
        f"/api/v1/me/violations/{record.pk}/dispute",
        {"reason": "信号灯当时故障，黄灯常亮。"},
        content_type="application/json",
        **bearer(owner),
    )
    assert again.status_code == 409
    assert again.json()["code"] == "violations.dispute.already_decided"


def test_authorisation_by_api(client, owner, sms_code, django_capture_on_commit_callbacks):
    car_owner = make_citizen(person=make_person(name="刘洋"))
    car = make_vehicle(owner=car_owner.person)
    auth = bearer(owner)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            "/api/v1/me/authorisations",
            {"plate_number": car.plate_number},
            content_type="application/json",
            **auth,
        )
    assert asked.status_code == 201
    done = client.post(
        f"/api/v1/me/authorisations/{asked.json()['id']}/confirm",
        {"code": sms_code(car_owner.phone)},
        content_type="application/json",
        **auth,
    )
    assert done.json()["status"] == "active"
    mine = client.get("/api/v1/me/authorisations", **bearer(car_owner)).json()
    assert [item["role"] for item in mine] == ["owner"]


def test_paying_by_api_gives_the_pay_page(client, owner):
    record = make_entered_record(make_vehicle(owner=owner.person))
    auth = bearer(owner)
    number = client.post(f"/api/v1/me/violations/{record.pk}/handle", **auth).json()["number"]
    answer = client.post(
        f"/api/v1/me/decisions/{number}/pay", {}, content_type="application/json", **auth
    )
    assert answer.status_code == 201
    assert answer.json()["amount"] == "200.00"
    assert answer.json()["pay_url"]
