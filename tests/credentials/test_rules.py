"""The signed payload and the status tables, without a database."""

from __future__ import annotations

import time
import uuid
from datetime import date

import cbor2
import cwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.credentials.rules import payload
from jiaoguan.credentials.rules.payload import Kind, Refusal, VerifyingKey
from jiaoguan.credentials.rules.status import (
    Status,
    license_live_status,
    mark_may_be_issued,
    vehicle_live_status,
)

NOW = 1_796_000_000
CREDENTIAL = uuid.UUID("5f0c6a1e-0000-4000-8000-000000000001")
FIELDS = {"n": "张*", "c": "C1", "v": "2031-06-01"}


def _key(not_before: int = NOW - 3600, not_after: int = NOW + 86400):
    private = Ed25519PrivateKey.generate()
    return private, VerifyingKey(private.public_key(), not_before, not_after)


def _sign(private, *, key_id="k1", issued_at=NOW, expires_at=NOW + 60, fields=FIELDS):
    return payload.sign(
        private_key=private,
        key_id=key_id,
        kind=Kind.DRIVING_LICENSE,
        credential_id=CREDENTIAL,
        issued_at=issued_at,
        expires_at=expires_at,
        fields=fields,
    )


def _flip(qr: str, index: int) -> str:
    raw = bytearray(payload._b64decode(qr[len(payload.PREFIX) :]))
    raw[index] ^= 0x01
    return payload.PREFIX + payload._b64encode(bytes(raw))


def test_verify_accepts_a_fresh_payload_and_returns_its_claims():
    private, key = _key()
    qr = _sign(private)
    outcome = payload.verify(qr, keys={"k1": key}, now=NOW + 5)
    assert outcome.valid
    assert outcome.claims is not None
    assert outcome.claims.credential_id == CREDENTIAL
    assert dict(outcome.claims.fields) == FIELDS
    assert outcome.claims.kind is Kind.DRIVING_LICENSE
    assert len(qr) < 300  # compact enough for a large, easily scanned QR


def test_verify_refuses_every_tampered_byte_of_the_payload_and_signature():
    private, key = _key()
    qr = _sign(private)
    raw_length = len(payload._b64decode(qr[len(payload.PREFIX) :]))
    for index in range(raw_length):
        outcome = payload.verify(_flip(qr, index), keys={"k1": key}, now=NOW)
        assert not outcome.valid, index


def test_verify_refuses_changed_disclosed_fields_as_a_bad_signature():
    private, key = _key()
    qr = _sign(private)
    message = cbor2.loads(payload._b64decode(qr[len(payload.PREFIX) :]))
    claims = cbor2.loads(message.value[2])
    claims[payload.CLAIM_FIELDS]["c"] = "A1"
    message.value[2] = cbor2.dumps(claims)
    forged = payload.PREFIX + payload._b64encode(cbor2.dumps(message))
    assert payload.verify(forged, keys={"k1": key}, now=NOW).refusal is Refusal.BAD_SIGNATURE


def test_verify_refuses_an_expired_payload_but_names_the_credential():
    private, key = _key()
    qr = _sign(private)
    assert payload.verify(qr, keys={"k1": key}, now=NOW + 60).valid
    outcome = payload.verify(qr, keys={"k1": key}, now=NOW + 61)
    assert outcome.refusal is Refusal.EXPIRED
    assert outcome.claims is not None
    assert outcome.claims.credential_id == CREDENTIAL


def test_verify_refuses_a_screenshot_replayed_a_day_later():
    private, key = _key()
    qr = _sign(private)
    assert payload.verify(qr, keys={"k1": key}, now=NOW + 86_000).refusal is Refusal.EXPIRED


def test_verify_refuses_a_payload_from_the_future():
    private, key = _key()
    qr = _sign(private, issued_at=NOW + 600, expires_at=NOW + 660)
    assert payload.verify(qr, keys={"k1": key}, now=NOW).refusal is Refusal.NOT_YET_VALID


def test_verify_refuses_a_key_it_does_not_know_and_a_wrong_key_under_a_known_id():
    private, key = _key()
    other, _other_key = _key()
    assert payload.verify(_sign(private, key_id="k9"), keys={"k1": key}, now=NOW).refusal is (
        Refusal.UNKNOWN_KEY
    )
    assert payload.verify(_sign(other), keys={"k1": key}, now=NOW).refusal is (
        Refusal.BAD_SIGNATURE
    )


def test_verify_refuses_oversized_input_before_decoding_it():
    _private, key = _key()
    huge = payload.PREFIX + "A" * payload.MAX_QR_CHARS
    assert payload.verify(huge, keys={"k1": key}, now=NOW).refusal is Refusal.OVERSIZED


