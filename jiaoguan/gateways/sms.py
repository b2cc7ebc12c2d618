"""SMS out: one interface, chosen by the SMS_GATEWAY setting.

``outbox`` (the embedded default and the tests) stores each message in ``OutboxMessage``;
production adapters (HTTP or SMPP providers) implement the same protocol.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.models import OutboxMessage


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> str:
        """Send ``text`` to ``phone``; return the provider's message reference."""


class OutboxSmsGateway:
    def send(self, *, phone: str, text: str) -> str:
        message = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.SMS, recipient=phone, body=text
        )
        return f"outbox-{message.pk}"


GATEWAYS = {"outbox": "jiaoguan.gateways.sms.OutboxSmsGateway"}


def get_sms_gateway() -> SmsGateway:
    return import_string(GATEWAYS.get(settings.SMS_GATEWAY, settings.SMS_GATEWAY))()
