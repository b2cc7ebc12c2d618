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


class ViolationRecord(models.Model):
    """A violation recorded by an enforcement device (交通技术监控记录), from upload to handling.

    A device's record id is unique per reporting system: the same record sent twice is stored
    once. An officer reviews each record; confirmation enters it and it is queryable that day.
    """

    class Status(models.TextChoices):
        PENDING_REVIEW = "pending_review", _("待审核")
        ENTERED = "entered", _("未处理")
        DELETED = "deleted", _("已删除")
        HANDLED = "handled", _("已处理")

    class DeletionReason(models.TextChoices):
        """处理程序规定 art. 22 (DOMAIN.md §5.4)."""

        EMERGENCY_VEHICLE = "emergency_vehicle", _("执行紧急任务的警车、消防车、救护车、工程救险车")
        STOLEN_OR_CLONED = "stolen_or_cloned", _("机动车被盗抢或者号牌被套用，且有报案记录")
        EMERGENCY_SITUATION = "emergency_situation", _("因救助危难或者紧急避险造成")
        HANDLED_ON_SITE = "handled_on_site", _("现场已被交通警察处理")
        CONFLICTING_SIGNALS = "conflicting_signals", _("因交通信号指示不一致造成")
        UNCLEAR = "unclear", _("记录内容不清晰、不完整")
        PLATE_MISREAD = "plate_misread", _("号牌识别错误")
        OTHER = "other", _("其他应当删除的情形")

    reporter = models.ForeignKey(
        "identity.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传单位"),
    )
    device_id = models.CharField(_("设备编号"), max_length=40)
    device_record_id = models.CharField(_("设备记录编号"), max_length=64)
    content_digest = models.CharField(max_length=64, editable=False)
    code = models.CharField(_("违法代码"), max_length=6)
    plate_number = models.CharField(_("号牌号码"), max_length=8, db_index=True)
    plate_type = models.CharField(_("号牌种类"), max_length=2)
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violation_records",
        verbose_name=_("机动车"),
    )
    occurred_at = models.DateTimeField(_("违法时间"))
    place = models.CharField(_("违法地点"), max_length=200)
    region_code = models.CharField(_("违法地行政区划代码"), max_length=6)
    measurement = models.CharField(_("测量值"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING_REVIEW
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_on = models.DateField(_("录入日期"), null=True, blank=True)
    deletion_reason = models.CharField(
        _("删除原因"), max_length=30, choices=DeletionReason.choices, blank=True
    )
    deletion_note = models.CharField(_("删除说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("交通技术监控记录")
        verbose_name_plural = _("交通技术监控记录")
        permissions = [("review_violationrecord", _("审核交通技术监控记录"))]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "device_record_id"], name="one_record_per_device_record"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["vehicle", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.plate_number} {self.code} {self.occurred_at:%Y-%m-%d %H:%M}"


class EvidenceImage(models.Model):
    """A photo or video frame of a record, kept in the database with the record, so a record
    and its evidence are written, backed up and restored together."""

    record = models.ForeignKey(ViolationRecord, on_delete=models.PROTECT, related_name="evidence")
    position = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "position"], name="one_image_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.record_id}#{self.position}"
