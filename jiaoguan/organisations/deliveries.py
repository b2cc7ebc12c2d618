"""Organisations' reports pushed to their own systems on the delivery engine (kind
``organisations.webhook``): each ``WebhookDelivery`` is POSTed to its endpoint, signed per
the Standard Webhooks specification (``rules.webhooks``), the same ``webhook-id`` on every
attempt so the receiver takes a resend once; retried with the engine's back-off."""

from typing import Any

from jiaoguan.core import clock
from jiaoguan.delivery import Done, Kind, done, register
from jiaoguan.gateways.webhooks import webhook_post
from jiaoguan.organisations.models import WebhookDelivery
from jiaoguan.organisations.rules import webhooks as signing


@register
class Webhooks(Kind):
    name = "organisations.webhook"
    model = WebhookDelivery
    queued = WebhookDelivery.Status.QUEUED.value
    sending = WebhookDelivery.Status.SENDING.value
    failed = WebhookDelivery.Status.FAILED.value

    def max_attempts(self, row: Any) -> int:
        return 8  # 30 s doubling to 1 h: about two hours of a receiver's outage

    def key(self, row: Any) -> str:
        return row.message_id

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            WebhookDelivery.objects.filter(pk__in=ids).select_related("endpoint").order_by("pk")
        )

    def send(self, row: Any, context: Any) -> Done:
        body = row.body.encode()
        timestamp = int(clock.now().timestamp())
        status = webhook_post(
            row.endpoint.url,
            body,
            signing.headers(row.endpoint.secret, row.message_id, timestamp, body),
        )
        return done(
            "delivered",
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=clock.now(),
            response_status=status,
            last_error="",
        )
