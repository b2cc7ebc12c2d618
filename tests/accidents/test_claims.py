"""Claims at the parties' insurers: opened with the agreement, filed once through the delivery
engine, moved by the sandbox insurer's callbacks once each, shown to both parties."""

import json
import secrets
import time

import pytest
from django.test import Client

from jiaoguan.accidents.claims import callback_url_of
from jiaoguan.accidents.models import Claim, ClaimEvent, Insurer
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.demo.insurers import ensure_demo_insurers
from jiaoguan.gateways.insurer import http
from jiaoguan.gateways.insurer.sandbox import claim_story_events, insurer
from jiaoguan.gateways.models import SandboxInsurerCallback, SandboxInsurerClaim
from tests.accidents import claim_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(django_capture_on_commit_callbacks):
    def make(**b_vehicle):
        return claim_factories.agreed(django_capture_on_commit_callbacks, **b_vehicle)

    return make


def test_the_agreement_files_each_partys_claim_once_and_the_callbacks_move_it(agreed):
    accident = agreed()
    claims = list(Claim.objects.filter(accident=accident).order_by("party__role"))
    assert [claim.party.role for claim in claims] == ["a", "b"]
    assert {claim.status for claim in claims} == {"filed"}
    assert {claim.insurer_code for claim in claims} == {"PICC"}
    assert SandboxInsurerClaim.objects.count() == 2
    for claim in claims:
        story = claim_story_events(SandboxInsurerClaim.objects.get(reference=claim.reference))
        assert claim.progress == story[-1]["status"]
        assert claim.claim_number == story[0]["claim_number"]
        assert claim.events.count() == len(story)
        if claim.progress == "paid":
            assert claim.paid_fen == claim.assessed_fen == story[-1]["amount_fen"]
    assert AuditEvent.objects.filter(action="accidents.claim.file").count() == 2
    # the liability each insurer is told: B ran into A (rear end, B 100 %)
    assert accident.share_b == 100


def test_filing_again_after_a_lost_answer_is_taken_once(settings, agreed):
    settings.JIAOGUAN_INSURER_SANDBOX_TIMEOUT_PERCENT = 100  # taken, answered 504
    accident = agreed()
    claim = Claim.objects.filter(accident=accident).first()
    assert claim.status == "queued"
    assert claim.attempts == 1
    assert "504" in claim.last_error
    settings.JIAOGUAN_INSURER_SANDBOX_TIMEOUT_PERCENT = 0
    Claim.objects.filter(pk=claim.pk).update(not_before=claim.created_at)
    assert delivery.deliver_one("accidents.claim_filing", claim.pk).status == "filed"
    assert SandboxInsurerClaim.objects.filter(reference=claim.reference).count() == 1
    claim.refresh_from_db()
    assert claim.status == "filed"
    assert claim.attempts == 2


def test_a_busy_insurer_is_retried_later_not_failed(settings, agreed):
    settings.JIAOGUAN_INSURER_SANDBOX_FAIL_PERCENT = 100
    accident = agreed()
    claims = Claim.objects.filter(accident=accident)
    assert {(c.status, c.attempts) for c in claims} == {("queued", 1)}
    assert not SandboxInsurerClaim.objects.exists()


def test_a_duplicated_or_late_callback_is_applied_once(settings, agreed):
    settings.JIAOGUAN_INSURER_SANDBOX_AUTOCALLBACK = False
    accident = agreed()
    claim = Claim.objects.filter(accident=accident, party__role="a").get()
    sandbox_claim = SandboxInsurerClaim.objects.get(reference=claim.reference)
    settings.JIAOGUAN_INSURER_SANDBOX_REJECT_PERCENT = 0
    story = claim_story_events(sandbox_claim)
    assert [event["status"] for event in story] == ["accepted", "assessed", "paid"]
    # paid arrives first, then accepted twice, then assessed
    for event in (story[2], story[0], story[0], story[1]):
        row = SandboxInsurerCallback.objects.create(
            claim=sandbox_claim, event=event, not_before=claim.created_at,
            created_at=claim.created_at,
        )  # fmt: skip
        status, _answer = insurer.callback_send(row, clock.now())
        assert status == 200
    claim.refresh_from_db()
    assert claim.progress == "paid"
    assert claim.claim_number == sandbox_claim.claim_number
    assert claim.assessed_fen == claim.paid_fen == story[2]["amount_fen"]
    assert ClaimEvent.objects.filter(claim=claim).count() == 3
    assert list(
        ClaimEvent.objects.filter(claim=claim)
        .order_by("received_at", "pk")
        .values_list("moved", flat=True)
    ) == [True, False, False]
    updates = AuditEvent.objects.filter(action="accidents.claim.update")
    assert updates.count() == 3


