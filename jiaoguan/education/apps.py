from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "jiaoguan.education"
    label = "education"
    verbose_name = _("安全教育")
