from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccidentsConfig(AppConfig):
    name = "jiaoguan.accidents"
    label = "accidents"
    verbose_name = _("事故快处快赔")
