"""The face-check gateways: the deterministic fake, and the national identity-verification
adapter against recorded messages (request signing and answer parsing). The recording is of
the adapter's documented shape (no real endpoint is configured): its signature was computed
apart from the adapter, so the test checks the canonical string and the HMAC."""

import base64
import json
from pathlib import Path

import pytest

from jiaoguan.gateways import face
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError

RECORDED = json.loads((Path(__file__).parent / "recorded" / "national_face_check.json").read_text())
PHOTO = b"\xff\xd8demo-jpeg"


def _gateway(answer: str) -> tuple[face.NationalFaceCheckGateway, list]:
    sent = []
    response = RECORDED["responses"][answer]

    def send(request):
        sent.append(request)
        return response["status"], json.dumps(response["body"], ensure_ascii=False).encode()

    gateway = face.NationalFaceCheckGateway(
        url="https://verify.example.gov.cn/v1/face/verify",
        app_id="jiaoguan-test",
        secret="recorded-secret",
        clock=lambda: 1772413200.4,
        nonce=lambda: "0011223344556677",
        send=send,
    )
    return gateway, sent


def test_the_request_is_signed_as_recorded():
    gateway, sent = _gateway("match")
    result = gateway.compare(id_number="320102198506150012", name="张伟", photo=PHOTO)
    request = sent[0]
    recorded = RECORDED["request"]
    assert request.method == recorded["method"]
    assert request.path == recorded["path"]
    assert request.headers == recorded["headers"]
    assert request.body.decode() == recorded["body"]
    assert json.loads(request.body)["image"] == base64.b64encode(PHOTO).decode()
    assert result == face.FaceMatch(True, 0.93, "FV20260302090000001", "national")


def test_a_mismatch_is_a_result_not_an_error():
    gateway, _ = _gateway("mismatch")
    result = gateway.compare(id_number="320102198506150012", name="张伟", photo=PHOTO)
    assert result.matched is False
    assert result.score == 0.31


def test_a_refusal_is_permanent_and_a_busy_service_retryable():
    with pytest.raises(PermanentProviderError):
        _gateway("refused")[0].compare(id_number="x", name="y", photo=PHOTO)
    with pytest.raises(RetryableProviderError):
        _gateway("unavailable")[0].compare(id_number="x", name="y", photo=PHOTO)


def test_the_fake_is_deterministic_and_can_fail():
    fake = face.FakeFaceCheckGateway()
    first = fake.compare(id_number="1", name="n", photo=b"photo")
    assert first == fake.compare(id_number="1", name="n", photo=b"photo")
    assert first.matched
    assert not fake.compare(id_number="1", name="n", photo=face.FAKE_MISMATCH + b"x").matched
    assert (
        not face.FakeFaceCheckGateway(match=False)
        .compare(id_number="1", name="n", photo=b"photo")
        .matched
    )


def test_only_a_hash_of_the_photo_is_kept():
    assert face.photo_digest(PHOTO) == face.photo_digest(PHOTO)
    assert len(face.photo_digest(PHOTO)) == 64
