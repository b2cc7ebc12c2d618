"""Registration and log-in through the API, and the error body for every refusal."""

import pytest

from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_person

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def post(client, path, payload, **headers):
    return client.post(
        f"/api/v1/accounts{path}", payload, content_type="application/json", **headers
    )


def test_register_confirm_and_use_the_token(client, sms_code, django_capture_on_commit_callbacks):
    person = make_person(name="陈静", female=True)
    with django_capture_on_commit_callbacks(execute=True):
        started = post(
            client,
            "/registrations",
            {"name": "陈静", "id_number": person.id_number, "phone": PHONE},
        )
    assert started.status_code == 201
    confirmed = post(
        client,
        "/registrations/confirm",
        {
            "challenge_id": started.json()["challenge_id"],
            "code": sms_code(PHONE),
            "password": "Lantern-Bridge-7",
        },
    )
    assert confirmed.status_code == 201
    token = confirmed.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["name"] == "陈静"
    assert me.json()["id_number"] != person.id_number
    assert me.json()["id_number"].endswith(person.id_number[-4:])
    assert me.json()["phone"] == "139****5678"


def test_password_login_returns_a_token_and_a_wrong_password_a_clear_error(client):
    user = make_citizen(phone="13600000010")
    ok = post(client, "/tokens", {"identifier": "13600000010", "password": DEFAULT_PASSWORD})
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "Bearer"
    wrong = post(client, "/tokens", {"identifier": user.person.id_number, "password": "nope"})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "identity.login.failed"


def test_errors_follow_the_callers_language(client):
    make_person(name="陈静")
    zh = post(
        client,
        "/registrations",
        {"name": "x", "id_number": "000000000000000000", "phone": PHONE},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert zh.status_code == 400
    assert zh.json()["code"] == "identity.id_number.invalid"
    assert "公民身份号码" in zh.json()["message"]


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/registrations", {"name": "陈静", "phone": PHONE}),
        ("/registrations", {"name": "陈静", "id_number": 123, "phone": [PHONE]}),
        ("/registrations/confirm", {"challenge_id": "abc", "code": "1", "password": "x"}),
        ("/tokens", {"identifier": "x"}),
        ("/login-codes", {}),
        ("/tokens/by-code", {"challenge_id": None, "code": "123456"}),
    ],
)
def test_malformed_bodies_get_422_with_the_fields_named(client, path, payload):
    response = post(client, path, payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request.invalid"
    assert body["fields"]


def test_a_body_that_is_not_json_is_a_clear_error_not_a_500(client):
    response = client.post("/api/v1/accounts/tokens", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json()["code"]


def test_login_code_answers_the_same_for_unknown_phones(client, django_capture_on_commit_callbacks):
    make_citizen(phone="13600000011")
    with django_capture_on_commit_callbacks(execute=True):
        known = post(client, "/login-codes", {"phone": "13600000011"})
        unknown = post(client, "/login-codes", {"phone": "13600000012"})
    assert known.status_code == unknown.status_code == 202
    assert known.json()["message"] == unknown.json()["message"]


def test_a_code_login_with_a_bad_code_is_refused(client):
    unknown = "gAAAAA" + "x" * 94  # well-formed, not one of ours
    response = post(client, "/tokens/by-code", {"challenge_id": unknown, "code": "000000"})
    assert response.status_code == 400
    assert response.json()["code"] == "identity.sms.code_invalid"


@pytest.mark.parametrize(
    "path", ["/api/v1/me", "/api/v1/me/vehicles", "/api/v1/me/license", "/api/v1/me/record-reads"]
)
def test_my_records_need_a_citizen_login(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401
    assert client.get(path).json()["code"] == "auth.required"


def test_the_api_docs_load_nothing_from_outside(client):
    page = client.get("/api/docs").content.decode()
    assert "swagger-ui" in page
    assert "https://" not in page
    assert "http://" not in page