def test_rotated_keys_verify_their_own_payloads_until_they_expire():
    old_private, old_key = _key(not_before=NOW - 86400, not_after=NOW + 90)
    new_private, new_key = _key(not_before=NOW)
    keys = {"old": old_key, "new": new_key}
    signed_before = _sign(old_private, key_id="old", issued_at=NOW - 10, expires_at=NOW + 50)
    signed_after = _sign(new_private, key_id="new")
    assert payload.verify(signed_before, keys=keys, now=NOW + 30).valid
    assert payload.verify(signed_after, keys=keys, now=NOW + 30).valid
    assert payload.verify(signed_before, keys=keys, now=NOW + 51).refusal is Refusal.EXPIRED
    # a payload the old key signs after its validity is refused even if not yet expired
    late = _sign(old_private, key_id="old", issued_at=NOW + 100, expires_at=NOW + 160)
    assert payload.verify(late, keys=keys, now=NOW + 100).refusal is Refusal.KEY_EXPIRED


@pytest.mark.parametrize(
    "qr",
    ["", "JG1:", "JG1:!!!", "HC1:abc", "JG1:" + payload._b64encode(cbor2.dumps([1, 2, 3])),
     "JG1:" + payload._b64encode(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""]))),
     "JG1:" + payload._b64encode(cbor2.dumps(cbor2.CBORTag(18, [b"\xa1\x01\x26", {}, b"", b""]))),
     "JG1:" + payload._b64encode(b"\x9f" * 200)],
)  # fmt: skip
def test_verify_calls_malformed_input_malformed_or_unsupported(qr):
    _private, key = _key()
    outcome = payload.verify(qr, keys={"k1": key}, now=NOW)
    assert outcome.refusal in (Refusal.MALFORMED, Refusal.UNSUPPORTED_ALGORITHM)


@given(st.text(max_size=400))
def test_verify_never_raises_on_any_text(text):
    _private, key = _key()
    assert not payload.verify("JG1:" + text, keys={"k1": key}, now=NOW).valid


@given(st.binary(max_size=300))
def test_verify_never_raises_on_any_bytes(raw):
    _private, key = _key()
    assert not payload.verify("JG1:" + payload._b64encode(raw), keys={"k1": key}, now=NOW).valid


def test_an_independent_cose_library_verifies_the_platform_payload():
    """cwt (a maintained COSE/CWT implementation) reads the QR as a standard CWT."""
    private, _unused = _key()
    now = int(time.time())
    qr = _sign(private, issued_at=now, expires_at=now + 60)
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    jwk = {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": "k1"}
    public = cwt.COSEKey.from_jwk({**jwk, "x": payload._b64encode(raw_public)})
    claims = cwt.decode(payload._b64decode(qr[len(payload.PREFIX) :]), keys=[public])
    assert claims[payload.CLAIM_ISS] == "jiaoguan"
    assert claims[payload.CLAIM_CTI] == CREDENTIAL.bytes
    assert claims[payload.CLAIM_FIELDS] == FIELDS


def test_license_status_is_red_on_the_first_abnormal_condition():
    assert license_live_status(["valid"]).status is Status.NORMAL
    assert license_live_status(["points_reminder", "valid"]).reason == "points_reminder"
    red = license_live_status(["full_score", "points_reminder"])
    assert red.status is Status.ABNORMAL
    assert red.reason == "full_score"
    assert license_live_status(["cancelled"]).status is Status.ABNORMAL
    assert license_live_status(["review_due", "valid"]).status is Status.NORMAL
    assert license_live_status(["review_due"], abnormal=["review_due"]).status is Status.ABNORMAL


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2027, 5, 31), Status.NORMAL), (date(2027, 6, 1), Status.ABNORMAL)],
)
def test_vehicle_status_turns_red_the_day_after_inspection_validity(as_of, expected):
    status = vehicle_live_status(["normal"], inspection_valid_until=date(2027, 5, 31), as_of=as_of)
    assert status.status is expected
    assert mark_may_be_issued(status) is (expected is Status.NORMAL)


def test_vehicle_status_is_red_when_deregistered():
    status = vehicle_live_status(
        ["deregistered"], inspection_valid_until=date(2030, 1, 1), as_of=date(2027, 1, 1)
    )
    assert status.reason == "deregistered"


def test_the_platform_accepts_a_payload_signed_by_an_independent_cose_library():
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = cwt.COSEKey.from_pem(pem, alg="EdDSA", kid="k1")
    now = int(time.time())
    claims = {1: "jiaoguan", 4: now + 60, 6: now, 7: CREDENTIAL.bytes, -65537: "im",
              -65538: {"p": "苏A12345"}}  # fmt: skip
    token = cwt.encode(claims, signer)
    key = VerifyingKey(private.public_key(), now - 10, now + 3600)
    outcome = payload.verify(payload.PREFIX + payload._b64encode(token), keys={"k1": key}, now=now)
    assert outcome.valid, outcome.refusal
    assert outcome.claims is not None
    assert outcome.claims.kind is Kind.INSPECTION_MARK
