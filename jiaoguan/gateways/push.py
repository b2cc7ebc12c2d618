"""App push out: one interface, chosen by the PUSH_GATEWAY setting (``outbox`` or ``fake``).

A push is addressed to an account (the app registers its device tokens with the push
provider under that account), so the gateway needs no device table of ours.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.models import OutboxMessage


class PushGateway(Protocol):
    def send(self, *, account: str, title: str, text: str, reference: str = "") -> str:
        """Push ``title``/``text`` to the app of ``account``; return the provider's reference.

        Raises ``gateways.errors.RetryableProviderError`` or ``PermanentProviderError``.
        """


class OutboxPushGateway:
    def send(self, *, account: str, title: str, text: str, reference: str = "") -> str:
        if reference:
            existing = OutboxMessage.objects.filter(
                channel=OutboxMessage.Channel.PUSH, reference=reference
            ).first()
            if existing is not None:
                return f"outbox-{existing.pk}"
        message = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.PUSH,
            recipient=account,
            body=f"{title}\n{text}",
            reference=reference,
        )
        return f"outbox-{message.pk}"


GATEWAYS = {
    "outbox": "jiaoguan.gateways.push.OutboxPushGateway",
    "fake": "jiaoguan.gateways.fakes.FakePushGateway",
}


def get_push_gateway() -> PushGateway:
    return import_string(GATEWAYS.get(settings.PUSH_GATEWAY, settings.PUSH_GATEWAY))()
