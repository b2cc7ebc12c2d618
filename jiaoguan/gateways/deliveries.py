"""The sandbox acquirer's asynchronous notifications on the delivery engine (kind
``gateways.sandbox_notification``): each is POSTed to the order's notify URL until the
merchant answers ``success``; any other answer, or no answer, is retried with back-off until
the row's ``max_attempts`` (a forgery: one), then the notification is abandoned."""

from typing import Any

from django.conf import settings

from jiaoguan.core import clock
from jiaoguan.delivery import Done, Kind, Later, RetryableError, done, register
from jiaoguan.gateways.insurer.sandbox.insurer import KIND as INSURER_KIND
from jiaoguan.gateways.insurer.sandbox.insurer import callback_send
from jiaoguan.gateways.models import (
    SandboxCourierPush,
    SandboxInsurerCallback,
    SandboxNotification,
)
from jiaoguan.gateways.payment.sandbox.acquirer import KIND, notification_params, post
from jiaoguan.gateways.postal.sandbox.courier import KIND as COURIER_KIND
from jiaoguan.gateways.postal.sandbox.courier import push_send


@register
class SandboxNotifications(Kind):
    name = KIND
    model = SandboxNotification
    queued = SandboxNotification.Status.PENDING.value
    sending = SandboxNotification.Status.SENDING.value
    failed = SandboxNotification.Status.ABANDONED.value
    retry_cap_seconds = 6 * 3600

    def batch_size(self) -> int:
        return 10

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_PAYMENTS_SANDBOX_STUCK_SECONDS

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_PAYMENTS_SANDBOX_RETRY_SECONDS

    def max_attempts(self, row: Any) -> int:
        return row.max_attempts

    def key(self, row: Any) -> str:
        return f"sbx-{row.pk}"  # the notification's notify_id, by which the merchant dedups

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            SandboxNotification.objects.filter(pk__in=ids).select_related("trade").order_by("pk")
        )

    def send(self, row: Any, context: Any) -> Done | Later:
        params = notification_params(row, clock.now())
        try:
            status, answer = post(row.trade.notify_url, params)
        except OSError as error:
            raise RetryableError(f"0 connection: {error}"[:200]) from error
        if answer.strip() != "success":
            raise RetryableError(f"{status} {answer}"[:200])
        return done(
            "acknowledged",
            status=SandboxNotification.Status.ACKNOWLEDGED,
            acknowledged_at=clock.now(),
            last_error="",
        )


@register
class SandboxCourierPushes(Kind):
    """The sandbox courier's tracking pushes (kind ``gateways.sandbox_courier_push``): each
    is POSTed to the parcel's callback URL until the shipper answers ``success``."""

    name = COURIER_KIND
    model = SandboxCourierPush
    queued = SandboxCourierPush.Status.PENDING.value
    sending = SandboxCourierPush.Status.SENDING.value
    failed = SandboxCourierPush.Status.ABANDONED.value
    retry_cap_seconds = 3600

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_POSTAL_SANDBOX_RETRY_SECONDS

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_POSTAL_SANDBOX_STUCK_SECONDS

    def batch_size(self) -> int:
        return 10

    def max_attempts(self, row: Any) -> int:
        return row.max_attempts

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            SandboxCourierPush.objects.filter(pk__in=ids).select_related("parcel").order_by("pk")
        )

    def send(self, row: Any, context: Any) -> Done | Later:
        try:
            status, answer = push_send(row, clock.now())
        except OSError as error:
            raise RetryableError(f"0 connection: {error}"[:200]) from error
        if answer.strip() != "success":
            raise RetryableError(f"{status} {answer}"[:200])
        return done(
            "acknowledged",
            status=SandboxCourierPush.Status.ACKNOWLEDGED,
            acknowledged_at=clock.now(),
            last_error="",
        )


@register
class SandboxInsurerCallbacks(Kind):
    """The sandbox insurer's callbacks (kind ``gateways.sandbox_insurer_callback``): each is
    POSTed to the claim's callback URL until the platform answers 2xx."""

    name = INSURER_KIND
    model = SandboxInsurerCallback
    queued = SandboxInsurerCallback.Status.PENDING.value
    sending = SandboxInsurerCallback.Status.SENDING.value
    failed = SandboxInsurerCallback.Status.ABANDONED.value
    retry_cap_seconds = 3600

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_INSURER_SANDBOX_RETRY_SECONDS

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_INSURER_SANDBOX_STUCK_SECONDS

    def batch_size(self) -> int:
        return 10

    def max_attempts(self, row: Any) -> int:
        return row.max_attempts

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            SandboxInsurerCallback.objects.filter(pk__in=ids).select_related("claim").order_by("pk")
        )

    def send(self, row: Any, context: Any) -> Done | Later:
        try:
            status, answer = callback_send(row, clock.now())
        except OSError as error:
            raise RetryableError(f"0 connection: {error}"[:200]) from error
        if not 200 <= status < 300:
            raise RetryableError(f"{status} {answer}"[:200])
        return done(
            "acknowledged",
            status=SandboxInsurerCallback.Status.ACKNOWLEDGED,
            acknowledged_at=clock.now(),
            last_error="",
        )
