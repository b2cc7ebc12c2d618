from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "jiaoguan.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jiaoguan.notices import receivers  # noqa: F401  (connects the receivers)
