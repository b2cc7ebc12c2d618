from django.apps import AppConfig


class GatewaysConfig(AppConfig):
    name = "jiaoguan.gateways"
    label = "gateways"

    def ready(self) -> None:
        from jiaoguan.gateways import checks  # noqa: F401  (registers the system checks)
        from jiaoguan.gateways.insurer import checks as insurer_checks  # noqa: F401
        from jiaoguan.gateways.postal import checks as postal_checks  # noqa: F401
