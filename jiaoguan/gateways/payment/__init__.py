"""Payment gateways: one ``PaymentGateway`` interface (``base``), the built-in sandbox
acquirer (``sandbox``) and Alipay's open platform (``alipay``), chosen by provider name.

``PAYMENTS_PROVIDERS`` lists the providers a deployment takes payments through; the sandbox
is on by default in the embedded default and the tests, and off in production.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.payment.base import PaymentGateway

GATEWAYS = {
    "sandbox": "jiaoguan.gateways.payment.sandbox.SandboxGateway",
    "alipay": "jiaoguan.gateways.payment.alipay.AlipayGateway",
}


def provider_enabled(name: str) -> bool:
    return name in GATEWAYS and name in settings.JIAOGUAN_PAYMENTS_PROVIDERS


def get_payment_gateway(name: str) -> PaymentGateway:
    """The gateway of provider ``name``; KeyError for a provider not enabled here."""
    if not provider_enabled(name):
        raise KeyError(name)
    return import_string(GATEWAYS[name])()
