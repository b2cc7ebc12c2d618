from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "jiaoguan.organisations"
    label = "organisations"
    verbose_name = _("单位用户")
