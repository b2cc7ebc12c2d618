from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_reference(sender, using="default", **kwargs) -> None:
    """After each migrate (and a test database's flush), the reference guides that are
    missing are created; officers' edits are never overwritten."""
    from jiaoguan.guides.services import reference_load

    if using == "default":
        reference_load()


class GuidesConfig(AppConfig):
    name = "jiaoguan.guides"
    label = "guides"
    verbose_name = _("办事指南")

    def ready(self) -> None:
        post_migrate.connect(_load_reference, sender=self, dispatch_uid="guides.reference")
