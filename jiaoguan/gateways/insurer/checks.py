"""Production files claims with real insurers: a system check refuses the sandbox insurer
(claims nobody handles) as a provider. Which insurers take claims online, and where, is
reference data (``accidents.Insurer``); an ``http`` insurer without its secret in
``INSURER_HTTP_SECRETS`` is shown as such on the back-office insurers page and its claims
are taken at the counter."""

from django.conf import settings
from django.core import checks

from jiaoguan.gateways.checks import production


def insurer_errors() -> list[checks.CheckMessage]:
    if production() and settings.JIAOGUAN_INSURER_SANDBOX_ENABLED:
        return [
            checks.Error(
                "INSURER_SANDBOX_ENABLED is on: production files claims with real insurers, "
                "never the sandbox.",
                hint="Unset INSURER_SANDBOX_ENABLED; set the insurers' claim interfaces in the "
                "back office and their secrets in INSURER_HTTP_SECRETS.",
                id="jiaoguan.E022",
            )
        ]
    return []


@checks.register("jiaoguan")
def insurer_gateway(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return insurer_errors()
