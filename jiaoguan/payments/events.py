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
