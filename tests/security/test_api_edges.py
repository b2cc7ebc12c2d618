"""API edges: a missing or invalid token is 401 (not a CSRF 403); an oversized partner
body gets a JSON error (issue 12)."""

import pytest

from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


@pytest.mark.parametrize(
    "headers", [{}, {"HTTP_AUTHORIZATION": "Bearer not-a-token"}, {"HTTP_AUTHORIZATION": "x"}]
)
def test_a_post_without_a_valid_token_is_401(csrf_client, headers):
    answer = csrf_client.post(
        "/api/v1/me/violations/1/handle", {}, content_type="application/json", **headers
    )
    assert answer.status_code == 401
    assert answer["Content-Type"].startswith("application/json")
    assert "CSRF" not in answer.content.decode()


def test_a_signed_in_session_still_needs_the_csrf_token(csrf_client):
    csrf_client.force_login(make_citizen())
    answer = csrf_client.post("/api/v1/me/violations/1/handle", {}, content_type="application/json")
    assert answer.status_code == 403


def test_an_oversized_partner_body_gets_a_json_error(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    answer = client.post(
        "/api/v1/partner/violations",
        b"{" + b" " * 4096 + b"}",
        content_type="application/json",
    )
    assert answer.status_code == 413
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["code"] == "request.too_large"


@pytest.mark.django_db
def test_a_nul_character_in_a_looked_up_text_is_refused_before_any_query(client):
    """PostgreSQL text cannot hold NUL: the schema refuses it (422), not the database (500)."""
    answer = client.get("/api/v1/guides/points?guide=%00x")
    assert answer.status_code == 422
    assert answer.json()["code"] == "request.invalid"
    assert "guide" in answer.json()["fields"]
