from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "jiaoguan.violations"
    verbose_name = _("交通违法")
