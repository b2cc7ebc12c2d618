"""The OpenAPI document: valid OpenAPI 3.1, and every error status of every operation
documented with the one error body (ISSUE 12 item 5)."""

import pytest
from schemathesis.specs.openapi.adapter.validators import validate_v3

from jiaoguan.api.errors import ERROR_DESCRIPTIONS

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def document():
    from django.test import Client

    return Client().get("/api/openapi.json", HTTP_HOST="localhost").json()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", method, operation


def test_the_document_is_valid_openapi(document):
    validate_v3(document)  # raises on the first violation of the OpenAPI 3.1 schema


def test_the_error_body_is_declared_once(document):
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "fields"}


def test_every_error_status_refers_to_the_error_body(document):
    for label, _, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert int(status) in ERROR_DESCRIPTIONS, label
                assert response["content"]["application/json"]["schema"] == ERROR_REF, label
                assert response["description"] == ERROR_DESCRIPTIONS[int(status)], label


def test_statuses_implied_by_the_operation_are_documented(document):
    for label, method, operation in _operations(document):
        statuses = {int(status) for status in operation["responses"]}
        if operation.get("security"):
            assert 401 in statuses, label
        if operation.get("parameters") or "requestBody" in operation:
            assert 422 in statuses, label
        if "requestBody" in operation:
            assert {400, 413} <= statuses, label
        schemes = {name for option in operation.get("security", []) for name in option}
        if method != "get" and "CitizenSession" in schemes:
            assert 403 in statuses, label  # a session cookie without its CSRF token


def test_domain_refusals_are_declared_where_the_operation_has_them(document):
    responses = {label: op["responses"] for label, _, op in _operations(document)}
    assert {"404", "409"} <= set(map(str, responses["POST /api/v1/me/decisions/{number}/pay"]))
    assert "404" in set(map(str, responses["GET /api/v1/exams/windows/{code}"]))
    assert "429" in set(map(str, responses["POST /api/v1/accounts/login-codes"]))


def test_times_of_day_are_documented_as_sent(document):
    session = document["components"]["schemas"]["SessionOut"]["properties"]["starts_at"]
    assert "format" not in session  # RFC 3339 ``time`` would need an offset
    assert session["pattern"] == "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


def test_input_rules_are_in_the_schemas(document):
    schemas = document["components"]["schemas"]
    start = schemas["RegistrationStartIn"]["properties"]
    assert start["id_number"]["pattern"] == "^[0-9]{17}[0-9Xx]$"
    assert start["phone"]["pattern"] == "^1[3-9][0-9]{9}$"
    assert schemas["DisputeIn"]["properties"]["reason"]["minLength"] == 10
    assert schemas["DeviceIn"]["properties"]["platform"]["enum"] == ["android", "ios", "harmony"]


def test_a_starts_at_is_sent_as_the_documented_text(client):
    from datetime import time

    from jiaoguan.api.routers.exams import SessionOut

    dumped = SessionOut(
        id=1, code="S1", venue="v", exam_on="2026-12-01", starts_at=time(8, 0),
        license_class="C1", capacity=1,
    ).model_dump(mode="json")  # fmt: skip
    assert dumped["starts_at"] == "08:00:00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "as_of", ["0", "20261121", "2026-11-21T00:00:00", "0163-03-08", "9999-01-01"]
)
def test_dates_outside_the_documented_form_are_422(client, as_of):
    answer = client.get("/api/v1/calculators/late-penalty", {"fine": "200", "served_on": as_of})
    assert answer.status_code == 422
    assert answer.json()["code"] == "request.invalid"
    assert "served_on" in answer.json()["fields"]
