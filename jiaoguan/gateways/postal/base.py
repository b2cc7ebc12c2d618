"""The postal gateway interface and the plain values it speaks in.

A postal gateway knows couriers (their message formats, signatures, tracking states), never
our cases or shipments: it speaks in our shipment reference (the idempotency key of a
booking), addresses as plain values with their GB/T 2260 county code, and the courier's
waybill number and tracking events. Provider errors are ``gateways.errors.RetryableProviderError``
(try again later) or ``PermanentProviderError``; a push that is not the courier's raises
``PushInvalid``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class TrackingStatus(StrEnum):
    """A courier's tracking state, reduced to what our shipments need."""

    COLLECTED = "collected"  # 揽收: the courier has the item
    IN_TRANSIT = "in_transit"  # 在途 (also on the way back to the sender)
    OUT_FOR_DELIVERY = "out_for_delivery"  # 派件
    DELIVERED = "delivered"  # 签收
    FAILED_ATTEMPT = "failed_attempt"  # 投递失败 / 拒签 / 疑难: not delivered this time
    RETURNED = "returned"  # 退回: back with the sender


@dataclass(frozen=True)
class PostalAddress:
    name: str
    phone: str
    region_code: str  # GB/T 2260 county-level code, six digits
    region_text: str  # 省市区 as words, for the label ("江苏省南京市玄武区")
    detail: str  # street, building, room
    postcode: str = ""


@dataclass(frozen=True)
class ShipmentRequest:
    """One item to carry. ``reference`` is ours and the idempotency key: booking the same
    reference again answers the first booking's waybill."""

    reference: str
    sender: PostalAddress
    recipient: PostalAddress
    description: str
    weight_grams: int = 200
    cash_on_delivery_fen: int = 0  # collected from the recipient at the door; 0: none
    collect_item: str = ""  # an item the courier takes back at delivery (the old licence)
    callback_url: str = ""  # where the courier pushes tracking events


@dataclass(frozen=True)
class ShipmentBooked:
    provider: str
    waybill_number: str
    label: dict[str, Any] = field(default_factory=dict)  # what the printed waybill shows


@dataclass(frozen=True)
class TrackingEvent:
    """A verified tracking event. ``event_key`` is the courier's identity of the event,
    stable across repeated pushes: stored once."""

    provider: str
    event_key: str
    waybill_number: str
    status: TrackingStatus
    occurred_at: datetime
    description: str
    region_code: str = ""
    raw_status: str = ""


@dataclass(frozen=True)
class InboundPush:
    """A push as received: the raw body, its content type, the headers, the form fields."""

    body: bytes
    content_type: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)


class PushInvalid(Exception):
    """A push that is not the courier's: bad or missing signature, stale, unreadable.
    ``reason`` is a short stable word for the logs."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class PostalGateway(Protocol):
    """One courier. ``acknowledgement`` is the answer body that tells it a push was taken
    (it pushes again until it sees it), ``rejection`` the body for anything else, both with
    ``answer_content_type``; ``cash_on_delivery`` says whether it collects money at the door."""

    name: str
    acknowledgement: str
    rejection: str
    answer_content_type: str
    cash_on_delivery: bool

    def create_shipment(self, request: ShipmentRequest) -> ShipmentBooked:
        """Book the item: the courier's waybill number and the label data. Idempotent by
        ``request.reference``. One outside call; raises the provider errors."""
        ...

    def cancel_shipment(self, *, waybill_number: str, reason: str) -> None:
        """Cancel a booking the courier has not collected yet; ``PermanentProviderError`` if
        it has."""
        ...

    def verify_push(self, push: InboundPush) -> list[TrackingEvent]:
        """Check a push's signature and read its events (in the push's order). Raises
        ``PushInvalid``. Knows nothing about our shipments (the caller does)."""
        ...
