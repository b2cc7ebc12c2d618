"""Taking the acquirers' notifications exactly once; a second payment of one reference is
kept as a duplicate and refunded."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.events import publish
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.payment import get_payment_gateway
from jiaoguan.gateways.payment.base import (
    CallbackInvalid,
    PaymentNotification,
    TradeStatus,
)
from jiaoguan.payments.events import OrderPaid
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    Refund,
)

REFUNDS = "payments.refund"  # the delivery kind (payments.deliveries)

logger = logging.getLogger(__name__)

Outcome = PaymentCallback.Outcome


# --- Notifications --------------------------------------------------------------------------


@dataclass(frozen=True)
class CallbackAnswer:
    """What to answer the acquirer: ``body`` (its convention, e.g. ``success``) with HTTP
    ``status``, once the notification's processing has committed."""

    outcome: str
    reason: str
    body: str
    status: int
    callback_id: int


def _callback_store(
    *,
    provider: str,
    params: Mapping[str, str],
    outcome: str,
    reason: str = "",
    order: PaymentOrder | None = None,
    note: PaymentNotification | None = None,
    ip_address: str | None = None,
) -> PaymentCallback:
    callback = PaymentCallback.objects.create(
        provider=provider[:20],
        received_at=clock.now(),
        outcome=outcome,
        reason=reason[:40],
        order=order,
        order_number=(note.order_number if note else params.get("out_trade_no", ""))[:64],
        provider_reference=(note.provider_reference if note else params.get("trade_no", ""))[:64],
        notify_id=(note.notify_id if note else params.get("notify_id", ""))[:64],
        trade_status=(note.raw_status if note else params.get("trade_status", ""))[:32],
        amount_fen=note.amount_fen if note else None,
        params=dict(params),
        ip_address=ip_address,
    )
    if outcome == Outcome.REJECTED:
        logger.warning(
            "payment notification rejected: %s (provider %s, order %s, from %s)",
            reason,
            provider,
            callback.order_number,
            ip_address,
        )
        audit_record(
            actor=None,
            action="payments.callback.reject",
            subject=callback,
            data={"reason": reason, "order_number": callback.order_number},
            ip_address=ip_address,
        )
    return callback


def callback_process(
    *, provider: str, params: Mapping[str, str], ip_address: str | None = None
) -> CallbackAnswer:
    """Take one asynchronous notification from an acquirer, exactly once.

    The signature is checked by the provider's gateway; then, in one transaction holding the
    order's row lock: an unknown order, a wrong amount or a trade reference held by another
    order is rejected; a repeat of a notification already taken is acknowledged without
    crediting again; the first "paid" notification credits the order (``OrderPaid`` is published
    inside the transaction) unless another order of the same reference is credited already
    (the partial unique constraint decides) or the order was closed: then the payment is kept
    as a duplicate and refunded after commit. Every notification is stored
    (``PaymentCallback``); rejections are also logged and audited. The answer tells the
    acquirer whether to send again: processing errors (a subscriber that raised) roll back and
    answer 503.
    """
    params = {str(name): str(value) for name, value in params.items()}
    try:
        gateway = get_payment_gateway(provider)
    except KeyError:
        callback = _callback_store(
            provider=provider,
            params=params,
            outcome=Outcome.REJECTED,
            reason="provider_unknown",
            ip_address=ip_address,
        )
        return CallbackAnswer(Outcome.REJECTED, "provider_unknown", "failure", 404, callback.pk)
    try:
        note = gateway.verify_callback(params)
    except CallbackInvalid as invalid:
        with transaction.atomic():
            callback = _callback_store(
                provider=provider,
                params=params,
                outcome=Outcome.REJECTED,
                reason=invalid.reason,
                ip_address=ip_address,
            )
        return CallbackAnswer(Outcome.REJECTED, invalid.reason, gateway.rejection, 400, callback.pk)
    try:
        with transaction.atomic():
            outcome, reason, order = _notification_apply(provider, note)
            callback = _callback_store(
                provider=provider,
                params=params,
                outcome=outcome,
                reason=reason,
                order=order,
                note=note,
                ip_address=ip_address,
            )
    except Exception:
        logger.exception("payment notification for order %s not taken", note.order_number)
        callback = _callback_store(
            provider=provider,
            params=params,
            outcome=Outcome.FAILED,
            reason="processing_error",
            note=note,
            ip_address=ip_address,
        )
        return CallbackAnswer(
            Outcome.FAILED, "processing_error", gateway.rejection, 503, callback.pk
        )
    if outcome == Outcome.REJECTED:
        return CallbackAnswer(outcome, reason, gateway.rejection, 400, callback.pk)
    return CallbackAnswer(outcome, reason, gateway.acknowledgement, 200, callback.pk)


