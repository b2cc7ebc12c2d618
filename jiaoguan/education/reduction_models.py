"""Points removed by study (学法减分, 163号 arts. 25-27, 31): the reductions, one row per point,
and the public-welfare traffic activities (交通安全公益活动) officers record.

Imported by ``education.models`` (the app's models module) at its end.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.education.models import MAX_REDUCTION_PER_CYCLE, ReductionApplication


class WelfareActivity(models.Model):
    """A public-welfare traffic activity (DOMAIN §4.4: 1 point per full hour) an officer
    recorded after the face checks at sign-in and sign-out, publicised for 2 days before its
    points are reduced. The state is that of ``applications.rules.reduction.WELFARE``."""

    class State(models.TextChoices):
        PUBLICISED = "publicised", _("公示中")
        REDUCED = "reduced", _("已减分")
        NOT_REDUCED = "not_reduced", _("无可减免的记分")
        WITHDRAWN = "withdrawn", _("公示期内已撤销")
        REVOKED = "revoked", _("减分已撤销")

    person = models.ForeignKey("identity.Person", on_delete=models.PROTECT, related_name="+")
    license = models.ForeignKey(
        "drivers.DrivingLicense", on_delete=models.PROTECT, related_name="welfare_activities"
    )
    cycle_index = models.PositiveSmallIntegerField(_("记分周期序号"))
    activity = models.CharField(_("公益活动"), max_length=100)
    place = models.CharField(_("活动地点"), max_length=100)
    region_code = models.CharField(_("活动地区划代码"), max_length=6)
    signed_in_at = models.DateTimeField(_("签到时间"))
    signed_out_at = models.DateTimeField(_("签退时间"))
    hours = models.PositiveSmallIntegerField(_("满小时数"))
    points = models.PositiveSmallIntegerField(_("拟减免记分"))
    notice_until = models.DateTimeField(_("公示截止时间"))
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.PUBLICISED
    )
    recorded_by = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("交通安全公益活动")
        verbose_name_plural = _("交通安全公益活动")
        permissions = [
            ("record_welfare", _("登记交通安全公益活动")),
            ("revoke_reduction", _("撤销弄虚作假取得的减分")),
        ]
        indexes = [models.Index(fields=["state", "notice_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1, points__gte=1), name="education_welfare_an_hour"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.license_id}@{self.signed_in_at:%Y-%m-%d}"


class PointsReduction(models.Model):
    """A point removed by study. One row per point: ``ordinal`` 1..6 is unique per license
    and cycle (the 6-point cap), and an online application removes one point, once (two tabs
    finishing the same test at once write one row); a public-welfare activity removes one per
    full hour. ``lowered`` is what the drivers' ledger lowered (record id → points), so that a
    revocation (art. 31) gives back exactly those; a revoked row keeps its slot."""

    application = models.OneToOneField(
        ReductionApplication,
        on_delete=models.PROTECT,
        related_name="reduction",
        null=True,
        blank=True,
    )
    activity = models.ForeignKey(
        WelfareActivity,
        on_delete=models.PROTECT,
        related_name="reductions",
        null=True,
        blank=True,
    )
    license = models.ForeignKey(
        "drivers.DrivingLicense", on_delete=models.PROTECT, related_name="+"
    )
    cycle_index = models.PositiveSmallIntegerField(_("记分周期序号"))
    ordinal = models.PositiveSmallIntegerField(_("本周期第几分"))
    points = models.PositiveSmallIntegerField(_("减免记分"), default=1)
    reduced_at = models.DateTimeField(_("减分时间"))
    lowered = models.JSONField(_("降低的记分记录"), default=dict, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学法减分记录")
        verbose_name_plural = _("学法减分记录")
        constraints = [
            models.UniqueConstraint(
                fields=["license", "cycle_index", "ordinal"], name="education_reduction_slot"
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1, ordinal__lte=MAX_REDUCTION_PER_CYCLE),
                name="education_reduction_at_most_6",
            ),
            models.CheckConstraint(condition=Q(points=1), name="education_reduction_one_point"),
            models.CheckConstraint(
                condition=Q(application__isnull=False, activity__isnull=True)
                | Q(application__isnull=True, activity__isnull=False),
                name="education_reduction_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.license_id}/{self.cycle_index}/{self.ordinal}"
