from django.apps import AppConfig


class DriversConfig(AppConfig):
    name = "jiaoguan.drivers"
    label = "drivers"
