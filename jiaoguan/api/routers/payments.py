"""Payments over the API: the acquirers' asynchronous notifications
(``/v1/payments/notify/{provider}``, signed by the acquirer, answered in its convention:
plain ``success`` once taken) and the citizen's own payment orders (``/v1/me/payments``)."""

from django.http import HttpResponse
from ninja import Router, Schema

from jiaoguan.api.auth import citizen_auth
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.payments import selectors, services

notify_router = Router(tags=["payments"])
router = Router(tags=["payments"], auth=citizen_auth)


class OrderOut(Schema):
    number: str
    purpose: str
    reference: str
    subject: str
    amount_fen: int
    status: str
    provider: str
    created_at: str
    paid_at: str | None


@notify_router.post("/notify/{provider}", url_name="payments_notify", include_in_schema=False)
def payment_notify(request, provider: str):
    """An acquirer's asynchronous notification (form-encoded). The body is ``success`` only
    after the notification's processing committed; anything else makes the acquirer retry."""
    answer = services.callback_process(
        provider=provider, params=request.POST.dict(), ip_address=client_address(request)
    )
    return HttpResponse(answer.body, status=answer.status, content_type="text/plain")


@router.get("", response=list[OrderOut])
def my_payments(request):
    """My payment orders, newest first."""
    return [
        OrderOut(
            number=order.number,
            purpose=order.purpose,
            reference=order.reference,
            subject=order.subject,
            amount_fen=order.amount_fen,
            status=order.status,
            provider=order.provider,
            created_at=order.created_at.isoformat(),
            paid_at=order.paid_at.isoformat() if order.paid_at else None,
        )
        for order in selectors.orders_of_person(person_id=request.auth.person_id)
    ]


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/me/payments", router, position=140),
    ApiMount("/v1/payments", notify_router, position=150),
]
