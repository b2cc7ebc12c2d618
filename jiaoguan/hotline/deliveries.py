"""Answer SMS on the delivery engine (kind ``hotline.reply``): each ``Reply`` is sent once
through the configured SMS gateway (outbox in the embedded default, SMPP or HTTP in
production) under its idempotency key; the recipient is emptied once sent."""

from typing import Any

from jiaoguan.core import clock
from jiaoguan.delivery import Done, Kind, done, register
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.hotline.models import Reply


@register
class Replies(Kind):
    name = "hotline.reply"
    model = Reply
    queued = Reply.Status.QUEUED.value
    sending = Reply.Status.SENDING.value
    failed = Reply.Status.FAILED.value
    retry_cap_seconds = 600  # an answer late by more than minutes is worth little

    def batch_size(self) -> int:
        return 20

    def retry_seconds(self) -> int:
        return 10

    def key(self, row: Any) -> str:
        return f"hotline-reply-{row.pk}"

    def prepare(self, rows: list[Any], now: Any) -> Any:
        return get_sms_gateway()

    def send(self, row: Any, context: Any) -> Done:
        reference = context.send(phone=row.recipient, text=row.body, reference=self.key(row))
        return done(
            "sent",
            status=Reply.Status.SENT,
            sent_at=clock.now(),
            provider_reference=reference[:64],
            recipient="",
            last_error="",
        )
