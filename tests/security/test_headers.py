"""Security headers on every answer, no-store on personal pages and API answers, and no
template that needs inline script or style (the CSP forbids them) (issue 12)."""

import re
from pathlib import Path

import pytest

import jiaoguan
from tests.api.test_violations_me import bearer
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db
TEMPLATES = sorted(Path(jiaoguan.__file__).parent.glob("**/templates/**/*.html"))


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


@pytest.mark.parametrize("path", ["/", "/login/", "/api/v1/plates/segments", "/backoffice/login/"])
def test_every_answer_has_the_security_headers(client, path):
    answer = client.get(path)
    policy = _csp(answer)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in answer["Content-Security-Policy"]
    assert answer["Referrer-Policy"] == "same-origin"
    assert "camera=()" in answer["Permissions-Policy"]
    assert "geolocation=(self)" in answer["Permissions-Policy"]  # the accident report only


def test_personal_pages_and_api_answers_are_not_stored(client):
    citizen = make_citizen()
    assert client.get("/api/v1/me", **bearer(citizen))["Cache-Control"] == "no-store"
    assert client.get("/api/v1/plates/segments")["Cache-Control"] == "no-store"
    client.force_login(citizen)
    assert client.get("/me/")["Cache-Control"] == "no-store"
    assert client.get("/")["Cache-Control"] == "no-store"  # signed in: the header names them


def test_a_public_page_may_be_cached_when_signed_out(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("templates/")[-1])
def test_no_template_needs_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert not re.search(r"<style\b", text), "inline <style> block"
    for script in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in script, f"inline script: {script}"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "inline event handler"
    assert "javascript:" not in text


@pytest.mark.django_db
def test_public_feeds_may_be_cached_but_never_with_credentials(client):
    """The travel feeds and the open data say ``public``; an answer to a signed-in caller,
    and every other API answer, stays ``no-store``."""
    feed = client.get("/api/v1/travel/feeds/geojson")
    assert feed["Cache-Control"].startswith("public, max-age=")
    assert client.get("/api/v1/health")["Cache-Control"] == "no-store"
    with_token = client.get("/api/v1/travel/feeds/geojson", HTTP_AUTHORIZATION="Bearer x")
    assert with_token["Cache-Control"] == "no-store"
    client.force_login(make_citizen())
    assert client.get("/api/v1/travel/feeds/geojson")["Cache-Control"] == "no-store"
