from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiaoguan.core"
    label = "core"

    def ready(self) -> None:
        from jiaoguan.core import clock
        from jiaoguan.core.calendar_overrides import override_for

        clock.set_override_provider(override_for)
