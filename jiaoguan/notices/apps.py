from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "jiaoguan.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The notices tasks are ``shared_task``s: load the project's Celery app (configured
        # from the Django settings, eager in the embedded default) so they bind to it. Done
        # here, not in ``jiaoguan/__init__``, so the pure rules import no Django.
        import jiaoguan.celery  # noqa: F401
