"""The signed QR payload of an electronic credential (ADR 0015).

A credential is shown as ``JG1:`` followed by the unpadded base64url of a tagged
COSE_Sign1 message (RFC 9052 §4.2, CBOR tag 18) whose payload is a CWT claims set
(RFC 8392)::

    COSE_Sign1 = 18([protected: bstr .cbor {1: -8 (EdDSA), 4: kid},
                     unprotected: {}, payload: bstr .cbor claims, signature: bstr])
    claims = {1: "jiaoguan" (iss), 4: exp, 6: iat, 7: cti (the credential id, 16 bytes),
              -65537: kind ("dl" or "im"), -65538: the disclosed fields (text → text)}

The signature is Ed25519 over the ``Signature1`` structure with an empty external AAD.
Anyone holding the published public keys (``GET /api/v1/credentials/keys``) verifies a
payload offline with any COSE library; ``verify`` below is the platform's own reading, which
refuses anything it cannot account for, with one stable reason each.
"""

from __future__ import annotations

import base64
import binascii
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "JG1:"
ISSUER = "jiaoguan"
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
HEADER_ALG, HEADER_KID = 1, 4
CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_CTI = 1, 4, 6, 7
CLAIM_KIND, CLAIM_FIELDS = -65537, -65538
#: The longest payload string accepted: a real one is about 250 characters.
MAX_QR_CHARS = 1024
#: Seconds a verifier's clock may run behind the issuer's.
CLOCK_SKEW_SECONDS = 30
FIELDS_MAX = 16
FIELD_TEXT_MAX = 64


class Kind(StrEnum):
    DRIVING_LICENSE = "dl"  # 电子驾驶证
    INSPECTION_MARK = "im"  # 检验标志电子凭证


class Refusal(StrEnum):
    """Why a payload is not a valid credential; every one answers ``valid: false``."""

    OVERSIZED = "oversized"
    MALFORMED = "malformed"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    UNKNOWN_KEY = "unknown_key"
    KEY_EXPIRED = "key_expired"
    BAD_SIGNATURE = "bad_signature"
    WRONG_ISSUER = "wrong_issuer"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


@dataclass(frozen=True)
class VerifyingKey:
    """A published issuer key: valid for signatures made from ``not_before`` and verifying
    until ``not_after`` (Unix seconds)."""

    public_key: Ed25519PublicKey
    not_before: int
    not_after: int


@dataclass(frozen=True)
class Claims:
    kind: Kind
    credential_id: uuid.UUID
    issued_at: int
    expires_at: int
    fields: Mapping[str, str]
    key_id: str


@dataclass(frozen=True)
class Outcome:
    """The verdict on a payload: ``claims`` when the signature holds (also when it has expired,
    so the holder learns of the attempt), ``refusal`` when it is not valid now."""

    refusal: Refusal | None
    claims: Claims | None = None

    @property
    def valid(self) -> bool:
        return self.refusal is None


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(
    *,
    private_key: Ed25519PrivateKey,
    key_id: str,
    kind: Kind,
    credential_id: uuid.UUID,
    issued_at: int,
    expires_at: int,
    fields: Mapping[str, str],
) -> str:
    """The QR string of a credential signed now; ``fields`` are the disclosed fields."""
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: key_id.encode()})
    claims = {
        CLAIM_ISS: ISSUER,
        CLAIM_EXP: expires_at,
        CLAIM_IAT: issued_at,
        CLAIM_CTI: credential_id.bytes,
        CLAIM_KIND: str(kind),
        CLAIM_FIELDS: dict(fields),
    }
    payload = cbor2.dumps(claims)
    signature = private_key.sign(_to_be_signed(protected, payload))
    message = cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature])
    return PREFIX + _b64encode(cbor2.dumps(message))


def _loads_whole(raw: bytes) -> object:
    """The one CBOR item ``raw`` holds; trailing bytes are refused (``ValueError``)."""
    stream = io.BytesIO(raw)
    item = cbor2.CBORDecoder(stream).decode()
    if stream.tell() != len(raw):
        raise ValueError("trailing bytes after the CBOR item")
    return item


