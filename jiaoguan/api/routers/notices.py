"""Notices over the API: the citizen's inbox, preferences and app installations registered
for push (``/v1/me/notices``, ``/v1/me/notices/devices``), and the SMS provider's delivery
receipts (``/v1/notices/receipts``, HMAC-signed)."""

import hashlib
import hmac
from typing import Literal

from django.conf import settings
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import RowId
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.notices import errors, selectors, services

router = Router(tags=["notices"], auth=citizen_auth)
receipts_router = Router(tags=["notices"])


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


class NoticeOut(Schema):
    id: int
    kind: str
    created_at: str
    read: bool
    title: str
    reason: str
    action: str
    link: str


class InboxOut(Schema):
    unread: int
    notices: list[NoticeOut]


class PreferenceIn(Schema):
    sms_enabled: StrictBool
    push_enabled: StrictBool
    language: Literal["zh-hans", "en"] = Field(description="the language of my notices")


class PreferenceOut(PreferenceIn):
    pass


class ReceiptIn(Schema):
    message_id: str = Field(min_length=1, max_length=64, description="the provider's reference")
    status: str = Field(
        min_length=1, max_length=20, description="delivered, failed, or the provider's own"
    )


class ReceiptOut(Schema):
    matched: bool


@router.get("", response=InboxOut)
def my_notices(request):
    """My notices, newest first, in the request's language (Accept-Language)."""
    person = request.auth.person
    items = selectors.person_inbox(person=person, language=_language())
    return {
        "unread": selectors.person_unread_count(person=person),
        "notices": [
            {
                "id": item.id,
                "kind": item.kind,
                "created_at": clock.local(item.created_at).isoformat(),
                "read": item.read,
                "title": item.text.title,
                "reason": item.text.reason,
                "action": item.text.action,
                "link": item.text.link,
            }
            for item in items
        ],
    }


class DeviceIn(Schema):
    token: str = Field(pattern=r"^[A-Za-z0-9_:\-.+/=]{16,255}$", description="the push token")
    platform: Literal["android", "ios", "harmony"]


class DeviceOut(Schema):
    id: int
    platform: str
    token_tail: str
    registered_at: str


def _device_out(device) -> dict:
    return {
        "id": device.pk,
        "platform": device.platform,
        "token_tail": device.token[-6:],
        "registered_at": clock.local(device.registered_at).isoformat(),
    }


@router.get("/devices", response=list[DeviceOut])
def my_push_devices(request):
    """My app installations registered for push (enabled ones, newest first)."""
    devices = selectors.account_push_devices(account=request.auth.user)
    return [_device_out(device) for device in devices]


@router.post("/devices", response={201: DeviceOut, **error_responses(409)})
def my_push_device_register(request, payload: DeviceIn):
    """Register this app installation's push token (call on every start and whenever the
    provider rotates the token; again is harmless). ``platform``: android, ios or harmony."""
    device = services.push_device_register(
        actor=request.auth.user,
        account=request.auth.user,
        token=payload.token,
        platform=payload.platform,
    )
    return Status(201, _device_out(device))


@router.delete("/devices/{device_id}", response={204: None, **error_responses(404)})
def my_push_device_unregister(request, device_id: RowId):
    """Stop pushes to one of my app installations (log-out); again is harmless."""
    services.push_device_unregister(
        actor=request.auth.user, account=request.auth.user, device_id=device_id
    )
    return Status(204, None)


@router.post("/{notice_id}/read", response={204: None, **error_responses(404)})
def my_notice_read(request, notice_id: RowId):
    """Mark one of my notices read (again is harmless)."""
    services.notice_mark_read(
        actor=request.auth.user, person=request.auth.person, notice_id=notice_id
    )
    return Status(204, None)


def _preference_out(preference) -> dict:
    return {
        "sms_enabled": preference.sms_enabled,
        "push_enabled": preference.push_enabled,
        "language": preference.language,
    }


@router.get("/preferences", response=PreferenceOut)
def my_notice_preferences(request):
    """How I get notices: SMS and push on or off, and the language."""
    return _preference_out(selectors.person_notice_preference(person=request.auth.person))


@router.put("/preferences", response=PreferenceOut)
def my_notice_preferences_update(request, payload: PreferenceIn):
    """Change how I get notices. The web inbox is always on."""
    preference = services.preference_update(
        actor=request.auth.user, person=request.auth.person, **payload.dict()
    )
    return _preference_out(preference)


def _signature_valid(request) -> bool:
    secret = settings.JIAOGUAN_NOTICES_RECEIPT_SECRET
    if not secret:
        return False  # production without NOTICES_RECEIPT_SECRET takes no receipts
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Signature", ""))


@receipts_router.post("/receipts", response={200: ReceiptOut, **error_responses(401, 403)})
def delivery_receipt(request, payload: ReceiptIn):
    """A delivery receipt from the SMS provider, signed with the shared secret
    (``X-Signature``: hex HMAC-SHA256 of the body). Stored once; a repeat changes nothing."""
    if not _signature_valid(request):
        raise errors.receipt_signature_invalid()
    receipt = services.receipt_record(provider_reference=payload.message_id, status=payload.status)
    return {"matched": receipt.matched}


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/me/notices", router, position=30),
    ApiMount("/v1/notices", receipts_router, position=130),
]
