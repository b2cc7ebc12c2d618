from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatesConfig(AppConfig):
    name = "jiaoguan.plates"
    label = "plates"
    verbose_name = _("号牌")
