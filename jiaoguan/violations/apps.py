from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "jiaoguan.violations"
    verbose_name = _("交通违法")

    def ready(self) -> None:
        from jiaoguan.payments.signals import order_paid
        from jiaoguan.violations.services.fines import fine_paid

        order_paid.connect(fine_paid, dispatch_uid="violations.fine_paid")
