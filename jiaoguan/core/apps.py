from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "jiaoguan.core"
    label = "core"

    def ready(self) -> None:
        # The Celery app is created with Django so that ``shared_task`` binds to it and its
        # settings (eager execution in the embedded default). Not imported by the package's
        # __init__: the pure rules packages must import without Django.
        import jiaoguan.celery  # noqa: F401
        from jiaoguan.core import (
            checks,  # noqa: F401  (registers the system checks)
            clock,
        )
        from jiaoguan.core.calendar_overrides import override_for

        clock.set_override_provider(override_for)
        # Every app's declared events and their subscribers (ADR 0009): imported by name, so
        # the kernel depends on no domain; each subscriber imports the event it reacts to.
        autodiscover_modules("events", "subscriptions")
