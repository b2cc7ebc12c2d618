"""SMS out: one interface, chosen by the SMS_GATEWAY setting.

``outbox`` (the embedded default and the tests) stores each message in ``OutboxMessage``;
``http`` posts to an HTTP SMS provider (``jiaoguan.gateways.http_sms``); ``smpp`` submits to
a carrier's SMSC over SMPP 3.4 (``jiaoguan.gateways.smpp``); ``fake`` records sends
in memory for tests (``jiaoguan.gateways.fakes``). Production refuses ``outbox`` and ``fake``
(``jiaoguan.gateways.checks``). Every gateway takes an optional
``reference``: the caller's idempotency key, so a resend of the same message after a timeout or
a crash is not delivered twice by a provider that honours it.
"""

from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from jiaoguan.gateways.checks import NOT_SENDING, production
from jiaoguan.gateways.models import OutboxMessage


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        """Send ``text`` to ``phone``; return the provider's message reference.

        Raises ``gateways.errors.RetryableProviderError`` or ``PermanentProviderError``.
        """


class OutboxSmsGateway:
    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        if reference:
            existing = OutboxMessage.objects.filter(
                channel=OutboxMessage.Channel.SMS, reference=reference
            ).first()
            if existing is not None:
                return f"outbox-{existing.pk}"
        message = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.SMS, recipient=phone, body=text, reference=reference
        )
        return f"outbox-{message.pk}"


GATEWAYS = {
    "outbox": "jiaoguan.gateways.sms.OutboxSmsGateway",
    "http": "jiaoguan.gateways.http_sms.HttpSmsGateway",
    "smpp": "jiaoguan.gateways.smpp.SmppSmsGateway",
    "fake": "jiaoguan.gateways.fakes.FakeSmsGateway",
}


def get_sms_gateway() -> SmsGateway:
    """The configured adapter; ImproperlyConfigured in production for one that does not send."""
    name = settings.SMS_GATEWAY or ""
    if production() and name in NOT_SENDING:
        raise ImproperlyConfigured(f"SMS_GATEWAY={name!r} does not send SMS (jiaoguan.E001).")
    return import_string(GATEWAYS.get(name, name))()
