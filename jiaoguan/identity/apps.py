from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _roles_load(sender, *, using: str = "default", **kwargs) -> None:
    from jiaoguan.identity.roles import roles_load

    roles_load(using=using)


class IdentityConfig(AppConfig):
    name = "jiaoguan.identity"
    label = "identity"

    def ready(self) -> None:
        # The officer roles are reference data (identity.roles): loaded after every migrate,
        # once the permissions of every app exist.
        post_migrate.connect(_roles_load, sender=self, dispatch_uid="identity.roles_load")
