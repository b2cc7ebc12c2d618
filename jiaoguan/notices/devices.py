"""The push device registry: the citizen app's installations and their push tokens.

Registering is an upsert on the token (``INSERT … ON CONFLICT (token) DO UPDATE``), so an app
that registers again on every start, two registrations racing, or a phone passed to someone
else all leave one row, enabled, under the latest account. An account keeps at most
``NOTICES_PUSH_DEVICES_PER_ACCOUNT`` enabled devices: registering one more disables the one
registered longest ago. Delivery sends a push to every enabled device of the account and
disables the tokens the provider reports stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.notices import errors
from jiaoguan.notices.models import PushDevice

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

# Provider tokens (APNs hex, FCM and HMS base64url with separators) are printable ASCII.
_TOKEN = re.compile(r"^[A-Za-z0-9_:\-.+/=]{16,255}$")


_REGISTRATION_FIELDS = [
    "account",
    "platform",
    "enabled",
    "registered_at",
    "disabled_at",
    "disabled_reason",
]


def _token_tail(token: str) -> str:
    return f"…{token[-6:]}"


def push_device_register(*, actor, account: User, token: str, platform: str) -> PushDevice:
    """Register (or register again) an app installation's push token under ``account``.

    The token moves to ``account`` if another account had it, and is enabled again if it
    was disabled. Over the per-account limit, the device registered longest ago is disabled
    (``replaced``). Audited. Raises ``notices.device.token_invalid`` and
    ``notices.device.platform_invalid``.
    """
    token = (token or "").strip()
    if not _TOKEN.match(token):
        raise errors.device_token_invalid()
    if platform not in PushDevice.Platform.values:
        raise errors.device_platform_invalid()
    now = clock.now()
    with transaction.atomic():
        PushDevice.objects.bulk_create(
            [
                PushDevice(
                    account=account,
                    token=token,
                    platform=platform,
                    enabled=True,
                    registered_at=now,
                    disabled_at=None,
                    disabled_reason="",
                )
            ],
            update_conflicts=True,
            unique_fields=["token"],
            update_fields=_REGISTRATION_FIELDS,
        )
        device = PushDevice.objects.get(token=token)
        limit = settings.JIAOGUAN_NOTICES_PUSH_DEVICES_PER_ACCOUNT
        surplus = list(
            PushDevice.objects.filter(account=account, enabled=True)
            .order_by("-registered_at", "-id")
            .values_list("pk", flat=True)[limit:]
        )
        if surplus:
            PushDevice.objects.filter(pk__in=surplus).update(
                enabled=False, disabled_at=now, disabled_reason=PushDevice.DisabledReason.REPLACED
            )
        audit_record(
            actor=actor,
            action="notices.device.register",
            subject=device,
            person_id_number=account.person.id_number if account.person else "",
            data={"platform": platform, "token": _token_tail(token), "replaced": len(surplus)},
        )
    return device


def push_device_unregister(*, actor, account: User, device_id: int) -> None:
    """Disable one of ``account``'s devices (the app logs out); again is harmless. Audited.
    Raises ``notices.device.not_found`` for a device of another account."""
    with transaction.atomic():
        device = (
            PushDevice.objects.select_for_update().filter(pk=device_id, account=account).first()
        )
        if device is None:
            raise errors.device_not_found()
        if not device.enabled:
            return
        device.enabled = False
        device.disabled_at = clock.now()
        device.disabled_reason = PushDevice.DisabledReason.UNREGISTERED
        device.save(update_fields=["enabled", "disabled_at", "disabled_reason"])
        audit_record(
            actor=actor,
            action="notices.device.unregister",
            subject=device,
            data={"token": _token_tail(device.token)},
        )


def push_devices_disable_stale(*, tokens: Iterable[str], reported_at: datetime) -> int:
    """Disable the tokens a push provider reported as no longer registered; how many.

    A token registered again after the push that found it stale (``registered_at`` after
    ``reported_at``) stays enabled: the app has a fresh registration."""
    tokens = sorted(set(tokens))
    if not tokens:
        return 0
    return PushDevice.objects.filter(
        token__in=tokens, enabled=True, registered_at__lte=reported_at
    ).update(
        enabled=False, disabled_at=clock.now(), disabled_reason=PushDevice.DisabledReason.STALE
    )
