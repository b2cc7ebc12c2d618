"""Refunds of duplicate payments, executed and retried as tasks."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, ProviderError
from jiaoguan.gateways.payment import get_payment_gateway
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    Refund,
)

Outcome = PaymentCallback.Outcome


# --- Refunds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundOutcome:
    status: str
    retry_in: int | None = None


def refund_execute(*, refund_id: int) -> RefundOutcome:
    """Ask the acquirer to pay one pending refund back; at most one worker at a time.

    Claims the refund with a conditional update that also pushes its next attempt out by
    ``PAYMENTS_REFUND_RETRY_SECONDS`` (a lease: a dead worker's refund comes round again).
    The acquirer call runs outside any transaction and carries the refund number as its
    idempotency key. Success marks the refund done and the order refunded (audited); a
    permanent error, or the last attempt, marks it failed for an officer to handle.
    """
    now = clock.now()
    retry = settings.JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS
    claimed = Refund.objects.filter(
        pk=refund_id, status=Refund.Status.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=retry))
    if not claimed:
        return RefundOutcome("not_claimed")
    refund = Refund.objects.select_related("order").get(pk=refund_id)
    order = refund.order
    try:
        gateway = get_payment_gateway(order.provider)
        result = gateway.refund(
            order_number=order.number,
            provider_reference=order.provider_reference or "",
            amount_fen=refund.amount_fen,
            refund_number=refund.number,
            reason=refund.reason,
        )
    except (ProviderError, KeyError) as error:
        last = refund.attempts >= settings.JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS
        if isinstance(error, PermanentProviderError) or last:
            with transaction.atomic():
                Refund.objects.filter(pk=refund_id).update(
                    status=Refund.Status.FAILED, last_error=str(error)[:300]
                )
                audit_record(
                    actor=None,
                    action="payments.refund.fail",
                    subject=refund,
                    data={"error": str(error)[:300]},
                )
            return RefundOutcome("failed")
        Refund.objects.filter(pk=refund_id).update(last_error=str(error)[:300])
        return RefundOutcome("pending", retry_in=retry)
    with transaction.atomic():
        Refund.objects.filter(pk=refund_id, status=Refund.Status.PENDING).update(
            status=Refund.Status.SUCCEEDED, refunded_at=result.refunded_at or clock.now()
        )
        PaymentOrder.objects.filter(pk=order.pk, status=PaymentOrder.Status.DUPLICATE).update(
            status=PaymentOrder.Status.REFUNDED
        )
        audit_record(
            actor=None,
            action="payments.refund.succeed",
            subject=refund,
            data={"order": order.number, "amount_fen": refund.amount_fen},
        )
    return RefundOutcome("succeeded")


def refunds_dispatch() -> int:
    """Hand every due pending refund to the workers (the sweeper; beat runs it every minute)."""
    from jiaoguan.payments.tasks import refund_execute

    ids = list(
        Refund.objects.filter(
            status=Refund.Status.PENDING, next_attempt_at__lte=clock.now()
        ).values_list("id", flat=True)
    )
    for refund_id in ids:
        refund_execute.delay(refund_id)
    return len(ids)