def _structure(qr: str) -> tuple[bytes, dict, dict, bytes, bytes] | Refusal:
    """(protected bytes, protected header, unprotected header, payload, signature)."""
    text = qr.strip()
    if not text.startswith(PREFIX):
        return Refusal.MALFORMED
    encoded = text[len(PREFIX) :]
    try:
        raw = _b64decode(encoded)
        if _b64encode(raw) != encoded:  # one spelling only: no padding, no stray characters
            return Refusal.MALFORMED
        message = _loads_whole(raw)
    except (binascii.Error, ValueError, cbor2.CBORDecodeError, RecursionError, TypeError):
        return Refusal.MALFORMED
    except Exception:
        return Refusal.MALFORMED
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        return Refusal.MALFORMED
    parts = message.value
    if not isinstance(parts, list) or len(parts) != 4:
        return Refusal.MALFORMED
    protected, unprotected, payload, signature = parts
    if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
        return Refusal.MALFORMED
    if not isinstance(unprotected, dict):
        return Refusal.MALFORMED
    try:
        header = cbor2.loads(protected)
    except (ValueError, cbor2.CBORDecodeError, RecursionError, TypeError):
        return Refusal.MALFORMED
    if not isinstance(header, dict):
        return Refusal.MALFORMED
    return protected, header, unprotected, payload, signature


def _claims(payload: bytes, key_id: str) -> Claims | Refusal:
    try:
        claims = cbor2.loads(payload)
    except Exception:  # any decoder failure of signed but unreadable claims
        return Refusal.MALFORMED
    if not isinstance(claims, dict):
        return Refusal.MALFORMED
    if claims.get(CLAIM_ISS) != ISSUER:
        return Refusal.WRONG_ISSUER
    iat, exp, cti = claims.get(CLAIM_IAT), claims.get(CLAIM_EXP), claims.get(CLAIM_CTI)
    kind, fields = claims.get(CLAIM_KIND), claims.get(CLAIM_FIELDS)
    if type(iat) is not int or type(exp) is not int:
        return Refusal.MALFORMED
    if not (isinstance(cti, bytes) and len(cti) == 16):
        return Refusal.MALFORMED
    if kind not in set(Kind) or not isinstance(fields, dict) or len(fields) > FIELDS_MAX:
        return Refusal.MALFORMED
    for name, value in fields.items():
        if not (isinstance(name, str) and isinstance(value, str)):
            return Refusal.MALFORMED
        if len(name) > FIELD_TEXT_MAX or len(value) > FIELD_TEXT_MAX:
            return Refusal.MALFORMED
    return Claims(
        kind=Kind(kind),
        credential_id=uuid.UUID(bytes=cti),
        issued_at=iat,
        expires_at=exp,
        fields=fields,
        key_id=key_id,
    )


def verify(qr: str, *, keys: Mapping[str, VerifyingKey], now: int) -> Outcome:
    """Check a QR string against the issuer keys (by key id) at ``now`` (Unix seconds).

    Never raises on any input string: everything not a valid, current credential signed by
    a published key is an ``Outcome`` with its ``Refusal``.
    """
    if len(qr) > MAX_QR_CHARS:
        return Outcome(Refusal.OVERSIZED)
    found = _structure(qr)
    if isinstance(found, Refusal):
        return Outcome(found)
    protected, header, unprotected, payload, signature = found
    if header.get(HEADER_ALG) != ALG_EDDSA:
        return Outcome(Refusal.UNSUPPORTED_ALGORITHM)
    # The key id only picks the key (RFC 9052 §3.1 allows it unprotected, as other COSE
    # libraries put it); the signature decides.
    kid = header.get(HEADER_KID, unprotected.get(HEADER_KID))
    if not isinstance(kid, bytes):
        return Outcome(Refusal.MALFORMED)
    key_id = kid.decode("utf-8", errors="replace")
    key = keys.get(key_id)
    if key is None:
        return Outcome(Refusal.UNKNOWN_KEY)
    try:
        key.public_key.verify(signature, _to_be_signed(protected, payload))
    except InvalidSignature:
        return Outcome(Refusal.BAD_SIGNATURE)
    claims = _claims(payload, key_id)
    if isinstance(claims, Refusal):
        return Outcome(claims)
    if not key.not_before - CLOCK_SKEW_SECONDS <= claims.issued_at <= key.not_after:
        return Outcome(Refusal.KEY_EXPIRED, claims)
    if claims.issued_at > now + CLOCK_SKEW_SECONDS:
        return Outcome(Refusal.NOT_YET_VALID, claims)
    if now > claims.expires_at or now > key.not_after:
        return Outcome(Refusal.EXPIRED if now > claims.expires_at else Refusal.KEY_EXPIRED, claims)
    return Outcome(None, claims)
