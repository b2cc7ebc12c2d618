from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "jiaoguan.backoffice"
    label = "backoffice"
