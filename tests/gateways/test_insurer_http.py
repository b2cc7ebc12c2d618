"""The platform's claim interface for insurers (``gateways.insurer.http``) on recorded
messages (``fixtures/insurer/``): the filing it sends, byte for byte and signed as the
published interface says (checked here by hand, not by the module), the answers it sorts into
retry and give up, and the insurer's callbacks it verifies or refuses."""

import hashlib
import hmac
import json
from datetime import datetime
from pathlib import Path

import pytest

from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.insurer import http
from jiaoguan.gateways.insurer.base import (
    CallbackInvalid,
    ClaimRequest,
    ClaimStatus,
    InboundCallback,
)

FIXTURES = Path(__file__).parent / "fixtures" / "insurer"


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


FILING = recorded("filing")
REQUEST = ClaimRequest(
    reference="6f1c2b9e-8d4a-4c1e-9b7a-2a5d3e4f6a7b",
    insurer_code="PICC",
    policy_number="PDZA2026320100000001",
    document_number="KC32010220261203000000042",
    occurred_at=datetime(2026, 12, 3, 8, 15, tzinfo=clock.TIMEZONE),
    place="南京市玄武区北京东路与太平北路交叉口",
    region_code="320102",
    insured_name="张伟",
    plate_type="02",
    plate_number="苏A12345",
    collision_point="后保险杠",
    liability_percent=0,
    other_plate_number="苏B54321",
    other_insurer="中国平安财产保险股份有限公司",
    callback_url="https://jiaoguan.example/api/v1/accidents/claims/events/http",
)


ACCEPTED = (201, json.dumps({"reference": REQUEST.reference, "received": True}))


def gateway(answer=ACCEPTED):
    sent = []

    def transport(url, body, headers):
        sent.append((url, body, dict(headers)))
        if isinstance(answer, Exception):
            raise answer
        return answer

    endpoint = http.Endpoint("https://claims.picc.example/jiaoguan/v1", FILING["secret"])
    found = http.HttpInsurerGateway(
        endpoints={"PICC": endpoint},
        key_id=FILING["key_id"],
        transport=transport,
        clock=lambda: FILING["timestamp"],
        nonce=lambda: FILING["nonce"],
    )
    return found, sent


def test_the_filing_is_the_recorded_request_signed_as_published():
    found, sent = gateway()
    filed = found.file_claim(REQUEST)
    assert filed.reference == REQUEST.reference
    [(url, body, headers)] = sent
    assert url == FILING["url"]
    assert body.decode() == FILING["body"]
    assert headers == FILING["headers"]
    canonical = "\n".join(
        [
            "POST",
            "/jiaoguan/v1/claims",
            "",
            str(FILING["timestamp"]),
            FILING["nonce"],
            hashlib.sha256(body).hexdigest(),
        ]
    )
    expected = hmac.new(FILING["secret"].encode(), canonical.encode(), hashlib.sha256).hexdigest()
    assert headers["X-Jiaoguan-Signature"] == expected
    assert json.loads(body)["insured"]["liability_percent"] == 0


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ((503, '{"error":"busy"}'), RetryableProviderError),
        ((504, "Gateway Time-out"), RetryableProviderError),
        ((429, '{"error":"rate"}'), RetryableProviderError),
        ((200, "<html>maintenance</html>"), RetryableProviderError),
        (OSError("timed out"), RetryableProviderError),
        ((400, '{"error":"policy_number"}'), PermanentProviderError),
        ((401, '{"error":"signature_invalid"}'), PermanentProviderError),
        ((200, '{"reference":"another","received":true}'), PermanentProviderError),
    ],
)
def test_answers_are_sorted_into_retry_and_give_up(answer, error):
    found, _sent = gateway(answer)
    with pytest.raises(error):
        found.file_claim(REQUEST)


def test_an_insurer_without_an_endpoint_is_not_supported():
    found, sent = gateway()
    assert found.supports("PICC")
    assert not found.supports("CPIC")
    with pytest.raises(PermanentProviderError):
        found.file_claim(ClaimRequest(**{**REQUEST.__dict__, "insurer_code": "CPIC"}))
    assert not sent


def _callback(message: dict, **changes) -> InboundCallback:
    values = {
        "body": message["body"].encode(),
        "path": message["path"],
        "headers": message["headers"],
        "method": message["method"],
        **changes,
    }
    return InboundCallback(**values)


@pytest.mark.parametrize(
    ("name", "status", "amount"),
    [
        ("callback_accepted", ClaimStatus.ACCEPTED, None),
        ("callback_assessed", ClaimStatus.ASSESSED, 136000),
        ("callback_paid", ClaimStatus.PAID, 136000),
    ],
)
def test_recorded_callbacks_are_verified_and_read(name, status, amount):
    message = recorded(name)
    found, _sent = gateway()
    sent_at = int(message["headers"]["X-Insurer-Timestamp"])
    update = found.verify_callback(_callback(message), now=sent_at + 30)
    assert update.status is status
    assert update.amount_fen == amount
    assert update.insurer_code == "PICC"
    assert update.reference == REQUEST.reference
    assert update.claim_number == "RDZA2026320100004417"
    assert update.event_key.startswith("PICC-EV-")
    assert update.occurred_at.tzinfo is not None


def _refusal(callback: InboundCallback, now: float) -> str:
    found, _sent = gateway()
    with pytest.raises(CallbackInvalid) as refused:
        found.verify_callback(callback, now=now)
    return refused.value.reason


def test_altered_replayed_or_unsigned_callbacks_are_refused():
    message = recorded("callback_paid")
    sent_at = int(message["headers"]["X-Insurer-Timestamp"])
    richer = message["body"].replace("136000", "1360000")
    assert _refusal(_callback(message, body=richer.encode()), sent_at) == "signature_invalid"
    moved = _callback(message, path="/api/v1/accidents/claims/events/sandbox")
    assert _refusal(moved, sent_at) == "signature_invalid"
    # the edge of the window: 300 s is taken, 301 s is stale
    found, _sent = gateway()
    assert found.verify_callback(_callback(message), now=sent_at + 300).status is ClaimStatus.PAID
    assert _refusal(_callback(message), sent_at + 301) == "stale"
    assert _refusal(_callback(message), sent_at - 301) == "stale"
    unsigned = {k: v for k, v in message["headers"].items() if k != "X-Insurer-Signature"}
    assert _refusal(_callback(message, headers=unsigned), sent_at) == "signature_missing"
    other = {**message["headers"], "X-Insurer-Key": "CPIC"}
    assert _refusal(_callback(message, headers=other), sent_at) == "unknown_insurer"


def test_a_signed_but_unreadable_callback_is_malformed():
    body = b'{"event_id":"x","reference":"r","status":"refunded","occurred_at":"2026-12-03"}'
    headers = http.callback_headers(
        insurer_code="PICC",
        secret=FILING["secret"],
        path="/cb",
        body=body,
        timestamp=FILING["timestamp"],
        nonce="n1",
    )
    callback = InboundCallback(body=body, path="/cb", headers=headers)
    assert _refusal(callback, FILING["timestamp"]) == "malformed"
