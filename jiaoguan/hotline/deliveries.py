"""Answer SMS on the delivery engine (kind ``hotline.reply``): each ``Reply`` is sent once
through the configured SMS gateway (outbox in the embedded default, SMPP or HTTP in
production) under its idempotency key; the recipient is emptied once sent.

A gateway that submits many at once (SMPP's window, ``send_many``) gets the whole batch in
``prepare``: every reply is then submitted, and ``send`` hands the engine each one's outcome
(its reference, or its provider error to retry or fail it)."""

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
        gateway = get_sms_gateway()
        submitted: dict[int, str | Exception] = {}
        if hasattr(gateway, "send_many") and len(rows) > 1:
            outcomes = gateway.send_many([(r.recipient, r.body, self.key(r)) for r in rows])
            submitted = {row.pk: outcome for row, outcome in zip(rows, outcomes, strict=True)}
        return gateway, submitted

    def send(self, row: Any, context: Any) -> Done:
        gateway, submitted = context
        if row.pk in submitted:
            reference = submitted[row.pk]
            if isinstance(reference, Exception):
                raise reference
        else:
            reference = gateway.send(phone=row.recipient, text=row.body, reference=self.key(row))
        return done(
            "sent",
            status=Reply.Status.SENT,
            sent_at=clock.now(),
            provider_reference=reference[:64],
            recipient="",
            last_error="",
        )
