from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "jiaoguan.papers"
    label = "papers"
    verbose_name = _("证件业务")
