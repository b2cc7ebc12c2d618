"""Violation reference data: codes with their points and legal basis, and fines by province.

Both are versioned by the date a version takes effect. A version applies from its date until
the next version of the same code (and province) starts; history is never edited, a revision
is a new version (DOMAIN.md §5.2, §13.5).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ViolationCode(models.Model):
    """One version of a violation code (违法行为代码)."""

    code = models.CharField(_("违法代码"), max_length=6)
    effective_from = models.DateField(_("生效日期"))
    description = models.CharField(_("违法行为"), max_length=200)
    legal_basis = models.CharField(_("违法依据"), max_length=200)
    penalty_basis = models.CharField(_("处罚依据"), max_length=200)
    points = models.PositiveSmallIntegerField(_("记分"))
    fine_min_fen = models.PositiveIntegerField(_("法定罚款下限（分）"))
    fine_max_fen = models.PositiveIntegerField(_("法定罚款上限（分）"))
    suspension_or_revocation = models.BooleanField(_("暂扣或吊销驾驶证"), default=False)
    retired = models.BooleanField(
        _("停用"), default=False, help_text=_("自生效日期起不再使用该代码。")
    )
    verified = models.BooleanField(
        _("已核对官方代码表"),
        default=False,
        help_text=_("随产品提供的代码取自公开记录，上线前须与公安部代码表核对。"),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    created_by = models.CharField(_("录入人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("违法代码")
        verbose_name_plural = _("违法代码")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="one_code_version_a_day"
            ),
            models.CheckConstraint(name="points_0_to_12", condition=Q(points__lte=12)),
            models.CheckConstraint(
                name="fine_range_ordered", condition=Q(fine_min_fen__lte=models.F("fine_max_fen"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class ProvinceFine(models.Model):
    """The fine a province applies to a code in the simple procedure, from a date.

    An empty ``province`` is the platform default, used where a province has no row.
    """

    code = models.CharField(_("违法代码"), max_length=6)
    province = models.CharField(
        _("省级行政区划代码"), max_length=2, blank=True, help_text=_("前两位，如 32；空为默认")
    )
    effective_from = models.DateField(_("生效日期"))
    amount_fen = models.PositiveIntegerField(_("罚款金额（分）"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    created_by = models.CharField(_("录入人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("罚款标准")
        verbose_name_plural = _("罚款标准")
        ordering = ["code", "province", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "province", "effective_from"], name="one_fine_version_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.province or '*'} {self.amount_fen / 100:.2f}"
