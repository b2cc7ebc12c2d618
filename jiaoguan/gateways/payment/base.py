"""The payment gateway interface and the plain values it speaks in.

A gateway knows acquirers (their message formats, signatures, trade statuses), never our
orders: it speaks in order numbers (the acquirer's ``out_trade_no``), amounts in fen and the
acquirer's own trade reference. Provider errors are ``gateways.errors.RetryableProviderError``
(try again later) or ``PermanentProviderError``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class TradeStatus(StrEnum):
    """An acquirer's trade status, reduced to what our orders need."""

    PENDING = "pending"  # created, waiting for the payer
    PAID = "paid"  # the money is taken (Alipay TRADE_SUCCESS and TRADE_FINISHED)
    CLOSED = "closed"  # closed unpaid, or fully refunded
    UNKNOWN = "unknown"  # the acquirer has no such trade


@dataclass(frozen=True)
class PaymentRequest:
    order_number: str
    amount_fen: int
    subject: str
    return_url: str
    notify_url: str


@dataclass(frozen=True)
class PaymentNotification:
    """A verified asynchronous notification: the signature matched the acquirer's key."""

    order_number: str
    provider_reference: str
    amount_fen: int
    status: TradeStatus
    raw_status: str
    notify_id: str
    paid_at: datetime | None


@dataclass(frozen=True)
class TradeQuery:
    order_number: str
    provider_reference: str
    status: TradeStatus
    amount_fen: int


@dataclass(frozen=True)
class RefundResult:
    refund_number: str
    provider_reference: str
    refunded_fen: int
    refunded_at: datetime | None


@dataclass(frozen=True)
class StatementLine:
    """One line of an acquirer's daily statement: a payment taken or a refund paid out."""

    kind: str  # "payment" or "refund"
    provider_reference: str
    order_number: str
    amount_fen: int
    at: datetime
    refund_number: str = ""


class CallbackInvalid(Exception):
    """A notification that is not the acquirer's: bad or missing signature, another
    merchant's, unreadable fields. ``reason`` is a short stable word for the logs."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class PaymentGateway(Protocol):
    """One acquirer. ``acknowledgement`` is the answer body that tells it a notification was
    taken (it retries until it sees it); ``rejection`` the body for anything else."""

    name: str
    acknowledgement: str
    rejection: str

    def create(self, request: PaymentRequest) -> str:
        """The URL to send the payer to. Builds and signs; no network."""
        ...

    def verify_callback(self, params: Mapping[str, str]) -> PaymentNotification:
        """Check an asynchronous notification's signature and read it.

        Raises ``CallbackInvalid``. Checks nothing about our orders (the caller does).
        """
        ...

    def query(self, *, order_number: str) -> TradeQuery:
        """Ask the acquirer for a trade's status."""
        ...

    def refund(
        self,
        *,
        order_number: str,
        provider_reference: str,
        amount_fen: int,
        refund_number: str,
        reason: str,
    ) -> RefundResult:
        """Refund ``amount_fen`` of a paid trade. ``refund_number`` is the idempotency key:
        asking again with the same number refunds once."""
        ...

    def statement(self, *, day: date) -> list[StatementLine]:
        """Download and read the acquirer's statement of ``day`` (Asia/Shanghai)."""
        ...


def parse_yuan(text: str) -> int:
    """Fen from an acquirer's amount in yuan (``"200.00"``); ValueError when it is not one."""
    text = text.strip()
    whole, _dot, cents = text.partition(".")
    if not whole.isdigit() or len(cents) > 2 or (cents and not cents.isdigit()):
        raise ValueError(f"not an amount: {text!r}")
    return int(whole) * 100 + int(cents.ljust(2, "0") or 0)


def format_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
