"""The insurer gateway interface and the plain values it speaks in.

An insurer gateway knows insurers' claim interfaces (their messages, signatures, claim
states), never our accidents: it speaks in our claim reference (a UUID, the idempotency key
of a filing: filing the same reference again is taken once), the insurer's code, the policy
and the accident's facts as plain values, and the insurer's callbacks about the claim.
Provider errors are ``gateways.errors.RetryableProviderError`` (try again later) or
``PermanentProviderError``; a callback that is not the insurer's raises ``CallbackInvalid``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class ClaimStatus(StrEnum):
    """What an insurer says about a claim, reduced to what the parties are shown."""

    ACCEPTED = "accepted"  # 已受理: the insurer gives its claim number (报案号)
    ASSESSED = "assessed"  # 已定损: the loss is assessed, with an amount
    PAID = "paid"  # 已赔付: the amount is paid
    REJECTED = "rejected"  # 拒赔 / 不予受理: with the insurer's note


@dataclass(frozen=True)
class ClaimRequest:
    """One claim (报案) to one insurer about one party's vehicle. ``reference`` is ours and
    the idempotency key."""

    reference: str
    insurer_code: str
    policy_number: str
    document_number: str  # the agreement's (协议书) or the determination's (认定书) number
    occurred_at: datetime
    place: str
    region_code: str
    insured_name: str
    plate_type: str
    plate_number: str
    collision_point: str
    liability_percent: int
    other_plate_number: str
    other_insurer: str
    callback_url: str


@dataclass(frozen=True)
class ClaimFiled:
    provider: str
    reference: str


@dataclass(frozen=True)
class ClaimUpdate:
    """A verified callback. ``event_key`` is the insurer's identity of the event, stable
    across repeated callbacks: stored once."""

    provider: str
    insurer_code: str
    event_key: str
    reference: str
    status: ClaimStatus
    occurred_at: datetime
    claim_number: str = ""
    amount_fen: int | None = None
    note: str = ""


@dataclass(frozen=True)
class InboundCallback:
    """A callback as received: method, path and query (they are signed), body, headers."""

    body: bytes
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "POST"
    query: str = ""


class CallbackInvalid(Exception):
    """A callback that is not the insurer's: bad or missing signature, unknown key, stale,
    unreadable. ``reason`` is a short stable word for the logs and the audit."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class InsurerGateway(Protocol):
    """The insurers reached through one provider. ``supports(code)`` says whether the
    insurer of that code takes claims online through it."""

    name: str

    def supports(self, insurer_code: str) -> bool: ...

    def file_claim(self, request: ClaimRequest) -> ClaimFiled:
        """File the claim with its insurer. Idempotent by ``request.reference``. One outside
        call; raises the provider errors."""
        ...

    def verify_callback(self, callback: InboundCallback) -> ClaimUpdate:
        """Check a callback's signature and read it. Raises ``CallbackInvalid``. Knows
        nothing about our claims (the caller does)."""
        ...
