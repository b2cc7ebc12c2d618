"""One durable delivery engine for everything sent to the outside (ARCHITECTURE rule 13).

A kind of outbound message (a notice's SMS or push, a sandbox payment notification, a refund
request, later postal orders, insurer claims and webhooks) is a table whose rows carry
``DeliveryFields`` and a ``Kind`` subclass declared in its app's ``deliveries.py``. The engine
claims due rows with a lease, hands each to the kind's ``send``, retries retryable errors
with back-off and jitter, fails permanent ones, writes the outcomes in batches and sweeps what
got stuck. See ``docs/adr/0008-delivery-engine.md`` for the shape and how to add a kind.
"""

from .backoff import backoff_seconds
from .engine import (
    claim,
    claimed_fields,
    deliver,
    deliver_one,
    dispatch,
    enqueue,
    send_claimed,
    sweep,
)
from .errors import DeliveryError, PermanentError, RetryableError
from .kinds import NOT_CLAIMED, Done, Kind, Later, Result, done, get, kinds, register, unregister

__all__ = [
    "NOT_CLAIMED",
    "DeliveryError",
    "Done",
    "Kind",
    "Later",
    "PermanentError",
    "Result",
    "RetryableError",
    "backoff_seconds",
    "claim",
    "claimed_fields",
    "deliver",
    "deliver_one",
    "dispatch",
    "done",
    "enqueue",
    "get",
    "kinds",
    "register",
    "send_claimed",
    "sweep",
    "unregister",
]
