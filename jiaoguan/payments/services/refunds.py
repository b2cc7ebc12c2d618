"""Refunding a credited order because its business will not be done (an officer refused the
case it paid for): once per order, through the acquirer, on the delivery engine."""

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.payments.models import PaymentOrder, Refund
from jiaoguan.payments.services.callbacks import REFUNDS

#: ``Refund.reason`` of a refund for a business that was refused (the acquirer's
#: ``refund_reason`` too).
REFUSED = "business_refused"


def refund_for_reference(
    *, actor, purpose: str, reference: str, reason: str = REFUSED
) -> Refund | None:
    """Give back the credited order of (``purpose``, ``reference``) in full: the business it
    paid for will not be done. None when nothing is credited (never paid, or refunded
    already).

    Once only: the order's row is locked (``select_for_update``) and ``Refund.order`` is
    one-to-one, so a repeat, a double click or two officers at once get the one refund
    (returned again, nothing written). The order stays credited until the acquirer has
    paid the refund back (``payments.deliveries``: then ``refunded``, audited
    ``payments.refund.succeed``, and ``payments.events.RefundSucceeded`` tells the payer).
    Runs in the caller's transaction if there is one; the acquirer call goes out after
    commit, keyed by the refund number (``RF<order>``), which the acquirer takes once.
    Audits ``payments.refund.request`` with the actor."""
    with transaction.atomic():
        order = (
            PaymentOrder.objects.select_for_update()
            .filter(purpose=purpose, reference=reference, status=PaymentOrder.Status.PAID)
            .first()
        )
        if order is None:
            return None
        existing = Refund.objects.filter(order=order).first()
        if existing is not None:
            return existing
        now = clock.now()
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    order=order,
                    number=f"RF{order.number}",
                    amount_fen=order.amount_fen,
                    reason=reason[:40],
                    created_at=now,
                    not_before=now,
                    dispatched_at=now,
                )
        except IntegrityError:  # the order lock makes this a backstop only
            return Refund.objects.get(order=order)
        audit_record(
            actor=actor,
            action="payments.refund.request",
            subject=refund,
            data={
                "order": order.number,
                "purpose": purpose,
                "reference": reference,
                "amount_fen": refund.amount_fen,
                "reason": refund.reason,
            },
        )
        delivery.enqueue(REFUNDS, [refund.pk])  # on commit
    return refund
