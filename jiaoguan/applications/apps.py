from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "jiaoguan.applications"
    label = "applications"
    verbose_name = _("业务申请")
