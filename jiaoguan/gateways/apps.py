from django.apps import AppConfig


class GatewaysConfig(AppConfig):
    name = "jiaoguan.gateways"
    label = "gateways"
