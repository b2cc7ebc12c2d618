from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jiaoguan.api"
    label = "api"
