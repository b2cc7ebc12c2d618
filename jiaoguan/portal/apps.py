from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jiaoguan.portal"
    label = "portal"
