"""Personal data at rest: authenticated encryption and keyed hashes (issue 12, ADR 0014).

Identity numbers and phone numbers are stored as AES-256-GCM tokens
``jg1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>``; the column they belong to is the
associated data, so a token copied into another column does not open. Exact look-ups and
uniqueness use a keyed hash (HMAC-SHA-256, the "blind index") of the normalised value.

Keys come from the settings, which read them from the environment:
``JIAOGUAN_PERSONAL_DATA_KEYS`` is a list of ``<id>:<secret>`` (the first encrypts, all
decrypt: rotation adds a new first key, runs ``jiaoguan rotate_personal_data``, then drops
the old one) and ``JIAOGUAN_PERSONAL_DATA_INDEX_KEY`` the hashing secret. A secret is any
long random string; the 32-byte keys are derived from it with HKDF-SHA-256.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "jg1"
NONCE_BYTES = 12


class DecryptionFailed(ValueError):
    """A stored token that no configured key opens (wrong key, wrong column, or tampered)."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


def parse_keys(spec: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["k2:secret", "k1:secret"]`` → ``{"k2": "secret", "k1": "secret"}``, order kept."""
    keys: dict[str, str] = {}
    for item in spec:
        key_id, _, secret = item.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not key_id or not secret or "$" in key_id:
            raise ImproperlyConfigured(
                "JIAOGUAN_PERSONAL_DATA_KEYS entries are '<id>:<secret>' (the id without '$')."
            )
        keys[key_id] = secret
    return keys


@functools.cache
def _ciphers(spec: tuple[str, ...]) -> tuple[str, dict[str, AESGCM]]:
    keys = parse_keys(spec)
    if not keys:
        raise ImproperlyConfigured(
            "No key for personal data: set PERSONAL_DATA_KEYS (see docs/operations.md)."
        )
    ciphers = {key_id: AESGCM(_derive(s, b"jiaoguan personal data")) for key_id, s in keys.items()}
    return next(iter(keys)), ciphers


@functools.cache
def _index_key(secret: str) -> bytes:
    if not secret:
        raise ImproperlyConfigured(
            "No key for personal-data look-ups: set PERSONAL_DATA_INDEX_KEY "
            "(see docs/operations.md)."
        )
    return _derive(secret, b"jiaoguan blind index")


def _configured() -> tuple[str, dict[str, AESGCM]]:
    return _ciphers(tuple(settings.JIAOGUAN_PERSONAL_DATA_KEYS))


def current_key_id() -> str:
    return _configured()[0]


def encrypt(value: str, *, context: str) -> str:
    """The token for ``value``, bound to ``context`` (the column's label)."""
    key_id, ciphers = _configured()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ciphers[key_id].encrypt(nonce, value.encode(), context.encode())
    return f"{PREFIX}${key_id}${base64.urlsafe_b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str | None:
    """The id of the key that sealed ``token``, or None when it is not a token."""
    parts = token.split("$")
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def decrypt(token: str, *, context: str) -> str:
    """The clear value of ``token``. Raises ``DecryptionFailed``."""
    key_id = key_id_of(token)
    cipher = _configured()[1].get(key_id or "")
    if cipher is None:
        raise DecryptionFailed(f"no configured key {key_id!r} for a value of {context}")
    try:
        raw = base64.urlsafe_b64decode(token.rsplit("$", 1)[1])
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except (InvalidTag, ValueError) as error:
        raise DecryptionFailed(f"a value of {context} does not open") from error


def blind_index(value: str, *, purpose: str) -> str:
    """The keyed hash that exact look-ups and uniqueness use: hex HMAC-SHA-256 of
    ``purpose:VALUE`` (trimmed, upper case: an identity number's check letter X matches in
    either case). ``purpose`` separates kinds of value (``id_number``, ``phone``), so equal
    hashes mean equal values of one kind."""
    key = _index_key(settings.JIAOGUAN_PERSONAL_DATA_INDEX_KEY)
    message = f"{purpose}:{value.strip().upper()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
