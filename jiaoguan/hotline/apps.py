from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "jiaoguan.hotline"
    label = "hotline"
    verbose_name = _("短信与语音服务")
