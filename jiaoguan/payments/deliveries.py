"""Refunds on the delivery engine (kind ``payments.refund``): each pending refund is asked of
its acquirer with the refund number as idempotency key.

Success marks the refund done and the order refunded, audited, in the transaction that
writes the outcome, and publishes ``payments.events.RefundSucceeded`` there (the payer's
notice); a permanent error, or the last attempt (``PAYMENTS_REFUND_MAX_ATTEMPTS``), marks
it failed for an officer to handle (audited too). Retryable errors come back after a
back-off from ``PAYMENTS_REFUND_RETRY_SECONDS``, doubling up to 6 hours. Outcomes are
written with a durable commit (``fast_commit = False``): money and audit.
"""

from typing import Any

from django.conf import settings

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.events import publish
from jiaoguan.delivery import Done, Kind, Later, RetryableError, done, register
from jiaoguan.gateways.payment import get_payment_gateway
from jiaoguan.payments.events import RefundSucceeded
from jiaoguan.payments.models import PaymentOrder, Refund
from jiaoguan.payments.services.callbacks import REFUNDS


@register
class Refunds(Kind):
    name = REFUNDS
    model = Refund
    queued = Refund.Status.PENDING.value
    sending = Refund.Status.SENDING.value
    failed = Refund.Status.FAILED.value
    retry_cap_seconds = 6 * 3600
    fast_commit = False

    def batch_size(self) -> int:
        return 10

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_PAYMENTS_REFUND_STUCK_SECONDS

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS

    def max_attempts(self, row: Any) -> int:
        return settings.JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS

    def key(self, row: Any) -> str:
        return row.number

    def load(self, ids: list[int]) -> list[Any]:
        return list(Refund.objects.filter(pk__in=ids).select_related("order").order_by("pk"))

    def send(self, row: Any, context: Any) -> Done | Later:
        order = row.order
        try:
            gateway = get_payment_gateway(order.provider)
        except KeyError as error:  # a provider no longer enabled: perhaps again later
            raise RetryableError(f"provider {error} not enabled") from None
        result = gateway.refund(
            order_number=order.number,
            provider_reference=order.provider_reference or "",
            amount_fen=row.amount_fen,
            refund_number=self.key(row),
            reason=row.reason,
        )
        return done(
            "succeeded",
            status=Refund.Status.SUCCEEDED,
            refunded_at=result.refunded_at or clock.now(),
            last_error="",
        )

    def on_done(self, rows: list[tuple[Any, Done]]) -> None:
        orders = [refund.order_id for refund, _outcome in rows]
        # A duplicate payment, or a credited one whose business was refused.
        PaymentOrder.objects.filter(
            pk__in=orders,
            status__in=[PaymentOrder.Status.DUPLICATE, PaymentOrder.Status.PAID],
        ).update(status=PaymentOrder.Status.REFUNDED)
        for refund, outcome in rows:
            order = refund.order
            audit_record(
                actor=None,
                action="payments.refund.succeed",
                subject=refund,
                data={"order": order.number, "amount_fen": refund.amount_fen},
            )
            publish(
                RefundSucceeded(
                    refund_id=refund.pk,
                    order_id=order.pk,
                    order_number=order.number,
                    subject=order.subject,
                    purpose=order.purpose,
                    reference=order.reference,
                    payer_person_id=order.payer_person_id,
                    amount_fen=refund.amount_fen,
                    reason=refund.reason,
                    refunded_at=outcome.fields.get("refunded_at") or clock.now(),
                )
            )

    def on_failed(self, rows: list[tuple[Any, str]]) -> None:
        for refund, error in rows:
            audit_record(
                actor=None,
                action="payments.refund.fail",
                subject=refund,
                data={"error": error},
            )
