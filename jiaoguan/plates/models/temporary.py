"""Temporary plates issued by dealers and officers (DOMAIN.md §6.4)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Organization


class TemporaryPlate(models.Model):
    """A temporary driving plate (临时行驶车号牌), from a dealer or an officer."""

    class Situation(models.TextChoices):
        """The §6.4 situations; values are those of ``rules.Situation``."""

        UNSOLD = "unsold", _("未销售")
        NOT_REGISTERED = "not_registered", _("购买、调拨、赠予等方式获得后尚未注册登记")
        EXPORT_NEW = "export_new", _("新车出口销售")
        TESTING = "testing", _("科研、定型试验")
        OVERSIZE = "oversize", _("超限不能办理注册登记")
        PLATES_NOT_READY = "plates_not_ready", _("号牌未能及时制作")
        REPLACEMENT_PLATES = "replacement_plates", _("补领号牌期间")
        TRANSFER_OUT = "transfer_out", _("转出至外地")
        USED_CAR_EXPORT = "used_car_export", _("二手车出口企业收购")
        ROAD_TEST = "road_test", _("智能网联汽车道路测试")

    reference = models.UUIDField(_("查验编号"), default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("临时号牌号码"), max_length=10, blank=True, default="")
    vin = models.CharField(_("车辆识别代号"), max_length=17, db_index=True)
    situation = models.CharField(_("情形"), max_length=30, choices=Situation.choices)
    issue_group = models.CharField(max_length=30, editable=False)
    issue_number = models.PositiveSmallIntegerField(_("第几次核发"), editable=False)
    issued_on = models.DateField(_("核发日期"))
    valid_until = models.DateField(_("有效期至"))
    compulsory_insurance_until = models.DateField(_("交强险有效期至"))
    plates_received_on = models.DateField(_("领取正式号牌日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核发民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dealer = models.ForeignKey(
        Organization,
        verbose_name=_("核发企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("临时行驶车号牌")
        verbose_name_plural = _("临时行驶车号牌")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vin", "issue_group", "issue_number"], name="temporary_plate_issue_once"
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="temporary_plate_number_once"
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(self.reference)
