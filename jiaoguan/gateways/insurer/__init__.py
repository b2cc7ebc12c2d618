"""Insurer gateways: one ``InsurerGateway`` interface (``base``), the platform's claim
interface over HTTP (``http``) and the built-in sandbox insurer (``sandbox``), chosen by
provider name (``INSURER_PROVIDER``: ``sandbox`` in the embedded default and the tests,
``http`` with configured insurers, empty for no online claims: the parties take the
agreement to the insurer themselves)."""

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.insurer.base import InsurerGateway

GATEWAYS = {
    "sandbox": "jiaoguan.gateways.insurer.sandbox.SandboxInsurerGateway",
    "http": "jiaoguan.gateways.insurer.http.HttpInsurerGateway",
}


def get_insurer_gateway(name: str | None = None) -> InsurerGateway | None:
    """The gateway of provider ``name`` (default: the configured one); None when no
    provider is configured or the name is unknown."""
    name = settings.JIAOGUAN_INSURER_PROVIDER if name is None else name
    if name not in GATEWAYS:
        return None
    gateway: InsurerGateway = import_string(GATEWAYS[name])()
    return gateway
