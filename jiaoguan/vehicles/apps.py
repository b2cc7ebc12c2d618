from django.apps import AppConfig


class VehiclesConfig(AppConfig):
    name = "jiaoguan.vehicles"
    label = "vehicles"
