"""Violation reference data: codes with their points and legal basis, and fines by province.

Both are versioned by the date a version takes effect. A version applies from its date until
the next version of the same code (and province) starts; history is never edited, a revision
is a new version (DOMAIN.md §5.2, §13.5).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.money import Money


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
    # The province the record belongs to (docs/adr/0011-province-nodes.md): always the first
    # two digits of region_code, kept by the database.
    province_code = models.GeneratedField(
        expression=Left("region_code", 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("违法地省份代码"),
    )
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
            models.Index(fields=["province_code", "status"], name="record_province_status"),
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


class PenaltyDecision(models.Model):
    """A penalty decision (处罚决定书) made when a record is handled: one per record.

    It keeps what was decided as it stood that day (code, points, fine of the province where
    the violation happened), so later revisions of the reference data never change it. Points
    are recorded with it on the driver's license (163号 art. 13); payment of the fine is
    recorded on it once (``paid_at``).
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上处理")
        COUNTER = "counter", _("窗口处理")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("有效")
        REVOKED = "revoked", _("已撤销")

    number = models.CharField(_("决定书编号"), max_length=24, unique=True)
    record = models.OneToOneField(
        ViolationRecord, on_delete=models.PROTECT, related_name="decision", verbose_name=_("记录")
    )
    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("被处罚人")
    )
    points_record = models.OneToOneField(
        "drivers.PointsRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("记分记录"),
    )
    channel = models.CharField(_("处理方式"), max_length=10, choices=Channel.choices)
    office = models.CharField(_("作出决定的机关"), max_length=100)
    # The deciding office's code: the 统一社会信用代码 of the organisation that entered the
    # record (docs/adr/0011-province-nodes.md).
    office_code = models.CharField(_("作出决定的机关代码"), max_length=18, blank=True, default="")
    code = models.CharField(_("违法代码"), max_length=6)
    description = models.CharField(_("违法行为"), max_length=200)
    legal_basis = models.CharField(_("违法依据"), max_length=200)
    penalty_basis = models.CharField(_("处罚依据"), max_length=200)
    points = models.PositiveSmallIntegerField(_("记分"))
    fine_fen = models.PositiveIntegerField(_("罚款金额（分）"))
    fine_province = models.CharField(_("罚款标准所属省份"), max_length=2)
    # The province the decision belongs to: where the violation happened (= fine_province).
    province_code = models.GeneratedField(
        expression=Left("fine_province", 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("违法地省份代码"),
    )
    decided_at = models.DateTimeField(_("决定时间"))
    served_on = models.DateField(_("送达日期"))
    decided_by = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("经办账户")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    paid_at = models.DateTimeField(_("缴款时间"), null=True, blank=True)
    paid_fen = models.PositiveIntegerField(_("实缴金额（分）"), null=True, blank=True)
    payment_order = models.CharField(_("缴款订单号"), max_length=40, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("处罚决定书")
        verbose_name_plural = _("处罚决定书")
        permissions = [("revoke_penaltydecision", _("撤销处罚决定"))]
        indexes = [
            models.Index(fields=["person", "-decided_at"]),
            models.Index(fields=["province_code", "-decided_at"], name="decision_province_day"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def fine(self) -> Money:
        return Money(self.fine_fen)


class DriverAuthorisation(models.Model):
    """An owner lets another person handle the violations of one of their small cars.

    A driver may hold at most three such vehicles at once: an active authorisation takes one
    of three numbered slots, and the database allows each slot once per driver, so two
    consents at the same moment cannot make a fourth. The owner consents by an SMS code and
    may revoke at any time.
    """

    MAX_VEHICLES = 3

    class Status(models.TextChoices):
        PENDING = "pending", _("待车主确认")
        ACTIVE = "active", _("已授权")
        REVOKED = "revoked", _("已解除")

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.PROTECT, related_name="+", verbose_name=_("机动车")
    )
    owner = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("车主")
    )
    driver = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="vehicle_authorisations",
        verbose_name=_("驾驶人"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    challenge_id = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(_("申请时间"))
    consented_at = models.DateTimeField(_("车主确认时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("驾驶人绑定")
        verbose_name_plural = _("驾驶人绑定")
        constraints = [
            models.UniqueConstraint(
                fields=["driver", "slot"],
                condition=Q(status="active"),
                name="authorisation_slot_once",
            ),
            models.UniqueConstraint(
                fields=["driver", "vehicle"],
                condition=Q(status__in=["pending", "active"]),
                name="authorisation_vehicle_once",
            ),
            models.CheckConstraint(
                name="authorisation_slot_1_to_3",
                condition=Q(slot__isnull=True) | Q(slot__gte=1, slot__lte=3),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id} → {self.driver_id}"


class Dispute(models.Model):
    """An objection to a camera record (处理程序规定 art. 5), decided by the office where the
    violation happened within 5 working days."""

    class Status(models.TextChoices):
        OPEN = "open", _("审核中")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    record = models.ForeignKey(
        ViolationRecord, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("记录")
    )
    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    office = models.CharField(_("违法地机关"), max_length=100)
    # Where the objection is decided (docs/adr/0011-province-nodes.md): the province of the
    # record and the office's 统一社会信用代码; ``reference`` names it between nodes (the
    # handling office forwards it to the office where the violation happened).
    province_code = models.CharField(_("违法地省份代码"), max_length=2, blank=True, default="")
    office_code = models.CharField(_("违法地机关代码"), max_length=18, blank=True, default="")
    reference = models.UUIDField(_("异议编号"), default=uuid.uuid4, unique=True, editable=False)
    reason = models.TextField(_("异议理由"), max_length=1000)
    filed_at = models.DateTimeField(_("提交时间"))
    due_on = models.DateField(_("应答复日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("审核意见"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("违法异议")
        verbose_name_plural = _("违法异议")
        permissions = [("decide_dispute", _("审核违法异议"))]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(status="open"), name="one_open_dispute_per_record"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["province_code", "office_code", "status"], name="dispute_office"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.status}"
