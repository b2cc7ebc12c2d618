"""What a kind of delivery declares, and the registry of kinds.

A new kind is a table with ``DeliveryFields`` and its own ``status`` column, and a subclass
of ``Kind`` in its app's ``deliveries.py``, decorated with ``@register``::

    @register
    class PostalOrders(Kind):
        name = "postal.order"             # the tasks carry it; never change it
        model = PostalOrder               # has DeliveryFields and a status column
        queued, sending, failed = "queued", "sending", "failed"   # its status values

        def send(self, row, context):     # one outside call, keyed by self.key(row)
            reference = courier.book(..., idempotency_key=self.key(row))  # raises
            return done("booked", status="booked", reference=reference)  # Retryable/Permanent

Everything else has a default: one row per task, a 300 s lease, 5 attempts, back-off from
30 s doubling to 1 h, ``"<name>-<id>"`` as idempotency key. Rows are created ``queued`` with
``not_before`` (and ``dispatched_at`` when handed out at once with ``engine.enqueue``).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from django.db import models


@dataclass(frozen=True)
class Done:
    """A send the outside accepted (or a final outcome the kind decided, e.g. "skipped"):
    ``fields`` are written to the row (they include its final ``status``)."""

    label: str
    fields: dict[str, Any] = field(default_factory=dict)


def done(label: str, **fields: Any) -> Done:
    return Done(label, fields)


@dataclass(frozen=True)
class Later:
    """Not now (quiet hours, a daily cap): queued again for ``until``, the attempt uncounted."""

    until: datetime


@dataclass(frozen=True)
class Result:
    """What a delivery attempt did to one row: ``status`` is the ``Done`` label, or
    ``retry`` (with ``retry_in`` seconds), ``failed``, ``deferred`` or ``not_claimed``
    (someone else holds it, it is not due, or it is finished)."""

    status: str
    retry_in: int | None = None


NOT_CLAIMED = Result("not_claimed")


class Kind:
    """One kind of outbound message. Subclass, set the class attributes, override ``send``
    and whatever default does not fit; settings are read in the methods, at call time."""

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    queued: ClassVar[str] = "queued"  # due (from ``not_before``): may be claimed
    sending: ClassVar[str] = "sending"  # claimed by a worker, under a lease
    failed: ClassVar[str] = "failed"  # a permanent error, or the last attempt failed
    retry_cap_seconds: ClassVar[int] = 3600
    # Outcomes are written with ``synchronous_commit = off`` on PostgreSQL: a write lost in a
    # crash means the row is sent again under the same key, which the outside takes once. A
    # kind whose outcome must survive a crash as such (money, audit) turns this off.
    fast_commit: ClassVar[bool] = True

    def batch_size(self) -> int:
        """Row ids per task the sweeper hands out (one claim and one write per batch)."""
        return 1

    def lease_seconds(self) -> int:
        """A claim not finished within this time is taken over; also how long the sweeper
        leaves a handed-out row alone."""
        return 300

    def retry_seconds(self) -> int:
        """The first back-off; doubled per failed attempt up to ``retry_cap_seconds``."""
        return 30

    def max_attempts(self, row: Any) -> int:
        return 5

    def sweep_limit(self) -> int:
        return 10000

    def key(self, row: Any) -> str:
        """The idempotency key the outside call carries: the same for every attempt of a row,
        so a resend after a crash or a timeout is taken once."""
        return f"{self.name}-{row.pk}"

    def load(self, ids: list[int]) -> list[Any]:
        """The claimed rows, with what ``send`` reads (one query)."""
        return list(self.model._default_manager.filter(pk__in=ids).order_by("pk"))

    def prepare(self, rows: list[Any], now: datetime) -> Any:
        """Whatever the batch's sends share (recipients, connections), read once."""
        return None

    def send(self, row: Any, context: Any) -> Done | Later:
        """One outside call for ``row``. Raises ``RetryableError`` or ``PermanentError``."""
        raise NotImplementedError

    def finish(self, context: Any, now: datetime) -> None:
        """After the batch's outcomes are written (even when a send raised unexpectedly)."""

    def conflict(self, row_id: int, fields: dict[str, Any]) -> dict[str, Any] | None:
        """A ``Done`` write broke a unique constraint: the fields to write instead, or None
        to let the ``IntegrityError`` through."""
        return None

    def on_done(self, rows: list[tuple[Any, Done]]) -> None:
        """In the transaction that wrote these rows' ``Done`` (only rows the claim still
        held): the kind's own follow-up writes (an audit event, another table)."""

    def on_failed(self, rows: list[tuple[Any, str]]) -> None:
        """In the transaction that failed these rows, with each one's error."""


_KINDS: dict[str, Kind] = {}
K = TypeVar("K", bound=type[Kind])


def register(cls: K) -> K:
    """Class decorator: make the kind known to the engine, the tasks and the sweeper."""
    _KINDS[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def get(kind: "Kind | str") -> Kind:
    if isinstance(kind, Kind):
        return kind
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"no delivery kind {kind!r} is registered") from None


def kinds() -> list[Kind]:
    return list(_KINDS.values())
