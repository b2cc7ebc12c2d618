"""Production books shipments with a real courier: a system check refuses the sandbox
courier (parcels nobody carries) or an unknown one, and Kuaidi100 without its credentials
and push salt (every push would be refused as unsigned). No courier at all (the production
default) is allowed: postal delivery is then not offered, only pickup."""

from django.conf import settings
from django.core import checks

from jiaoguan.gateways.checks import production
from jiaoguan.gateways.postal import GATEWAYS


def postal_errors() -> list[checks.CheckMessage]:
    if not production():
        return []
    provider = settings.JIAOGUAN_POSTAL_PROVIDER
    if not provider:
        return []
    if provider not in GATEWAYS or provider == "sandbox":
        return [
            checks.Error(
                f"POSTAL_PROVIDER is {provider}: production books shipments with "
                "a real courier, never the sandbox.",
                hint="Set POSTAL_PROVIDER=kuaidi100 and its KUAIDI100_* settings.",
                id="jiaoguan.E020",
            )
        ]
    if provider == "kuaidi100":
        missing = [
            name
            for name in ("KUAIDI100_KEY", "KUAIDI100_SECRET", "KUAIDI100_SALT")
            if not getattr(settings, name, "")
        ]
        if missing:
            return [
                checks.Error(
                    f"POSTAL_PROVIDER is kuaidi100 but {', '.join(missing)} is not set.",
                    hint="Set the enterprise key and secret and the salt pushes are signed with.",
                    id="jiaoguan.E021",
                )
            ]
    return []


@checks.register("jiaoguan")
def postal_gateway(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return postal_errors()
