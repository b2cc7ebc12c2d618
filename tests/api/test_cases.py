"""``/api/v1/me/cases``: the citizen's applications and the timeline of one."""

from datetime import datetime

import pytest
from freezegun import freeze_time

from jiaoguan.applications import services
from jiaoguan.core import clock
from jiaoguan.identity.services import api_token_issue
from tests.applications.factories import make_case, make_case_officer
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db

FRIDAY = datetime(2025, 3, 7, 10, 0, tzinfo=clock.TIMEZONE)


@pytest.fixture(autouse=True)
def official_calendar():
    previous = clock.set_override_provider(None)
    yield
    clock.set_override_provider(previous)


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def test_my_cases_with_stage_deadline_and_overdue(client):
    citizen = make_citizen()
    with freeze_time(FRIDAY):
        case = make_case(citizen=citizen)
    make_case()  # someone else's
    with freeze_time(datetime(2025, 3, 13, 10, 0, tzinfo=clock.TIMEZONE)):
        listed = client.get("/api/v1/me/cases", **bearer(citizen))
    assert listed.status_code == 200
    (item,) = listed.json()
    assert item["reference"] == str(case.reference)
    assert (item["kind"], item["state"], item["stage_label"]) == (
        "plates.swap",
        "submitted",
        "待审核",
    )
    assert item["kind_label"] == "同一所有人两车互换号牌"
    assert item["due_on"] == "2025-03-12"
    assert (item["closed"], item["overdue"]) == (False, True)


def test_one_case_with_its_timeline_and_my_actions(client):
    citizen = make_citizen()
    officer = make_case_officer()
    with freeze_time(FRIDAY):
        case = make_case(citizen=citizen)
        services.case_claim(actor=officer, case=case)  # assignments are not shown
        pending = client.get(f"/api/v1/me/cases/{case.reference}", **bearer(citizen)).json()
    assert pending["done"] == []
    assert pending["current"]["state"] == "submitted"
    assert pending["current"]["due_on"] == "2025-03-12"
    assert pending["result"] is None
    assert pending["actions"] == [{"name": "withdraw", "label": "撤回"}]
    with freeze_time(datetime(2025, 3, 10, 9, 0, tzinfo=clock.TIMEZONE)):
        services.case_transition(actor=officer, case=case, action="approve")
        done = client.get(f"/api/v1/me/cases/{case.reference}", **bearer(citizen)).json()
    assert [stage["state"] for stage in done["done"]] == ["submitted"]
    assert done["done"][0]["left_by"] == "办结"
    assert done["done"][0]["left_at"].startswith("2025-03-10T09:00")
    assert done["current"] is None
    assert done["result"]["state"] == "approved"
    assert (done["closed"], done["overdue"], done["due_on"]) == (True, False, None)
    assert done["actions"] == []


def test_english_labels_when_asked(client):
    citizen = make_citizen()
    case = make_case(citizen=citizen)
    answer = client.get(
        f"/api/v1/me/cases/{case.reference}", HTTP_ACCEPT_LANGUAGE="en", **bearer(citizen)
    ).json()
    assert answer["stage_label"] != "待审核"


def test_another_persons_case_is_a_404_and_a_login_is_needed(client):
    case = make_case()
    stranger = make_citizen()
    answer = client.get(f"/api/v1/me/cases/{case.reference}", **bearer(stranger))
    assert answer.status_code == 404
    assert answer.json()["code"] == "applications.case.not_found"
    missing = client.get(
        "/api/v1/me/cases/00000000-0000-0000-0000-000000000000", **bearer(stranger)
    )
    assert missing.status_code == 404
    assert client.get("/api/v1/me/cases").status_code == 401
    assert client.get(f"/api/v1/me/cases/{case.reference}").status_code == 401


def test_the_schemas_and_errors_are_documented(client):
    document = client.get("/api/openapi.json").json()
    listing = document["paths"]["/api/v1/me/cases"]["get"]
    detail = document["paths"]["/api/v1/me/cases/{reference}"]["get"]
    assert set(listing["responses"]) == {"200", "401"}
    assert set(detail["responses"]) == {"200", "401", "404", "422"}
    assert "CaseDetailOut" in document["components"]["schemas"]
    assert listing["description"]
    assert detail["description"]
