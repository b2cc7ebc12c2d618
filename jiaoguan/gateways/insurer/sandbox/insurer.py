"""The insurer's side of the sandbox: filings received, the callbacks it owes (sent by the
delivery engine, kind ``gateways.sandbox_insurer_callback`` in ``gateways.deliveries``).

It misbehaves as insurers do: a share of filings fail with 503 and are not taken
(``INSURER_SANDBOX_FAIL_PERCENT``); a share are taken but the answer is lost, 504
(``INSURER_SANDBOX_TIMEOUT_PERCENT``: what a timeout leaves — the platform files again and
must not be taken twice); callbacks are duplicated, reordered and delayed (``plan``)."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction

from jiaoguan.core import clock, signing
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.inprocess import post_inprocess
from jiaoguan.gateways.insurer import http
from jiaoguan.gateways.insurer.base import ClaimStatus
from jiaoguan.gateways.models import SandboxInsurerCallback, SandboxInsurerClaim

from .plan import StoryOptions, callback_schedule, claim_story, story_random

KIND = "gateways.sandbox_insurer_callback"  # the delivery kind of the callbacks
KEY_ID = "jiaoguan-sandbox"  # the platform's key id at the sandbox insurer
_draw = random.Random()  # failures are per attempt, not part of a claim's replayable story


class InsurerRefusal(Exception):
    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def secret() -> str:
    return settings.JIAOGUAN_INSURER_SANDBOX_SECRET


def options() -> StoryOptions:
    return StoryOptions(
        reject_percent=settings.JIAOGUAN_INSURER_SANDBOX_REJECT_PERCENT,
        duplicate_percent=settings.JIAOGUAN_INSURER_SANDBOX_DUPLICATE_PERCENT,
        reorder_percent=settings.JIAOGUAN_INSURER_SANDBOX_REORDER_PERCENT,
        max_delay_seconds=settings.JIAOGUAN_INSURER_SANDBOX_DELAY_SECONDS,
    )


def request_verify(
    *, path: str, query: str, body: bytes, headers: Mapping[str, str], now: float | None = None
) -> dict[str, Any]:
    """A filing's JSON once its signature (``core.signing``, our key id, the sandbox
    secret) checks out within the window; ``InsurerRefusal`` (401) otherwise."""
    timestamp = http.header(headers, signing.TIMESTAMP_HEADER)
    nonce = http.header(headers, signing.NONCE_HEADER)
    signature = http.header(headers, signing.SIGNATURE_HEADER)
    if http.header(headers, signing.KEY_HEADER) != KEY_ID or not (timestamp and nonce):
        raise InsurerRefusal("signature_missing", 401)
    if not secret() or not timestamp.isdigit():
        raise InsurerRefusal("signature_invalid", 401)
    current = clock.now().timestamp() if now is None else now
    if abs(current - int(timestamp)) > http.MAX_SKEW_SECONDS:
        raise InsurerRefusal("stale", 401)
    canonical = signing.canonical_request(
        method="POST", path=path, query=query, timestamp=timestamp, nonce=nonce, body=body
    )
    if not signing.signature_matches(secret(), canonical, signature):
        raise InsurerRefusal("signature_invalid", 401)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InsurerRefusal("json") from None
    if not isinstance(payload, dict):
        raise InsurerRefusal("json")
    return payload


def claim_receive(insurer_code: str, payload: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """Take a verified filing: (HTTP status, answer). The same reference is taken once;
    the misbehaviour is drawn per attempt."""
    reference = str(payload.get("reference") or "")[:64]
    policy = str(payload.get("policy_number") or "")[:40]
    if not reference or not policy or payload.get("insurer") != insurer_code:
        raise InsurerRefusal("fields")
    if _draw.randrange(100) < settings.JIAOGUAN_INSURER_SANDBOX_FAIL_PERCENT:
        return 503, {"error": "busy"}
    claim, created = _claim_take(insurer_code, reference, policy, payload)
    if _draw.randrange(100) < settings.JIAOGUAN_INSURER_SANDBOX_TIMEOUT_PERCENT:
        return 504, {"error": "gateway timeout"}  # taken, but the answer is lost
    return (201 if created else 200), {"reference": claim.reference, "received": True}


def _claim_take(
    insurer_code: str, reference: str, policy: str, payload: Mapping[str, Any]
) -> tuple[SandboxInsurerClaim, bool]:
    existing = SandboxInsurerClaim.objects.filter(reference=reference).first()
    if existing is not None:
        return existing, False
    seed = settings.JIAOGUAN_INSURER_SANDBOX_SEED or random.randrange(1, 2**62)
    now = clock.now()
    try:
        with transaction.atomic():
            claim = SandboxInsurerClaim.objects.create(
                reference=reference,
                insurer_code=insurer_code,
                policy_number=policy,
                claim_number=f"BA{insurer_code[:6]}{clock.local(now):%Y%m%d}"
                f"{secrets.randbelow(10**8):08d}",
                callback_url=str(payload.get("callback_url") or "")[:500],
                seed=seed,
                created_at=now,
            )
            if settings.JIAOGUAN_INSURER_SANDBOX_AUTOCALLBACK and claim.callback_url:
                callbacks_queue(claim)
    except IntegrityError:  # the same reference filed at the same moment
        return SandboxInsurerClaim.objects.get(reference=reference), False
    return claim, True


def claim_story_events(claim: SandboxInsurerClaim) -> list[dict[str, Any]]:
    """The claim's events (JSON-ready), in the order they happen."""
    rng = story_random(claim.seed, claim.reference)
    story = claim_story(
        claim_number=claim.claim_number, filed_at=claim.created_at, options=options(), rng=rng
    )
    return [_event_json(claim, event) for event in story]


