"""Insurer gateways: one ``InsurerGateway`` interface (``base``), the platform's claim
interface over HTTP (``http``) and the built-in sandbox insurer (``sandbox``), chosen by
provider name. Which insurer goes through which provider, and where its claim interface is,
is reference data of the accidents family (``accidents.Insurer``): the caller passes the
insurers' codes and URLs; the secrets stay in the settings (``INSURER_HTTP_SECRETS``). The
sandbox is never a provider in production (``INSURER_SANDBOX_ENABLED``)."""

from collections.abc import Mapping

from django.conf import settings
from django.utils.module_loading import import_string

from jiaoguan.gateways.insurer.base import InsurerGateway

GATEWAYS = {
    "sandbox": "jiaoguan.gateways.insurer.sandbox.SandboxInsurerGateway",
    "http": "jiaoguan.gateways.insurer.http.HttpInsurerGateway",
}


def provider_available(name: str) -> bool:
    """Whether claims may go through provider ``name`` in this deployment."""
    if name == "sandbox":
        return bool(settings.JIAOGUAN_INSURER_SANDBOX_ENABLED)
    return name in GATEWAYS


def get_insurer_gateway(name: str, *, urls: Mapping[str, str]) -> InsurerGateway | None:
    """The gateway of provider ``name`` reaching the insurers of ``urls`` (insurer code →
    its claim interface's base URL; the sandbox serves every code it is given itself);
    None when the provider is unknown or not available here."""
    if not provider_available(name):
        return None
    gateway: InsurerGateway = import_string(GATEWAYS[name])(urls=urls)
    return gateway
