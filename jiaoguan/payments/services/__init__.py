"""Writes of the payments domain (split by seam; import from here)."""

from .callbacks import CallbackAnswer, callback_process
from .orders import PaymentStart, notify_url_of, payment_order_open
from .reconciliation import reconciliation_run
from .refunds import RefundOutcome, refund_execute, refunds_dispatch

__all__ = [
    "CallbackAnswer",
    "PaymentStart",
    "RefundOutcome",
    "callback_process",
    "notify_url_of",
    "payment_order_open",
    "reconciliation_run",
    "refund_execute",
    "refunds_dispatch",
]