def _event_json(claim: SandboxInsurerClaim, event: Any) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "reference": claim.reference,
        "status": event.status.value,
        "claim_number": event.claim_number,
        "amount_fen": event.amount_fen,
        "occurred_at": event.occurred_at.isoformat(),
        "note": event.note,
    }


def callbacks_queue(claim: SandboxInsurerClaim) -> int:
    """Owe the platform every event of the claim's story, as ``callback_schedule`` orders
    them (duplicates, swaps, delays); sent by the workers on commit."""
    rng = story_random(claim.seed, claim.reference)
    story = claim_story(
        claim_number=claim.claim_number, filed_at=claim.created_at, options=options(), rng=rng
    )
    schedule = callback_schedule(story, options=options(), rng=rng)
    now = clock.now()
    rows = SandboxInsurerCallback.objects.bulk_create(
        SandboxInsurerCallback(
            claim=claim,
            event=_event_json(claim, planned.event),
            not_before=now,
            dispatched_at=now,
            created_at=now,
        )
        for planned in schedule
    )
    for row, planned in zip(rows, schedule, strict=True):
        delivery.enqueue(KIND, [row.pk], countdown=planned.delay_seconds or None)
    return len(rows)


def callback_forge(
    claim: SandboxInsurerClaim, status: str = ClaimStatus.PAID
) -> SandboxInsurerCallback:
    """A callback an attacker sends about a claim: signed with the wrong key, sent once."""
    now = clock.now()
    with transaction.atomic():
        row = SandboxInsurerCallback.objects.create(
            claim=claim,
            event={
                "event_id": f"{claim.claim_number}-forged-{now.timestamp():.0f}",
                "reference": claim.reference,
                "status": ClaimStatus(status).value,
                "claim_number": claim.claim_number,
                "amount_fen": 99_999_900,
                "occurred_at": now.isoformat(),
                "note": "",
            },
            forgery=True,
            max_attempts=1,
            not_before=now,
            dispatched_at=now,
            created_at=now,
        )
        delivery.enqueue(KIND, [row.pk])
    return row


def callback_send(row: SandboxInsurerCallback, now: datetime) -> tuple[int, str]:
    """POST one callback to the claim's callback URL, signed by the insurer (a forgery with
    the wrong key)."""
    url = row.claim.callback_url
    body = http.dumps(row.event)
    key = ("not-the-insurer-" + secret()) if row.forgery else secret()
    headers = http.callback_headers(
        insurer_code=row.claim.insurer_code,
        secret=key,
        path=urlsplit(url).path,
        body=body,
        timestamp=int(now.timestamp()),
        nonce=secrets.token_hex(12),
    )
    return post(url, body, headers)


def post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
    """By the configured transport: ``inprocess`` (no server) or ``http``."""
    if settings.JIAOGUAN_INSURER_SANDBOX_TRANSPORT == "inprocess":
        return post_inprocess(
            url, body, content_type="application/json; charset=utf-8", headers=headers
        )
    return http.urllib_transport(settings.JIAOGUAN_INSURER_HTTP_TIMEOUT_SECONDS)(url, body, headers)
