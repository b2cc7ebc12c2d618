"""Standard Webhooks signing (https://www.standardwebhooks.com/, spec v1), pure.

A message carries ``webhook-id`` (the same on every attempt: the receiver's idempotency
key), ``webhook-timestamp`` (seconds since the epoch, of this attempt) and
``webhook-signature``: ``v1,`` and the base64 HMAC-SHA256, keyed by the endpoint's secret,
of ``<id>.<timestamp>.<body>``. The secret is ``whsec_`` and the base64 of its key bytes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24


def secret_new() -> str:
    """A new endpoint secret, ``whsec_`` + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value of one message: ``v1,<base64 HMAC-SHA256>``."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers of one delivery attempt."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


#: 未处理违法 reports (DOMAIN §18.1): a record is overdue when not handled this many days
#: after it was entered (the notice; 处理程序规定 art. 20), and a vehicle is reported with at
#: least this many overdue records (seed 004).
OVERDUE_AFTER_DAYS = 30
REPORT_THRESHOLD = 3


def reported(overdue_records: int) -> bool:
    """Whether a vehicle with this many overdue unhandled records is in the report."""
    return overdue_records >= REPORT_THRESHOLD


def url_acceptable(url: str) -> bool:
    """Whether an endpoint URL may be stored: http or https, with a host that is not this
    machine or a private, link-local or reserved address written as such (names are
    resolved by the receiver's DNS at send time; this refuses the obvious internal
    targets)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("https", "http") or not host or len(url) > 500:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global
