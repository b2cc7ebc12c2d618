"""What the payments domain tells the others (ADR 0009); published with
``core.events.publish`` inside the writing transaction."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class OrderPaid(Event):
    """A payment order was credited, exactly once per order (and per purpose and reference).

    Published inside the crediting transaction: an in-transaction subscriber that raises
    rolls the credit back, the notification is answered as not taken and the acquirer sends
    it again later. ``purpose`` says whose order it is (``violations.fine``); a subscriber
    ignores the purposes that are not its own.
    """

    order_id: int
    number: str
    purpose: str
    reference: str
    amount_fen: int
    paid_at: datetime


@dataclass(frozen=True)
class RefundSucceeded(Event):
    """The acquirer paid a refund back, exactly once per refund: a duplicate payment, or a
    credited order whose business was refused (``reason``, ``payments.models.Refund``).

    Published by the refund delivery (``payments.deliveries``) inside the transaction that
    writes the refund's success, which only the claim still holding the refund can do.
    ``payer_person_id`` is None for an order nobody is named on."""

    refund_id: int
    order_id: int
    order_number: str
    subject: str  # the order's title (``驾驶证期满换证工本费``)
    purpose: str
    reference: str
    payer_person_id: int | None
    amount_fen: int
    reason: str
    refunded_at: datetime
