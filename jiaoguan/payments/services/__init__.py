"""Writes of the payments domain (split by seam; import from here)."""

from .callbacks import CallbackAnswer, callback_process
from .orders import PaymentStart, notify_url_of, payment_order_open
from .reconciliation import reconciliation_run
from .refunds import refund_for_reference

__all__ = [
    "CallbackAnswer",
    "PaymentStart",
    "callback_process",
    "notify_url_of",
    "payment_order_open",
    "reconciliation_run",
    "refund_for_reference",
]
