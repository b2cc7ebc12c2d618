"""App push out: one interface, chosen by the PUSH_GATEWAY setting: ``outbox`` (the embedded
default), ``fake`` (tests), ``off`` (a deployment without a push provider: every push is
refused permanently) or an adapter's dotted path. Production refuses ``outbox`` and ``fake``
(``jiaoguan.gateways.checks``).

A push goes to the device tokens the citizen's app installations registered with us
(``notices.PushDevice``). The provider answers with its reference for the push and the tokens
it no longer knows (the app was uninstalled, the token rotated), which the caller disables.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from jiaoguan.gateways.checks import NOT_SENDING, production
from jiaoguan.gateways.errors import PermanentProviderError
from jiaoguan.gateways.models import OutboxMessage


@dataclass(frozen=True)
class PushResult:
    """The provider's answer: its reference, how many devices took the push, and the tokens
    it reported as no longer registered."""

    reference: str
    accepted: int
    stale_tokens: tuple[str, ...] = ()


class PushGateway(Protocol):
    def send(
        self, *, tokens: Sequence[str], title: str, text: str, reference: str = ""
    ) -> PushResult:
        """Push ``title``/``text`` to the devices ``tokens``. ``reference`` is the caller's
        idempotency key: a repeat with it is not pushed again.

        Raises ``gateways.errors.RetryableProviderError`` or ``PermanentProviderError``.
        """


class OutboxPushGateway:
    """The embedded default: one outbox row per device (the demo shows them)."""

    def send(
        self, *, tokens: Sequence[str], title: str, text: str, reference: str = ""
    ) -> PushResult:
        if reference:
            existing = OutboxMessage.objects.filter(
                channel=OutboxMessage.Channel.PUSH, reference=reference
            ).first()
            if existing is not None:
                return PushResult(f"outbox-{existing.pk}", len(tokens))
        messages = OutboxMessage.objects.bulk_create(
            OutboxMessage(
                channel=OutboxMessage.Channel.PUSH,
                recipient=token[:64],
                body=f"{title}\n{text}",
                reference=reference,
            )
            for token in tokens
        )
        first = messages[0].pk if messages and messages[0].pk else ""
        return PushResult(f"outbox-{first}", len(messages))


class OffPushGateway:
    """No push provider in this deployment: a push is refused for good (the message is
    marked failed), nothing is stored in its place."""

    def send(
        self, *, tokens: Sequence[str], title: str, text: str, reference: str = ""
    ) -> PushResult:
        raise PermanentProviderError("push is off in this deployment (PUSH_GATEWAY=off)")


GATEWAYS = {
    "outbox": "jiaoguan.gateways.push.OutboxPushGateway",
    "fake": "jiaoguan.gateways.fakes.FakePushGateway",
    "off": "jiaoguan.gateways.push.OffPushGateway",
}


def get_push_gateway() -> PushGateway:
    """The configured adapter; ImproperlyConfigured in production for one that does not send."""
    name = settings.PUSH_GATEWAY or ""
    if production() and name in NOT_SENDING:
        raise ImproperlyConfigured(f"PUSH_GATEWAY={name!r} does not push (jiaoguan.E003).")
    return import_string(GATEWAYS.get(name, name))()
