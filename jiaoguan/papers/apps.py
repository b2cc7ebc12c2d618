from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_fee_schedule(sender, using="default", **kwargs) -> None:
    """After each migrate (and a test database's flush), an empty fee schedule is filled
    with the national amounts; a schedule an operator keeps is never touched."""
    from jiaoguan.papers.fees import fee_schedule_load

    if using == "default":
        fee_schedule_load()


class PapersConfig(AppConfig):
    name = "jiaoguan.papers"
    label = "papers"
    verbose_name = _("证件业务")

    def ready(self) -> None:
        post_migrate.connect(_load_fee_schedule, sender=self, dispatch_uid="papers.fees")
