"""Production sends messages to real providers: a system check refuses to start it with the
SMS or push outbox (messages written to a table nobody reads) or the in-memory fakes.

``manage.py check`` and every command that runs the checks (``migrate``, ``runserver``)
report it; the WSGI and ASGI applications run the same check before serving, and the
gateways themselves refuse such a setting at send time, so nothing is written to the outbox
silently even where the checks were skipped.
"""

from django.conf import settings
from django.core import checks

# Adapters that keep messages in this process or database instead of sending them.
NOT_SENDING = frozenset({"", "outbox", "fake"})
SMS_ADAPTERS = "http, smpp, or the dotted path of an adapter class"
PUSH_ADAPTERS = "off (no push), or the dotted path of an adapter class"


def production() -> bool:
    return getattr(settings, "JIAOGUAN_DEPLOYMENT", "") == "production"


def outbound_errors() -> list[checks.CheckMessage]:
    """What production lacks to send SMS and push for real (nothing outside production)."""
    if not production():
        return []
    found: list[checks.CheckMessage] = []
    sms = settings.SMS_GATEWAY or ""
    if sms in NOT_SENDING:
        found.append(
            checks.Error(
                f"SMS_GATEWAY is {sms or 'not set'}: production sends SMS through a real "
                "provider and never writes them to the outbox table.",
                hint=f"Set SMS_GATEWAY to {SMS_ADAPTERS} (docs/operations.md).",
                id="jiaoguan.E001",
            )
        )
    elif sms == "http" and not settings.SMS_HTTP_URL:
        found.append(
            checks.Error(
                "SMS_GATEWAY is http but SMS_HTTP_URL is not set.",
                hint="Set SMS_HTTP_URL (and SMS_HTTP_TOKEN) to the SMS provider's endpoint.",
                id="jiaoguan.E002",
            )
        )
    push = settings.PUSH_GATEWAY or ""
    if push in NOT_SENDING:
        found.append(
            checks.Error(
                f"PUSH_GATEWAY is {push or 'not set'}: production pushes through a real "
                "provider, or not at all, and never writes pushes to the outbox table.",
                hint=f"Set PUSH_GATEWAY to {PUSH_ADAPTERS} (docs/operations.md).",
                id="jiaoguan.E003",
            )
        )
    return found


@checks.register("jiaoguan")
def outbound_gateways(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return outbound_errors()