def _notification_apply(
    provider: str, note: PaymentNotification
) -> tuple[str, str, PaymentOrder | None]:
    """(outcome, reason, order) of a verified notification; runs in the caller's transaction."""
    order = (
        PaymentOrder.objects.select_for_update()
        .filter(number=note.order_number, provider=provider)
        .first()
    )
    if order is None:
        return Outcome.REJECTED, "unknown_order", None
    if note.amount_fen != order.amount_fen:
        return Outcome.REJECTED, "amount_mismatch", order
    if note.status != TradeStatus.PAID:
        if note.status == TradeStatus.CLOSED and order.status == PaymentOrder.Status.OPEN:
            order.status = PaymentOrder.Status.CLOSED
            order.closed_at = clock.now()
            order.save(update_fields=["status", "closed_at"])
            audit_record(
                actor=None,
                action="payments.order.close",
                subject=order,
                data={"reason": "closed_by_acquirer"},
            )
        return Outcome.NOTED, note.raw_status.lower(), order
    if not note.provider_reference:
        return Outcome.REJECTED, "reference_missing", order
    if order.provider_reference:
        if order.provider_reference == note.provider_reference:
            return Outcome.REPEATED, "", order
        return Outcome.REJECTED, "reference_mismatch", order
    paid_at = note.paid_at or clock.now()
    taken = {"provider_reference": note.provider_reference, "paid_at": paid_at}
    credit = order.status == PaymentOrder.Status.OPEN
    reason = "" if credit else "order_closed"
    try:
        with transaction.atomic():
            # Crediting: the partial unique constraint refuses a second credited order.
            status = {"status": PaymentOrder.Status.PAID} if credit else {}
            PaymentOrder.objects.filter(pk=order.pk).update(**taken, **status)
    except IntegrityError:
        if (
            not credit
            or PaymentOrder.objects.filter(provider_reference=note.provider_reference).exists()
        ):
            return Outcome.REJECTED, "reference_reused", order
        credit, reason = False, "paid_twice"  # another order of the reference is credited
        try:
            with transaction.atomic():
                PaymentOrder.objects.filter(pk=order.pk).update(**taken)
        except IntegrityError:
            return Outcome.REJECTED, "reference_reused", order
    order.provider_reference, order.paid_at = note.provider_reference, paid_at
    if credit:
        order.status = PaymentOrder.Status.PAID
        audit_record(
            actor=None,
            action="payments.order.paid",
            subject=order,
            data={
                "purpose": order.purpose,
                "reference": order.reference,
                "amount_fen": order.amount_fen,
                "provider_reference": order.provider_reference,
            },
        )
        publish(
            OrderPaid(
                order_id=order.pk,
                number=order.number,
                purpose=order.purpose,
                reference=order.reference,
                amount_fen=order.amount_fen,
                paid_at=paid_at,
            )
        )
        return Outcome.CREDITED, "", order
    _duplicate_record(order, reason)
    return Outcome.DUPLICATE_PAYMENT, reason, order


def _duplicate_record(order: PaymentOrder, reason: str) -> Refund:
    now = clock.now()
    order.status = PaymentOrder.Status.DUPLICATE
    order.save(update_fields=["status"])
    refund = Refund.objects.create(
        order=order,
        number=f"RF{order.number}",
        amount_fen=order.amount_fen,
        reason=reason,
        created_at=now,
        not_before=now,
        dispatched_at=now,
    )
    audit_record(
        actor=None,
        action="payments.order.duplicate",
        subject=order,
        data={"reason": reason, "refund": refund.number, "amount_fen": order.amount_fen},
    )
    delivery.enqueue(REFUNDS, [refund.pk])  # on commit
    return refund
