"""Opening payment orders: one open and at most one credited order per reference."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.gateways.payment import get_payment_gateway
from jiaoguan.gateways.payment.base import (
    PaymentRequest,
)
from jiaoguan.identity.selectors import person_exists
from jiaoguan.payments import errors
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
)
from jiaoguan.payments.selectors import payment_provider_choose

Outcome = PaymentCallback.Outcome


@dataclass(frozen=True)
class PaymentStart:
    """An order ready to pay and the acquirer's page to send the payer to."""

    order: PaymentOrder
    pay_url: str


def _order_number(now: datetime) -> str:
    return f"JG{clock.local(now):%y%m%d}{uuid.uuid4().hex[:16].upper()}"


def notify_url_of(provider: str) -> str:
    """Where the acquirer posts its notifications for ``provider``."""
    path = reverse("api:payments_notify", kwargs={"provider": provider})
    return settings.JIAOGUAN_PAYMENTS_NOTIFY_BASE_URL.rstrip("/") + path


def _check_fields(**values: tuple[str, int]) -> None:
    for field, (value, limit) in values.items():
        if not value or len(value) > limit:
            raise errors.order_invalid(field)


def payment_order_open(
    *,
    actor,
    purpose: str,
    reference: str,
    amount: Money,
    payer_person_id: int | None,
    subject: str,
    return_url: str,
    provider: str | None = None,
    province_code: str = "",
) -> PaymentStart:
    """An order to pay ``amount`` for (``purpose``, ``reference``) and its pay page.

    Reuses the open order of the same purpose and reference when amount and provider are
    unchanged; otherwise closes it and opens a new one (a late penalty grows daily). Locks the
    open order (``select_for_update``); the partial unique constraint on open orders settles
    two callers racing to open the first. Audited (``payments.order.open``). Raises
    ``payments.order.already_paid`` when an order of the reference is credited,
    ``payments.order.amount_invalid``, ``payments.order.invalid``,
    ``payments.provider.unavailable``, ``payments.provider.required`` (see
    ``payment_provider_choose``: no ``provider`` means the only one enabled),
    ``payments.order.busy`` (lost a race to open). ``province_code`` is the province the money
    is collected for (GB/T 2260, two digits; "" for a national fee).
    """
    if amount.fen <= 0:
        raise errors.amount_invalid()
    _check_fields(purpose=(purpose, 50), reference=(reference, 64), subject=(subject, 128))
    if len(return_url) > 500:
        raise errors.order_invalid("return_url")
    if province_code and not (len(province_code) == 2 and province_code.isdigit()):
        raise errors.order_invalid("province_code")
    provider = payment_provider_choose(provider)
    if payer_person_id is not None and not person_exists(person_id=payer_person_id):
        raise errors.order_invalid("payer_person_id")
    gateway = get_payment_gateway(provider)
    now = clock.now()
    same_reference = PaymentOrder.objects.filter(purpose=purpose, reference=reference)
    with transaction.atomic():
        if same_reference.filter(status=PaymentOrder.Status.PAID).exists():
            raise errors.already_paid()
        order = same_reference.select_for_update().filter(status=PaymentOrder.Status.OPEN).first()
        if order is not None and (order.amount_fen != amount.fen or order.provider != provider):
            order.status = PaymentOrder.Status.CLOSED
            order.closed_at = now
            order.save(update_fields=["status", "closed_at"])
            audit_record(
                actor=actor,
                action="payments.order.close",
                subject=order,
                data={"reason": "amount_changed", "new_amount_fen": amount.fen},
            )
            order = None
        if order is None:
            try:
                with transaction.atomic():
                    order = PaymentOrder.objects.create(
                        number=_order_number(now),
                        purpose=purpose,
                        reference=reference,
                        amount_fen=amount.fen,
                        subject=subject,
                        payer_person_id=payer_person_id,
                        provider=provider,
                        province_code=province_code,
                        return_url=return_url,
                        created_at=now,
                    )
            except IntegrityError:
                raise errors.order_busy() from None
            audit_record(
                actor=actor,
                action="payments.order.open",
                subject=order,
                data={
                    "purpose": purpose,
                    "reference": reference,
                    "amount_fen": amount.fen,
                    "provider": provider,
                },
            )
    pay_url = gateway.create(
        PaymentRequest(
            order_number=order.number,
            amount_fen=order.amount_fen,
            subject=order.subject,
            return_url=order.return_url,
            notify_url=notify_url_of(provider),
        )
    )
    return PaymentStart(order=order, pay_url=pay_url)
