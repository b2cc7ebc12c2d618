"""Payment orders and sandbox notifications for tests (purpose ``tests.dummy``)."""

import itertools

from jiaoguan.core.money import Money
from jiaoguan.gateways.payment import sandbox
from jiaoguan.gateways.payment.base import format_yuan
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentOrder

PURPOSE = "tests.dummy"
_references = itertools.count(1)


def next_reference() -> str:
    return f"TEST-{next(_references):08d}"


def open_order(
    *, amount_fen: int = 20000, reference: str | None = None, payer_person_id: int | None = None
) -> services.PaymentStart:
    return services.payment_order_open(
        actor=None,
        purpose=PURPOSE,
        reference=reference or next_reference(),
        amount=Money(amount_fen),
        payer_person_id=payer_person_id,
        subject="测试罚款",
        return_url="/me/",
    )


def paid_params(
    order: PaymentOrder, *, trade_no: str | None = None, secret: str | None = None, **overrides
) -> dict[str, str]:
    """A sandbox "paid" notification of ``order``, signed (with ``secret`` if given)."""
    params = {
        "notify_id": f"n-{order.number}",
        "notify_time": "2026-11-21 10:00:05",
        "notify_type": "trade_status_sync",
        "app_id": sandbox.APP_ID,
        "out_trade_no": order.number,
        "trade_no": trade_no or f"SBXT{order.pk:012d}",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": format_yuan(order.amount_fen),
        "gmt_payment": "2026-11-21 10:00:00",
    }
    params.update(overrides)
    return sandbox.sign(params, secret=secret)
