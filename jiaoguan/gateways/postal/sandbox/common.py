"""What both sides of the sandbox courier share: its secret, its signature, its transport.

Every message either way (a booking or a cancellation to the courier's API, a tracking push
to the shipper) is a JSON body signed with HMAC-SHA256 over ``"<timestamp>.<body>"`` under
``POSTAL_SANDBOX_SECRET``, in the headers ``X-Courier-Timestamp`` (Unix seconds) and
``X-Courier-Signature`` (lower-case hex). A message more than ``MAX_SKEW_SECONDS`` old or
ahead is refused: a replay outside the window is not taken.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from jiaoguan.gateways.inprocess import post_inprocess
from jiaoguan.gateways.payment import signing

TIMESTAMP_HEADER = "X-Courier-Timestamp"
SIGNATURE_HEADER = "X-Courier-Signature"
MAX_SKEW_SECONDS = 300


def secret() -> str:
    return settings.JIAOGUAN_POSTAL_SANDBOX_SECRET


def dumps(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signed_headers(body: bytes, *, key: str | None = None, now: float | None = None) -> dict:
    timestamp = str(int(now if now is not None else time.time()))
    message = f"{timestamp}.{body.decode()}"
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signing.hmac_sign(key or secret(), message),
    }


def header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return ""


def signature_problem(body: bytes, headers: Mapping[str, str], *, now: float | None = None) -> str:
    """ "" for a message signed by the sandbox within the window, else why not (a stable
    word): ``signature_missing``, ``stale``, ``signature_invalid``; every message is refused
    while no secret is set."""
    timestamp = header(headers, TIMESTAMP_HEADER)
    signature = header(headers, SIGNATURE_HEADER)
    if not timestamp or not signature or not secret():
        return "signature_missing"
    try:
        sent = int(timestamp)
    except ValueError:
        return "signature_invalid"
    if abs((now if now is not None else time.time()) - sent) > MAX_SKEW_SECONDS:
        return "stale"
    try:
        message = f"{timestamp}.{body.decode()}"
    except UnicodeDecodeError:
        return "signature_invalid"
    if not signing.hmac_verify(secret(), message, signature):
        return "signature_invalid"
    return ""


def post_json(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
    """POST a signed JSON body by the configured transport; (HTTP status, answer body).
    Raises OSError when no answer came (connection refused, timeout)."""
    if settings.JIAOGUAN_POSTAL_SANDBOX_TRANSPORT == "inprocess":
        return _post_inprocess(url, body, headers)
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    timeout = settings.JIAOGUAN_POSTAL_SANDBOX_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(4000).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(4000).decode(errors="replace")
    except (urllib.error.URLError, TimeoutError) as error:
        raise OSError(str(error)) from error


def _post_inprocess(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
    """Hand the request to the view that serves ``url``'s path in this process."""
    return post_inprocess(
        url, body, content_type="application/json; charset=utf-8", headers=headers
    )
