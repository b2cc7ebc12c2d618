"""Face checks during study (人脸核验, DOMAIN §16.4): compare a photo taken by the learner's
camera with the photo the authority holds, through a national identity-verification service.

- ``FaceCheckGateway``: the interface the education services call.
- ``FakeFaceCheckGateway``: deterministic, for tests and the demo. Every photo matches except
  one starting with ``FAKE_MISMATCH`` (a test can also build one with ``match=False``).
- ``NationalFaceCheckGateway``: the shape of an adapter for a national identity-verification
  service over HTTP (the common shape of such services: JSON over HTTPS, an application id and
  a shared secret, a signature over the method, path, timestamp, nonce and the body's
  SHA-256). Tested against recorded messages; no real endpoint is configured.

Only the match result, the score, the provider's reference and a hash of the photo leave this
module; the caller stores no image (``FACE_PHOTO_RETENTION``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError

#: A photo is held only while the comparison runs (in memory); after it only the result and the
#: photo's SHA-256 are kept (人脸识别办法: the shortest retention possible). Product default.
FACE_PHOTO_RETENTION = "none: only the match result and the photo's SHA-256 are stored"

FAKE_MISMATCH = b"MISMATCH"


@dataclass(frozen=True, slots=True)
class FaceMatch:
    matched: bool
    score: float | None
    reference: str
    provider: str


class FaceCheckGateway(Protocol):
    name: str

    def compare(self, *, id_number: str, name: str, photo: bytes) -> FaceMatch:
        """Compare ``photo`` with the registered photo of the person ``id_number``."""
        ...


def photo_digest(photo: bytes) -> str:
    return hashlib.sha256(photo).hexdigest()


class FakeFaceCheckGateway:
    name = "fake"

    def __init__(self, *, match: bool | None = None) -> None:
        self.match = match

    def compare(self, *, id_number: str, name: str, photo: bytes) -> FaceMatch:
        matched = self.match if self.match is not None else not photo.startswith(FAKE_MISMATCH)
        reference = "fake-" + photo_digest(id_number.encode() + photo)[:16]
        return FaceMatch(matched, 0.97 if matched else 0.21, reference, self.name)


def sign(secret: str, *, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """HMAC-SHA256 (hex) over ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nSHA256(body)``."""
    canonical = "\n".join(
        [method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    )
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class NationalFaceCheckGateway:
    """``POST {url}`` with ``{"idNumber", "name", "image" (base64 JPEG), "threshold"}``;
    headers ``X-App-Id``, ``X-Timestamp`` (Unix seconds), ``X-Nonce``, ``X-Signature``.
    Answer: ``{"code": "0", "requestId", "result": {"match": bool, "score": float}}``; any
    other ``code`` is a refusal (``PermanentProviderError``), 5xx and timeouts are retryable.
    """

    name = "national"

    def __init__(
        self,
        *,
        url: str | None = None,
        app_id: str | None = None,
        secret: str | None = None,
        threshold: float = 0.8,
        timeout: float = 5,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = lambda: secrets.token_hex(8),
        send: Callable[[SignedRequest], tuple[int, bytes]] | None = None,
    ) -> None:
        self.url = str(url or getattr(settings, "FACE_CHECK_URL", "https://127.0.0.1:9/v1/face"))
        self.app_id = str(app_id or getattr(settings, "FACE_CHECK_APP_ID", ""))
        self.secret = str(secret or getattr(settings, "FACE_CHECK_SECRET", ""))
        self.threshold, self.timeout = threshold, timeout
        self._clock, self._nonce = clock, nonce
        self._send = send or self._http_send

    def request_for(self, *, id_number: str, name: str, photo: bytes) -> SignedRequest:
        body = json.dumps(
            {
                "idNumber": id_number,
                "name": name,
                "image": base64.b64encode(photo).decode(),
                "threshold": self.threshold,
            },
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        ).encode()
        path = str(urlsplit(self.url).path) or "/"
        timestamp, nonce = str(int(self._clock())), self._nonce()
        signature = sign(
            self.secret, method="POST", path=path, timestamp=timestamp, nonce=nonce, body=body
        )
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-App-Id": self.app_id,
            "X-Timestamp": timestamp,
            "X-Nonce": nonce,
            "X-Signature": signature,
        }
        return SignedRequest("POST", path, headers, body)

    def _http_send(self, request: SignedRequest) -> tuple[int, bytes]:
        parts = urlsplit(self.url)
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = kind(str(parts.hostname or "127.0.0.1"), parts.port, timeout=self.timeout)
        try:
            connection.request(request.method, request.path, request.body, request.headers)
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            raise RetryableProviderError(f"face check: {error}") from error
        finally:
            connection.close()

    @staticmethod
    def parse(status: int, body: bytes) -> FaceMatch:
        if status >= 500:
            raise RetryableProviderError(f"face check: HTTP {status}")
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise PermanentProviderError("face check: the answer is not JSON") from error
        if status >= 400 or answer.get("code") != "0":
            raise PermanentProviderError(
                f"face check refused: {answer.get('code')} {answer.get('message', '')}"
            )
        result = answer.get("result") or {}
        return FaceMatch(
            bool(result.get("match")),
            float(result["score"]) if result.get("score") is not None else None,
            str(answer.get("requestId", "")),
            NationalFaceCheckGateway.name,
        )

    def compare(self, *, id_number: str, name: str, photo: bytes) -> FaceMatch:
        status, body = self._send(self.request_for(id_number=id_number, name=name, photo=photo))
        return self.parse(status, body)


_override: FaceCheckGateway | None = None


def set_face_gateway(gateway: FaceCheckGateway | None) -> FaceCheckGateway | None:
    """Install a gateway (a test's failing fake); returns the one it replaces."""
    global _override
    previous, _override = _override, gateway
    return previous


def get_face_gateway() -> FaceCheckGateway:
    if _override is not None:
        return _override
    if getattr(settings, "FACE_CHECK_GATEWAY", "fake") == "national":
        return NationalFaceCheckGateway()
    return FakeFaceCheckGateway()
