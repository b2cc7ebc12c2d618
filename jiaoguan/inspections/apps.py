from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "jiaoguan.inspections"
    label = "inspections"
    verbose_name = _("机动车检验")
