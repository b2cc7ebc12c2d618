from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "jiaoguan.identity"
    label = "identity"
