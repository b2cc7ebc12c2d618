"""Domain events: how one domain reacts to what another did (ADR 0009).

A publishing domain declares its events in its own ``events.py`` as frozen dataclasses
deriving from :class:`Event`, carrying plain values (ids, amounts, dates), never a model
instance. It calls :func:`publish` inside the service transaction that made the change.

A subscribing domain declares its subscribers in its own ``subscriptions.py``: it imports the
event class (so the dependency is an import that import-linter checks against the layers and
a reader can follow) and decorates a function with :func:`subscriber`, stating when it runs:

- ``Phase.IN_TRANSACTION``: called by ``publish`` inside the publisher's transaction; its
  writes commit or roll back with the publisher's, and an exception it raises propagates to
  the publisher (rolling its change back).
- ``Phase.ON_COMMIT``: called once the outermost transaction commits (never on rollback),
  for work that must not hold the publisher's locks or must only see committed rows: queue a
  task, call a gateway. Its exception is logged, not raised: the publisher has committed.

``CoreConfig.ready`` imports the ``events`` and ``subscriptions`` module of every installed
app, so every declared event and subscriber is known once Django is set up.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, transaction

logger = logging.getLogger(__name__)


class Phase(enum.Enum):
    IN_TRANSACTION = "in_transaction"
    ON_COMMIT = "on_commit"


class Event:
    """Base of every domain event. Subclasses are frozen dataclasses named for what happened
    (``RecordEntered``, ``PointsChanged``, ``OrderPaid``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _EVENTS.append(cls)


E = TypeVar("E", bound=Event)
Handler = Callable[[Any], None]


@dataclass(frozen=True)
class Subscription:
    event: type[Event]
    handler: Handler
    phase: Phase

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_EVENTS: list[type[Event]] = []
_SUBSCRIPTIONS: list[Subscription] = []


def subscribe(event: type[E], handler: Callable[[E], None], *, phase: Phase) -> Subscription:
    """Register ``handler`` for ``event`` (once: registering it again changes nothing)."""
    subscription = Subscription(event, handler, phase)
    if subscription not in _SUBSCRIPTIONS:
        _SUBSCRIPTIONS.append(subscription)
    return subscription


def unsubscribe(subscription: Subscription) -> None:
    """Remove a subscription (tests that stand in for a subscriber)."""
    if subscription in _SUBSCRIPTIONS:
        _SUBSCRIPTIONS.remove(subscription)


def subscriber(event: type[E], *, phase: Phase) -> Callable[[Callable[[E], None]], Any]:
    """Declare the decorated function a subscriber of ``event`` running in ``phase``."""

    def register(handler: Callable[[E], None]) -> Callable[[E], None]:
        subscribe(event, handler, phase=phase)
        return handler

    return register


def subscriptions(event: type[Event] | None = None) -> list[Subscription]:
    """The subscriptions of ``event`` (all of them without it), in registration order."""
    return [s for s in _SUBSCRIPTIONS if event is None or s.event is event]


def declared_events() -> list[type[Event]]:
    """Every event class declared under ``jiaoguan`` (test events are left out)."""
    return [event for event in _EVENTS if event.__module__.startswith("jiaoguan.")]


def publish(event: Event) -> None:
    """Tell the subscribers of ``event``: the in-transaction ones now, the on-commit ones when
    the transaction commits.

    Must be called inside the publisher's transaction (``transaction.atomic``): an event
    tells what a transaction did, and an in-transaction subscriber must share it. Raises
    ``RuntimeError`` outside one, and whatever an in-transaction subscriber raises.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(f"{type(event).__name__} published outside a transaction")
    for subscription in subscriptions(type(event)):
        if subscription.phase is Phase.IN_TRANSACTION:
            subscription.handler(event)
        else:
            transaction.on_commit(functools.partial(_after_commit, subscription, event))


def _after_commit(subscription: Subscription, event: Event) -> None:
    try:
        subscription.handler(event)
    except Exception:
        logger.exception("on-commit subscriber %s failed on %r", subscription.name, event)
