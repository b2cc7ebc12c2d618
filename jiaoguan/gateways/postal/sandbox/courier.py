"""The courier's side: bookings, cancellations and the tracking pushes it owes (sent by the
delivery engine, kind ``gateways.sandbox_courier_push`` in ``gateways.deliveries``)."""

import json
import random
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from jiaoguan.core import clock, s10
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.models import SandboxCourierPush, SandboxParcel
from jiaoguan.gateways.postal.base import TrackingStatus

from . import common
from .plan import StoryOptions, parcel_story, push_schedule, story_random

KIND = "gateways.sandbox_courier_push"  # the delivery kind of the pushes
SERVICE = "EA"  # the S10 service indicator the sandbox issues (EMS-like)
_COLLECTED_OR_LATER = {status.value for status in TrackingStatus}


class CourierRefusal(Exception):
    """The courier refuses a request; ``reason`` is a stable word, ``status`` the HTTP one."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def options() -> StoryOptions:
    return StoryOptions(
        failed_attempt_percent=settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT,
        return_percent=settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT,
        duplicate_percent=settings.JIAOGUAN_POSTAL_SANDBOX_DUPLICATE_PERCENT,
        reorder_percent=settings.JIAOGUAN_POSTAL_SANDBOX_REORDER_PERCENT,
        max_delay_seconds=settings.JIAOGUAN_POSTAL_SANDBOX_DELAY_SECONDS,
    )


def _region(value: Any) -> str:
    code = str(value or "")
    if len(code) != 6 or not code.isdigit():
        raise CourierRefusal("address")
    return code


def parcel_book(payload: Mapping[str, Any]) -> tuple[SandboxParcel, bool]:
    """Book a parcel from a booking request (already verified); (parcel, created). The same
    ``reference`` answers the parcel booked first. The waybill number is the S10 number of
    the parcel's row id; its pushes are queued on commit when ``POSTAL_SANDBOX_AUTOPUSH``."""
    try:
        reference = str(payload["reference"])[:64]
        sender, recipient = payload["sender"], payload["recipient"]
        origin, destination = _region(sender["region_code"]), _region(recipient["region_code"])
        cod_fen = int(payload.get("cash_on_delivery_fen") or 0)
    except (KeyError, TypeError, ValueError):
        raise CourierRefusal("fields") from None
    if not reference or cod_fen < 0:
        raise CourierRefusal("fields")
    existing = SandboxParcel.objects.filter(reference=reference).first()
    if existing is not None:
        return existing, False
    seed = settings.JIAOGUAN_POSTAL_SANDBOX_SEED or random.randrange(1, 2**62)
    try:
        with transaction.atomic():
            parcel = SandboxParcel.objects.create(
                waybill_number=f"P{uuid.uuid4().hex[:12]}",  # until the row id is known
                reference=reference,
                callback_url=str(payload.get("callback_url") or "")[:500],
                origin_code=origin,
                destination_code=destination,
                cash_on_delivery_fen=cod_fen,
                seed=seed,
                created_at=clock.now(),
            )
            parcel.waybill_number = s10.s10_number(SERVICE, parcel.pk % 100_000_000)
            parcel.label = {
                "waybill_number": parcel.waybill_number,
                "courier": "沙箱快递",
                "sender": {k: sender.get(k, "") for k in ("name", "phone", "region_text")},
                "recipient": {
                    k: recipient.get(k, "") for k in ("name", "phone", "region_text", "detail")
                },
                "description": str(payload.get("description") or "")[:100],
                "collect_item": str(payload.get("collect_item") or "")[:100],
                "cash_on_delivery": f"{cod_fen // 100}.{cod_fen % 100:02d}" if cod_fen else "",
                "sorting_code": destination[:4],
            }
            parcel.save(update_fields=["waybill_number", "label"])
            if settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH and parcel.callback_url:
                pushes_queue(parcel)
    except IntegrityError:  # the same reference booked at the same moment
        return SandboxParcel.objects.get(reference=reference), False
    return parcel, True


