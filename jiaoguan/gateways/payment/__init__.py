"""Payment gateways: one ``PaymentGateway`` interface (``base``), the built-in sandbox
acquirer (``sandbox``) and Alipay's open platform (``alipay``), chosen by provider name.

``PAYMENTS_PROVIDERS`` lists the providers a deployment takes payments through, in the order
the payer is offered them; the sandbox is on by default in the embedded default and the tests,
and off in production (which takes Alipay unless told otherwise).
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jiaoguan.gateways.payment.base import PaymentGateway

GATEWAYS = {
    "sandbox": "jiaoguan.gateways.payment.sandbox.SandboxGateway",
    "alipay": "jiaoguan.gateways.payment.alipay.AlipayGateway",
}

# What the payer is shown for each provider.
LABELS = {"sandbox": _("模拟收单（沙箱）"), "alipay": _("支付宝")}


def providers_enabled() -> list[str]:
    """The providers this deployment takes payments through, in the configured order."""
    return [
        name for name in dict.fromkeys(settings.JIAOGUAN_PAYMENTS_PROVIDERS) if name in GATEWAYS
    ]


def provider_enabled(name: str) -> bool:
    return name in GATEWAYS and name in settings.JIAOGUAN_PAYMENTS_PROVIDERS


def get_payment_gateway(name: str) -> PaymentGateway:
    """The gateway of provider ``name``; KeyError for a provider not enabled here."""
    if not provider_enabled(name):
        raise KeyError(name)
    return import_string(GATEWAYS[name])()
