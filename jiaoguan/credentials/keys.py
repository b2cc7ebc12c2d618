"""The issuer keys in this process: the current signing key and the published verifying
keys, read from ``IssuerKey`` and kept for a few seconds (a rotation elsewhere is seen
within ``REFRESH_SECONDS``; a key id not yet known here is looked up at once)."""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jiaoguan.core import clock, crypto
from jiaoguan.credentials.models import IssuerKey
from jiaoguan.credentials.rules.payload import VerifyingKey

REFRESH_SECONDS = 10


def sealed_context(key_id: str) -> str:
    """The associated data of a sealed private key: the column and the key's own id, so a
    sealed key copied onto another row does not open."""
    return f"credentials.issuerkey.private_key:{key_id}"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_material() -> tuple[Ed25519PrivateKey, str, str]:
    """A fresh Ed25519 key: (private key, public key as base64url, private key as base64url)."""
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return private, b64(public_raw), b64(private_raw)


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: Ed25519PrivateKey
    signs_until: datetime


_lock = threading.Lock()
_state: dict[str, object] = {}


def forget() -> None:
    """Drop what this process holds (after a rotation here, and in tests)."""
    with _lock:
        _state.clear()


def signing_key() -> SigningKey | None:
    """The key that signs now: the newest whose signing period holds ``clock.now()``."""
    now = clock.now()
    held = _state.get("signing")
    loaded_at = _state.get("signing_at")
    fresh = isinstance(loaded_at, float) and time.monotonic() - loaded_at < REFRESH_SECONDS
    # Re-read every few seconds: another process may have rotated (the old key then verifies
    # for a QR lifetime more, which covers what this process signs meanwhile).
    if isinstance(held, SigningKey) and held.signs_until > now and fresh:
        return held
    row = (
        IssuerKey.objects.filter(created_at__lte=now, signs_until__gt=now)
        .order_by("-created_at", "-id")
        .first()
    )
    if row is None:
        return None
    raw = unb64(crypto.decrypt(row.private_key_sealed, context=sealed_context(row.key_id)))
    key = SigningKey(row.key_id, Ed25519PrivateKey.from_private_bytes(raw), row.signs_until)
    with _lock:
        _state["signing"], _state["signing_at"] = key, time.monotonic()
    return key


def verifying_keys(*, refresh: bool = False) -> dict[str, VerifyingKey]:
    """Every key whose signatures still verify, by key id."""
    held = _state.get("verifying")
    loaded_at = _state.get("verifying_at")
    fresh = isinstance(loaded_at, float) and time.monotonic() - loaded_at < REFRESH_SECONDS
    if isinstance(held, dict) and fresh and not refresh:
        return held
    keys = {
        row.key_id: VerifyingKey(
            public_key=Ed25519PublicKey.from_public_bytes(unb64(row.public_key)),
            not_before=int(row.created_at.timestamp()),
            not_after=int(row.not_after.timestamp()),
        )
        for row in IssuerKey.objects.filter(not_after__gte=clock.now())
    }
    with _lock:
        _state["verifying"], _state["verifying_at"] = keys, time.monotonic()
    return keys