def parcel_cancel(waybill_number: str) -> SandboxParcel:
    """Cancel a parcel not collected yet (its pushes are dropped); ``CourierRefusal`` for an
    unknown parcel (404) or one already collected (409)."""
    with transaction.atomic():
        parcel = (
            SandboxParcel.objects.select_for_update().filter(waybill_number=waybill_number).first()
        )
        if parcel is None:
            raise CourierRefusal("unknown", 404)
        if parcel.cancelled_at is not None:
            return parcel
        sent = parcel.pushes.filter(status=SandboxCourierPush.Status.ACKNOWLEDGED).exists()
        if sent:
            raise CourierRefusal("collected", 409)
        parcel.cancelled_at = clock.now()
        parcel.save(update_fields=["cancelled_at"])
        parcel.pushes.filter(status=SandboxCourierPush.Status.PENDING).update(
            status=SandboxCourierPush.Status.ABANDONED, last_error="cancelled"
        )
    return parcel


def parcel_story_events(parcel: SandboxParcel) -> list[dict[str, str]]:
    """The parcel's events as they are pushed (JSON-ready), in the order they happen."""
    rng = story_random(parcel.seed, parcel.waybill_number)
    story = parcel_story(
        parcel.waybill_number,
        booked_at=parcel.created_at,
        origin_code=parcel.origin_code,
        destination_code=parcel.destination_code,
        options=options(),
        rng=rng,
    )
    return [_event_json(event) for event in story]


def _event_json(event: Any) -> dict[str, str]:
    return {
        "event_id": event.event_id,
        "status": event.status.value,
        "occurred_at": event.occurred_at.isoformat(),
        "description": event.description,
        "region_code": event.region_code,
    }


def pushes_queue(parcel: SandboxParcel, *, forgery: bool = False) -> int:
    """Owe the shipper every event of the parcel's story, as ``push_schedule`` orders them
    (duplicates, swaps, delays); the sends go to the workers on commit."""
    rng = story_random(parcel.seed, parcel.waybill_number)
    story = parcel_story(
        parcel.waybill_number,
        booked_at=parcel.created_at,
        origin_code=parcel.origin_code,
        destination_code=parcel.destination_code,
        options=options(),
        rng=rng,
    )
    schedule = push_schedule(story, options=options(), rng=rng)
    now = clock.now()
    rows = SandboxCourierPush.objects.bulk_create(
        SandboxCourierPush(
            parcel=parcel,
            event=_event_json(push.event),
            forgery=forgery,
            max_attempts=1 if forgery else 8,
            not_before=now,
            dispatched_at=now,
            created_at=now,
        )
        for push in schedule
    )
    for row, push in zip(rows, schedule, strict=True):
        delivery.enqueue(KIND, [row.pk], countdown=push.delay_seconds or None)
    return len(rows)


def push_forge(parcel: SandboxParcel, status: str = TrackingStatus.DELIVERED) -> SandboxCourierPush:
    """A push an attacker sends about a parcel: signed with the wrong key, sent once."""
    if status not in _COLLECTED_OR_LATER:
        raise ValueError(status)
    now = clock.now()
    with transaction.atomic():
        row = SandboxCourierPush.objects.create(
            parcel=parcel,
            event={
                "event_id": f"{parcel.waybill_number}-forged-{now.timestamp():.0f}",
                "status": status,
                "occurred_at": now.isoformat(),
                "description": "已签收",
                "region_code": parcel.destination_code,
            },
            forgery=True,
            max_attempts=1,
            not_before=now,
            dispatched_at=now,
            created_at=now,
        )
        delivery.enqueue(KIND, [row.pk])
    return row


def push_body(push: SandboxCourierPush) -> bytes:
    return common.dumps({"waybill_number": push.parcel.waybill_number, "events": [push.event]})


def push_send(push: SandboxCourierPush, now: datetime) -> tuple[int, str]:
    """POST one push to the parcel's callback URL, signed (a forgery with the wrong key)."""
    body = push_body(push)
    key = ("not-the-courier-" + common.secret()) if push.forgery else None
    return common.post_json(push.parcel.callback_url, body, common.signed_headers(body, key=key))


def request_payload(body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
    """A verified API request's JSON; ``CourierRefusal`` for a bad signature or body."""
    problem = common.signature_problem(body, headers)
    if problem:
        raise CourierRefusal(problem, 401)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CourierRefusal("json") from None
    if not isinstance(payload, dict):
        raise CourierRefusal("json")
    return payload
