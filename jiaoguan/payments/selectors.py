"""Reads for payments."""

from django.db.models import QuerySet

from jiaoguan.gateways.payment import LABELS, providers_enabled
from jiaoguan.payments import errors
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    ReconciliationRun,
    Refund,
)


def payment_providers() -> list[tuple[str, str]]:
    """(name, label) of every provider a payer may choose here, in the configured order."""
    return [(name, str(LABELS.get(name, name))) for name in providers_enabled()]


def payment_provider_choose(provider: str | None) -> str:
    """The provider a payment goes through: ``provider`` when this deployment enables it; with
    none named, the only enabled one. Raises ``payments.provider.unavailable`` (not enabled,
    or none enabled) and ``payments.provider.required`` (several enabled, none named)."""
    enabled = providers_enabled()
    if provider:
        if provider not in enabled:
            raise errors.provider_unavailable(provider, enabled)
        return provider
    if len(enabled) == 1:
        return enabled[0]
    if not enabled:
        raise errors.provider_unavailable("", enabled)
    raise errors.provider_required(enabled)


def order_paid_for(*, purpose: str, reference: str) -> PaymentOrder | None:
    """The credited order of (``purpose``, ``reference``), or None when nothing is paid."""
    return PaymentOrder.objects.filter(
        purpose=purpose, reference=reference, status=PaymentOrder.Status.PAID
    ).first()


def orders_of_person(*, person_id: int, limit: int = 50) -> list[PaymentOrder]:
    """A payer's orders, newest first."""
    return list(PaymentOrder.objects.filter(payer_person_id=person_id)[:limit])


def order_of_person(*, person_id: int, number: str) -> PaymentOrder:
    """One of a payer's orders by number. Raises ``payments.order.not_found``."""
    order = PaymentOrder.objects.filter(payer_person_id=person_id, number=number).first()
    if order is None:
        raise errors.order_not_found()
    return order


def orders_recent(*, status: str = "", limit: int = 50) -> list[PaymentOrder]:
    orders: QuerySet[PaymentOrder] = PaymentOrder.objects.all()
    if status:
        orders = orders.filter(status=status)
    return list(orders[:limit])


def callbacks_recent(*, outcome: str = "", limit: int = 50) -> list[PaymentCallback]:
    callbacks: QuerySet[PaymentCallback] = PaymentCallback.objects.all()
    if outcome:
        callbacks = callbacks.filter(outcome=outcome)
    return list(callbacks[:limit])


def refunds_recent(*, limit: int = 50) -> list[Refund]:
    return list(Refund.objects.select_related("order")[:limit])


def reconciliation_runs_recent(*, limit: int = 30) -> list[ReconciliationRun]:
    return list(ReconciliationRun.objects.prefetch_related("differences")[:limit])


def order_counts() -> dict[str, int]:
    """Orders per status."""
    counts = dict.fromkeys(PaymentOrder.Status.values, 0)
    for status in PaymentOrder.objects.values_list("status", flat=True).order_by():
        counts[status] += 1
    return counts
