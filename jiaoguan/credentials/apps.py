from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "jiaoguan.credentials"
    label = "credentials"
    verbose_name = _("电子证照")
