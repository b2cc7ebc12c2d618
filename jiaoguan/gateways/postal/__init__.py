"""Postal gateways: one ``PostalGateway`` interface (``base``), the built-in sandbox courier
(``sandbox``) and Kuaidi100's open platform (``kuaidi100``: electronic waybills and the
tracking subscription's pushes), chosen by provider name.

``POSTAL_PROVIDER`` names the courier shipments are booked with (``sandbox`` in the embedded
default and the tests; production requires a real one). Pushes are received from every
provider in ``GATEWAYS`` that is enabled (``POSTAL_PROVIDERS``), so shipments booked before a
switch keep being tracked.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jiaoguan.gateways.postal.base import PostalGateway

GATEWAYS = {
    "sandbox": "jiaoguan.gateways.postal.sandbox.SandboxPostalGateway",
    "kuaidi100": "jiaoguan.gateways.postal.kuaidi100.Kuaidi100Gateway",
}

LABELS = {"sandbox": _("模拟快递（沙箱）"), "kuaidi100": _("快递100")}


def provider_enabled(name: str) -> bool:
    enabled = {settings.JIAOGUAN_POSTAL_PROVIDER, *settings.JIAOGUAN_POSTAL_PROVIDERS}
    return name in GATEWAYS and name in enabled


def get_postal_gateway(name: str | None = None) -> PostalGateway:
    """The gateway of provider ``name`` (default: the one shipments are booked with);
    KeyError for a provider not enabled here."""
    name = name or settings.JIAOGUAN_POSTAL_PROVIDER
    if not provider_enabled(name):
        raise KeyError(name)
    return import_string(GATEWAYS[name])()
