"""Production files claims with real insurers: a system check refuses the sandbox insurer
(claims nobody handles) or an unknown provider, and the ``http`` provider with no insurer
configured (every claim would be marked for the counter). No provider at all (the production
default) is allowed: the parties then take the agreement to their insurer."""

from django.conf import settings
from django.core import checks

from jiaoguan.gateways.checks import production
from jiaoguan.gateways.insurer import GATEWAYS


def insurer_errors() -> list[checks.CheckMessage]:
    if not production():
        return []
    provider = settings.JIAOGUAN_INSURER_PROVIDER
    if not provider:
        return []
    if provider not in GATEWAYS or provider == "sandbox":
        return [
            checks.Error(
                f"INSURER_PROVIDER is {provider}: production files claims with real "
                "insurers, never the sandbox.",
                hint="Set INSURER_PROVIDER=http with INSURER_HTTP_ENDPOINTS and _SECRETS.",
                id="jiaoguan.E022",
            )
        ]
    from jiaoguan.gateways.insurer.http import configured_endpoints

    if not configured_endpoints():
        return [
            checks.Error(
                "INSURER_PROVIDER is http but no insurer has both an endpoint and a secret.",
                hint="Set INSURER_HTTP_ENDPOINTS (CODE=url) and INSURER_HTTP_SECRETS (CODE=key).",
                id="jiaoguan.E023",
            )
        ]
    return []


@checks.register("jiaoguan")
def insurer_gateway(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return insurer_errors()
