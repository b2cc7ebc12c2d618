"""The sandboxes' pushes on the delivery engine: the acquirer's asynchronous notifications
(kind ``gateways.sandbox_notification``), the courier's tracking pushes
(``gateways.sandbox_courier_push``) and the insurer's callbacks
(``gateways.sandbox_insurer_callback``). Each row is POSTed to its callback URL until the
platform accepts it; any other answer, or no answer, is retried with back-off until the row's
``max_attempts`` (a forgery: one), then the push is abandoned."""

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


class SandboxPushes(Kind):
    """What the three sandboxes' pushes share; each names its row's parent (``parent``), the
    settings of its retry and lease, how one is sent (``push``) and what the platform's
    acceptance looks like (``accepted``)."""

    parent = ""
    acknowledged = ""
    retry_setting = ""
    lease_setting = ""
    retry_cap_seconds = 3600

    def retry_seconds(self) -> int:
        return getattr(settings, self.retry_setting)

    def lease_seconds(self) -> int:
        return getattr(settings, self.lease_setting)

    def batch_size(self) -> int:
        return 10

    def max_attempts(self, row: Any) -> int:
        return row.max_attempts

    def load(self, ids: list[int]) -> list[Any]:
        rows = self.model._default_manager.filter(pk__in=ids).select_related(self.parent)
        rows = rows.order_by("pk")
        return list(rows)

    def push(self, row: Any) -> tuple[int, str]:
        raise NotImplementedError

    def accepted(self, status: int, answer: str) -> bool:
        return answer.strip() == "success"

    def send(self, row: Any, context: Any) -> Done | Later:
        try:
            status, answer = self.push(row)
        except OSError as error:
            raise RetryableError(f"0 connection: {error}"[:200]) from error
        if not self.accepted(status, answer):
            raise RetryableError(f"{status} {answer}"[:200])
        return done(
            "acknowledged",
            status=self.acknowledged,
            acknowledged_at=clock.now(),
            last_error="",
        )


@register
class SandboxNotifications(SandboxPushes):
    name = KIND
    model = SandboxNotification
    queued = SandboxNotification.Status.PENDING.value
    sending = SandboxNotification.Status.SENDING.value
    failed = SandboxNotification.Status.ABANDONED.value
    acknowledged = SandboxNotification.Status.ACKNOWLEDGED.value
    retry_cap_seconds = 6 * 3600
    parent = "trade"
    retry_setting = "JIAOGUAN_PAYMENTS_SANDBOX_RETRY_SECONDS"
    lease_setting = "JIAOGUAN_PAYMENTS_SANDBOX_STUCK_SECONDS"

    def key(self, row: Any) -> str:
        return f"sbx-{row.pk}"  # the notification's notify_id, by which the merchant dedups

    def push(self, row: Any) -> tuple[int, str]:
        return post(row.trade.notify_url, notification_params(row, clock.now()))


@register
class SandboxCourierPushes(SandboxPushes):
    """Tracking pushes, until the shipper answers ``success``."""

    name = COURIER_KIND
    model = SandboxCourierPush
    queued = SandboxCourierPush.Status.PENDING.value
    sending = SandboxCourierPush.Status.SENDING.value
    failed = SandboxCourierPush.Status.ABANDONED.value
    acknowledged = SandboxCourierPush.Status.ACKNOWLEDGED.value
    parent = "parcel"
    retry_setting = "JIAOGUAN_POSTAL_SANDBOX_RETRY_SECONDS"
    lease_setting = "JIAOGUAN_POSTAL_SANDBOX_STUCK_SECONDS"

    def push(self, row: Any) -> tuple[int, str]:
        return push_send(row, clock.now())


@register
class SandboxInsurerCallbacks(SandboxPushes):
    """Claim callbacks, until the platform answers 2xx."""

    name = INSURER_KIND
    model = SandboxInsurerCallback
    queued = SandboxInsurerCallback.Status.PENDING.value
    sending = SandboxInsurerCallback.Status.SENDING.value
    failed = SandboxInsurerCallback.Status.ABANDONED.value
    acknowledged = SandboxInsurerCallback.Status.ACKNOWLEDGED.value
    parent = "claim"
    retry_setting = "JIAOGUAN_INSURER_SANDBOX_RETRY_SECONDS"
    lease_setting = "JIAOGUAN_INSURER_SANDBOX_STUCK_SECONDS"

    def push(self, row: Any) -> tuple[int, str]:
        return callback_send(row, clock.now())

    def accepted(self, status: int, answer: str) -> bool:
        return 200 <= status < 300
