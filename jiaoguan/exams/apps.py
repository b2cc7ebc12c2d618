from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "jiaoguan.exams"
    verbose_name = _("驾驶人考试")
