from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DeliveryConfig(AppConfig):
    name = "jiaoguan.delivery"
    label = "delivery"

    def ready(self) -> None:
        # Every app declares the kinds it delivers in its own ``deliveries`` module; importing
        # it registers them, in the web processes and in the workers alike.
        autodiscover_modules("deliveries")
