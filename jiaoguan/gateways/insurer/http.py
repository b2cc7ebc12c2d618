"""The platform's claim interface for insurers (交强险 online claims), over HTTP.

There is no national standard for the traffic police's online claim hand-over ([U]); this is
the interface the platform publishes and each insurer implements (``docs/insurers.md``):

- **Filing** (报案): ``POST <insurer url>/claims`` with a JSON body (``claim_body``), signed
  the way partners sign their requests to us (``core.signing``: ``X-Jiaoguan-Key`` our key id
  at the insurer, ``-Timestamp``, ``-Nonce``, ``-Signature`` = hex HMAC-SHA256 of
  ``METHOD\\nPATH\\nQUERY\\nTIMESTAMP\\nNONCE\\nSHA256(body)`` under the insurer's secret).
  ``reference`` is the idempotency key: a repeat answers 200 and files nothing new. 2xx is
  taken; 408, 425, 429, 5xx and no answer are retried; any other answer is permanent.
- **Callbacks** (受理 with the claim number, 定损 with the amount, 赔付): ``POST
  /api/v1/accidents/claims/events/<provider>`` with ``event_id``, ``reference``, ``status``,
  ``claim_number``, ``amount_fen``, ``occurred_at``, ``note``; signed the same way by the
  insurer with its code as key (``X-Insurer-Key``, ``-Timestamp``, ``-Nonce``,
  ``-Signature``), within ``MAX_SKEW_SECONDS``. The receiver stores ``event_id`` once, so a
  replayed callback changes nothing; the insurer repeats until it gets a 2xx.

One secret per insurer, both ways (``INSURER_HTTP_SECRETS``); rotating it is a flag day
agreed with that insurer.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from jiaoguan.core import signing
from jiaoguan.gateways.errors import (
    PermanentProviderError,
    RetryableProviderError,
    classify_status,
)
from jiaoguan.gateways.insurer.base import (
    CallbackInvalid,
    ClaimFiled,
    ClaimRequest,
    ClaimStatus,
    ClaimUpdate,
    InboundCallback,
)

KEY_HEADER = "X-Insurer-Key"
TIMESTAMP_HEADER = "X-Insurer-Timestamp"
NONCE_HEADER = "X-Insurer-Nonce"
SIGNATURE_HEADER = "X-Insurer-Signature"
MAX_SKEW_SECONDS = 300

#: (url, body, headers) → (HTTP status, answer text); raises OSError when nothing came back.
Transport = Callable[[str, bytes, Mapping[str, str]], tuple[int, str]]


@dataclass(frozen=True)
class Endpoint:
    url: str  # the insurer's base URL; claims are POSTed to ``<url>/claims``
    secret: str


def dumps(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def claim_body(request: ClaimRequest) -> bytes:
    """The JSON of a filing, as the insurer receives it."""
    return dumps(
        {
            "reference": request.reference,
            "insurer": request.insurer_code,
            "policy_number": request.policy_number,
            "document_number": request.document_number,
            "occurred_at": request.occurred_at.isoformat(),
            "place": request.place,
            "region_code": request.region_code,
            "insured": {
                "name": request.insured_name,
                "plate_type": request.plate_type,
                "plate_number": request.plate_number,
                "collision_point": request.collision_point,
                "liability_percent": request.liability_percent,
            },
            "other_party": {
                "plate_number": request.other_plate_number,
                "insurer": request.other_insurer,
            },
            "callback_url": request.callback_url,
        }
    )


def header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return ""


def callback_headers(
    *, insurer_code: str, secret: str, path: str, body: bytes, timestamp: int, nonce: str
) -> dict[str, str]:
    """The headers an insurer signs a callback with (the sandbox insurer and tests use it)."""
    signed = signing.signed_headers(
        key_id=insurer_code,
        secret=secret,
        method="POST",
        path=path,
        timestamp=timestamp,
        nonce=nonce,
        body=body,
    )
    return {
        KEY_HEADER: insurer_code,
        TIMESTAMP_HEADER: signed[signing.TIMESTAMP_HEADER],
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: signed[signing.SIGNATURE_HEADER],
    }


def urllib_transport(timeout: float) -> Transport:
    def post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read(4000).decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read(4000).decode(errors="replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise OSError(str(error)) from error

    return post


def _secrets() -> dict[str, str]:
    """``INSURER_HTTP_SECRETS`` (``CODE=secret`` items)."""
    pairs = (item.split("=", 1) for item in settings.JIAOGUAN_INSURER_HTTP_SECRETS if "=" in item)
    return {code.strip(): secret.strip() for code, secret in pairs if secret.strip()}


def has_secret(insurer_code: str) -> bool:
    """Whether the deployment holds a secret for the insurer of that code."""
    return insurer_code in _secrets()


def secured(urls: Mapping[str, str]) -> dict[str, Endpoint]:
    """The insurers of ``urls`` (code → base URL) with their secret (``INSURER_HTTP_SECRETS``);
    an insurer without a URL or a secret is not reached online."""
    keys = _secrets()
    return {
        code.strip(): Endpoint(url.strip().rstrip("/"), keys[code].strip())
        for code, url in urls.items()
        if url.strip() and keys.get(code, "").strip()
    }


class HttpInsurerGateway:
    """Insurers that implement the platform's claim interface. Chosen by the provider name
    ``http``: the insurers' ``urls`` (their secrets from the settings), or the ``endpoints``
    themselves, our key id and the transport may be given (tests, the sandbox)."""

    name = "http"

    def __init__(
        self,
        *,
        urls: Mapping[str, str] | None = None,
        endpoints: Mapping[str, Endpoint] | None = None,
        key_id: str | None = None,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = lambda: secrets.token_hex(16),
    ) -> None:
        self.endpoints = dict(secured(urls or {}) if endpoints is None else endpoints)
        self.key_id = settings.JIAOGUAN_INSURER_HTTP_KEY_ID if key_id is None else key_id
        self.transport = transport or urllib_transport(
            settings.JIAOGUAN_INSURER_HTTP_TIMEOUT_SECONDS
        )
        self.clock, self.nonce = clock, nonce

    def endpoint_of(self, insurer_code: str) -> Endpoint | None:
        return self.endpoints.get(insurer_code)

    def supports(self, insurer_code: str) -> bool:
        return self.endpoint_of(insurer_code) is not None

    def _endpoint(self, insurer_code: str) -> Endpoint:
        endpoint = self.endpoint_of(insurer_code)
        if endpoint is None:
            raise PermanentProviderError(f"no endpoint for insurer {insurer_code!r}")
        return endpoint

    def filing_headers(self, url: str, body: bytes, secret: str) -> dict[str, str]:
        return signing.signed_headers(
            key_id=self.key_id,
            secret=secret,
            method="POST",
            path=urllib.parse.urlsplit(url).path,
            timestamp=int(self.clock()),
            nonce=self.nonce(),
            body=body,
        )

    def file_claim(self, request: ClaimRequest) -> ClaimFiled:
        endpoint = self._endpoint(request.insurer_code)
        url = endpoint.url + "/claims"
        body = claim_body(request)
        try:
            status, answer = self.transport(
                url, body, self.filing_headers(url, body, endpoint.secret)
            )
        except OSError as error:
            raise RetryableProviderError(f"insurer unreachable: {error}") from error
        if not 200 <= status < 300:
            raise classify_status(status, answer)
        try:
            data = json.loads(answer)
        except json.JSONDecodeError:
            raise RetryableProviderError(f"HTTP {status}: not JSON: {answer[:200]}") from None
        if not isinstance(data, dict) or data.get("reference") != request.reference:
            raise PermanentProviderError(f"HTTP {status}: another reference: {answer[:200]}")
        return ClaimFiled(self.name, request.reference)

    def verify_callback(
        self, callback: InboundCallback, *, now: float | None = None
    ) -> ClaimUpdate:
        code = header(callback.headers, KEY_HEADER)
        timestamp = header(callback.headers, TIMESTAMP_HEADER)
        nonce = header(callback.headers, NONCE_HEADER)
        signature = header(callback.headers, SIGNATURE_HEADER)
        if not (code and timestamp and nonce and signature):
            raise CallbackInvalid("signature_missing")
        endpoint = self.endpoint_of(code)
        if endpoint is None:
            raise CallbackInvalid("unknown_insurer", code[:20])
        try:
            sent = int(timestamp)
        except ValueError:
            raise CallbackInvalid("signature_invalid") from None
        if abs((self.clock() if now is None else now) - sent) > MAX_SKEW_SECONDS:
            raise CallbackInvalid("stale")
        canonical = signing.canonical_request(
            method=callback.method,
            path=callback.path,
            query=callback.query,
            timestamp=timestamp,
            nonce=nonce,
            body=callback.body,
        )
        if not signing.signature_matches(endpoint.secret, canonical, signature):
            raise CallbackInvalid("signature_invalid")
        return read_update(self.name, code, callback.body)


def read_update(provider: str, insurer_code: str, body: bytes) -> ClaimUpdate:
    """A verified callback's body as a ``ClaimUpdate``; ``CallbackInvalid("malformed")``."""
    try:
        data = json.loads(body)
        amount = data.get("amount_fen")
        update = ClaimUpdate(
            provider=provider,
            insurer_code=insurer_code,
            event_key=str(data["event_id"])[:64],
            reference=str(data["reference"])[:64],
            status=ClaimStatus(data["status"]),
            occurred_at=datetime.fromisoformat(data["occurred_at"]),
            claim_number=str(data.get("claim_number") or "")[:40],
            amount_fen=None if amount in (None, "") else int(amount),
            note=str(data.get("note") or "")[:200],
        )
    except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError) as error:
        raise CallbackInvalid("malformed", str(error)[:100]) from None
    if not update.event_key or update.occurred_at.tzinfo is None:
        raise CallbackInvalid("malformed", "event_id or time zone missing")
    if update.amount_fen is not None and update.amount_fen < 0:
        raise CallbackInvalid("malformed", "negative amount")
    return update