def _post(path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    response = Client().post(
        path, data=body, content_type="application/json",
        headers=dict(headers.items()),
    )  # fmt: skip
    return response.status_code, response.json()


def test_a_forged_callback_gets_400_is_audited_and_changes_nothing(settings, agreed):
    settings.JIAOGUAN_INSURER_SANDBOX_AUTOCALLBACK = False
    accident = agreed()
    claim = Claim.objects.filter(accident=accident, party__role="a").get()
    url = callback_url_of("sandbox")
    path = url[url.index("/api/") :]
    body = http.dumps(
        {
            "event_id": "forged-1", "reference": str(claim.reference), "status": "paid",
            "claim_number": "BAFAKE", "amount_fen": 99_999_900,
            "occurred_at": "2026-12-03T10:00:00+08:00", "note": "",
        }
    )  # fmt: skip
    now = int(time.time())
    wrong = http.callback_headers(
        insurer_code="PICC", secret="not-the-secret", path=path, body=body, timestamp=now,
        nonce=secrets.token_hex(8),
    )  # fmt: skip
    assert _post(path, body, wrong) == (400, {"error": "signature_invalid"})
    stale = http.callback_headers(
        insurer_code="PICC", secret=settings.JIAOGUAN_INSURER_SANDBOX_SECRET, path=path,
        body=body, timestamp=now - 3600, nonce=secrets.token_hex(8),
    )  # fmt: skip
    assert _post(path, body, stale) == (400, {"error": "stale"})
    assert _post(path, body, {}) == (400, {"error": "signature_missing"})
    assert _post(path, b"{not json", wrong)[0] == 400
    claim.refresh_from_db()
    assert claim.progress == ""
    assert claim.paid_fen is None
    assert not ClaimEvent.objects.exists()
    rejected = AuditEvent.objects.filter(action="accidents.claim.callback_reject")
    assert rejected.count() == 4
    assert {event.data["reason"] for event in rejected} == {
        "signature_invalid",
        "stale",
        "signature_missing",
    }
    # the genuine one, signed with the insurer's key, is taken
    good = http.callback_headers(
        insurer_code="PICC", secret=settings.JIAOGUAN_INSURER_SANDBOX_SECRET, path=path,
        body=body, timestamp=now, nonce=secrets.token_hex(8),
    )  # fmt: skip
    assert _post(path, body, good) == (200, {"ok": True, "outcome": "applied"})
    assert _post(path, body, good) == (200, {"ok": True, "outcome": "duplicate"})


def test_a_forgery_from_the_sandbox_is_refused(
    settings, agreed, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_INSURER_SANDBOX_AUTOCALLBACK = False
    agreed()
    sandbox_claim = SandboxInsurerClaim.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        row = insurer.callback_forge(sandbox_claim)
    row.refresh_from_db()
    assert row.status == "abandoned"  # one attempt, answered 400
    assert "400" in row.last_error
    assert not ClaimEvent.objects.exists()


def test_an_insurer_without_a_record_or_offline_is_claimed_at_the_counter(agreed):
    accident = agreed(insurer="某某互助保险社")
    claims = {c.party.role: c for c in Claim.objects.filter(accident=accident)}
    assert claims["a"].status == "filed"
    assert claims["a"].insurer.code == "PICC"  # routed by the insurer's record
    assert claims["b"].status == "offline"
    assert (claims["b"].insurer_code, claims["b"].insurer) == ("", None)
    accident = agreed(insurer="永安财产保险股份有限公司南京中心支公司")  # its record: offline
    b = Claim.objects.get(accident=accident, party__role="b")
    assert (b.status, b.insurer_code, b.provider) == ("offline", "YAIC", "")


def test_an_insurer_switched_offline_in_the_back_office_gets_no_online_claims(agreed):
    ensure_demo_insurers()
    Insurer.objects.filter(code="PICC").update(claims_online=False)
    accident = agreed()
    assert {c.status for c in Claim.objects.filter(accident=accident)} == {"offline"}
    assert not SandboxInsurerClaim.objects.exists()


def test_both_parties_see_both_claims_in_the_api(settings, agreed):
    accident = agreed()
    for person_id in (accident.case.applicant_id, accident.case.co_applicant_id):
        from jiaoguan.identity.models import User

        client = Client()
        client.force_login(User.objects.get(person_id=person_id))
        data = client.get(f"/api/v1/me/accidents/{accident.pk}").json()
        assert [claim["role"] for claim in data["claims"]] == ["a", "b"]
        assert all(claim["claim_number"].startswith("BAPICC") for claim in data["claims"])
        page = client.get(f"/me/accidents/{accident.pk}/").content.decode()
        assert data["claims"][0]["claim_number"] in page
        assert data["claims"][1]["claim_number"] in page
    assert json.dumps(data)  # plain JSON
