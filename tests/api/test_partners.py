"""The signed partner API: who may call, and every way a request is refused."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.identity.selectors import partner_for_request
from jiaoguan.identity.services import partner_key_issue, partner_key_revoke
from tests.api.partners import make_partner_key, signed
from tests.identity.factories import make_organization

pytestmark = pytest.mark.django_db
WHOAMI = "/api/v1/partner/whoami"
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def whoami(client, credentials, **signing):
    return client.get(WHOAMI, **signed(credentials, "GET", WHOAMI, **signing))


def test_signed_request_identifies_the_partner_and_its_scopes(client):
    credentials = make_partner_key(
        name="某市交警支队监控中心", scopes=[PartnerKey.Scope.VIOLATIONS_INGEST]
    )
    answer = whoami(client, credentials)
    assert answer.status_code == 200
    assert answer.json() == {
        "organization": "某市交警支队监控中心",
        "key_id": credentials.key_id,
        "scopes": ["violations.ingest"],
    }


def test_request_without_signature_headers_is_refused_with_reason(client):
    answer = client.get(WHOAMI)
    assert answer.status_code == 401
    assert answer.json()["code"] == "partner.signature.missing"


def test_signature_made_with_another_secret_is_refused(client):
    credentials = make_partner_key()
    forged = type(credentials)(key=credentials.key, secret="not-the-secret")
    answer = whoami(client, forged)
    assert answer.status_code == 401
    assert answer.json()["code"] == "partner.signature.invalid"


def test_signature_covers_body_and_query(client):
    credentials = make_partner_key()
    path = WHOAMI
    # Signed for one query string, sent with another.
    answer = client.get(path + "?page=2", **signed(credentials, "GET", path, query="page=1"))
    assert answer.json()["code"] == "partner.signature.invalid"
    body = json.dumps({"a": 1}).encode()
    answer = client.generic("GET", path, b'{"a": 2}', **signed(credentials, "GET", path, body))
    assert answer.json()["code"] == "partner.signature.invalid"


@pytest.mark.parametrize(
    ("offset", "accepted"), [(300, True), (-300, True), (301, False), (-301, False)]
)
def test_timestamp_may_differ_from_the_clock_by_at_most_five_minutes(client, offset, accepted):
    credentials = make_partner_key()
    with freeze_time(NOW):
        timestamp = int(NOW.timestamp()) + offset
        answer = whoami(client, credentials, timestamp=timestamp)
    assert (answer.status_code == 200) is accepted
    if not accepted:
        assert answer.json()["code"] == "partner.signature.expired"


def test_a_captured_request_cannot_be_replayed(client):
    credentials = make_partner_key()
    headers = signed(credentials, "GET", WHOAMI, nonce="n-1")
    assert client.get(WHOAMI, **headers).status_code == 200
    replay = client.get(WHOAMI, **headers)
    assert replay.status_code == 401
    assert replay.json()["code"] == "partner.signature.replayed"


def test_a_forged_request_does_not_use_up_the_nonce(client):
    credentials = make_partner_key()
    forged = type(credentials)(key=credentials.key, secret="wrong")
    assert whoami(client, forged, nonce="n-2").status_code == 401
    assert whoami(client, credentials, nonce="n-2").status_code == 200


def test_revoked_key_and_inactive_organization_are_refused(client):
    revoked = make_partner_key()
    partner_key_revoke(actor=None, key=revoked.key)
    assert whoami(client, revoked).json()["code"] == "partner.signature.invalid"
    inactive = make_partner_key()
    Organization.objects.filter(pk=inactive.organization.pk).update(is_active=False)
    assert whoami(client, inactive).json()["code"] == "partner.signature.invalid"


def test_key_without_the_route_scope_is_forbidden():
    credentials = make_partner_key(scopes=[PartnerKey.Scope.PLATES_TEMPORARY])
    headers = signed(credentials, "POST", "/x", b"{}")["headers"]
    request = {
        "key_id": credentials.key_id,
        "timestamp": headers["X-Jiaoguan-Timestamp"],
        "nonce": headers["X-Jiaoguan-Nonce"],
        "signature": headers["X-Jiaoguan-Signature"],
        "method": "POST",
        "path": "/x",
        "query": "",
        "body": b"{}",
    }
    with pytest.raises(ApplicationError) as refusal:
        partner_for_request(**request, scopes=("violations.ingest",))
    assert (refusal.value.code, refusal.value.status) == ("partner.scope.denied", 403)


def test_requests_beyond_the_per_key_limit_are_refused(client, settings):
    settings.JIAOGUAN_PARTNER_REQUESTS_PER_MINUTE = 2
    credentials = make_partner_key()
    assert [whoami(client, credentials).status_code for _ in range(3)] == [200, 200, 429]
    other = make_partner_key()
    assert whoami(client, other).status_code == 200


def test_partner_writes_are_audited_under_the_key():
    credentials = make_partner_key()
    headers = signed(credentials, "GET", WHOAMI)["headers"]
    partner = partner_for_request(
        key_id=credentials.key_id,
        timestamp=headers["X-Jiaoguan-Timestamp"],
        nonce=headers["X-Jiaoguan-Nonce"],
        signature=headers["X-Jiaoguan-Signature"],
        method="GET",
        path=WHOAMI,
        query="",
        body=b"",
        scopes=(),
    )
    event = audit_record(actor=partner, action="test.partner_write")
    assert event.actor_id is None
    assert event.actor_label == f"partner:{credentials.key_id}"


def test_issue_refuses_unknown_scopes_and_inactive_organizations():
    organization = make_organization(kind=Organization.Kind.DEALER)
    with pytest.raises(ApplicationError) as refusal:
        partner_key_issue(actor=None, organization=organization, scopes=["plates.everything"])
    assert refusal.value.code == "identity.partner_key.scope_unknown"
    organization.is_active = False
    organization.save()
    with pytest.raises(ApplicationError) as refusal:
        partner_key_issue(actor=None, organization=organization, scopes=["plates.temporary"])
    assert refusal.value.code == "identity.partner_key.organization_inactive"


def test_command_issues_a_key_once_and_revokes_it(capsys):
    organization = make_organization(kind=Organization.Kind.DEALER)
    call_command("partner_key", "issue", organization.credit_code, "--scope", "plates.temporary")
    printed = capsys.readouterr().out
    key = PartnerKey.objects.get(organization=organization)
    assert f"key id: {key.key_id}" in printed
    assert f"secret: {key.secret}" in printed
    assert AuditEvent.objects.filter(action="identity.partner_key.issued").count() == 1
    call_command("partner_key", "revoke", key.key_id)
    key.refresh_from_db()
    assert key.revoked_at is not None
    with pytest.raises(CommandError):
        call_command("partner_key", "revoke", "pk_unknown")
