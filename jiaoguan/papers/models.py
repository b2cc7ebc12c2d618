"""证件业务: this family's tables.

The fee schedule (工本费, reference data with effective dates) and the online papers
applications (each a case of the workflow). The postal gateway's tables follow at the end
of this module.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.fields import EncryptedCharField
from jiaoguan.delivery.models import DeliveryFields
from jiaoguan.papers import rules


class FeeRate(models.Model):
    """One amount of one fee item (工本费) in force from ``effective_from`` to
    ``effective_until`` (both included; empty: still in force). Loaded with the national
    amounts of DOMAIN.md §14.4 (migration 0002); an operator edits them in the admin when
    the price authority changes a standard: end the old row and add a new one, never
    change an amount in place, so past orders keep the rate they were charged at.
    ``uncertain`` marks the amounts DOMAIN could not confirm (non-reflective motorcycle
    plates, the inspection mark)."""

    item = models.CharField(
        _("收费项目"),
        max_length=40,
        choices=[(item.value, _(label)) for item, label in rules.FEE_ITEM_LABELS.items()],
    )
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("计费单位"), max_length=4)
    effective_from = models.DateField(_("起始日期"))
    effective_until = models.DateField(_("截止日期"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    uncertain = models.BooleanField(_("待核实"), default=False)

    class Meta:
        verbose_name = _("工本费标准")
        verbose_name_plural = _("工本费标准")
        ordering = ["item", "effective_from"]
        constraints = [
            models.CheckConstraint(
                name="papers_fee_amount_not_negative", condition=Q(amount__gte=0)
            ),
            models.CheckConstraint(
                name="papers_fee_period_ordered",
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
            ),
            models.UniqueConstraint(
                fields=["item", "effective_from"], name="papers_fee_one_rate_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.amount} ({self.effective_from})"

    def as_rule(self) -> rules.FeeRate:
        from jiaoguan.core.money import Money

        return rules.FeeRate(
            item=rules.FeeItem(self.item),
            amount=Money.from_yuan(self.amount),
            unit=self.unit,
            effective_from=self.effective_from,
            effective_until=self.effective_until,
            basis=self.basis,
            uncertain=self.uncertain,
        )

    def clean(self) -> None:
        """Refuse a period that overlaps another rate of the same item (a day has one fee)."""
        others = FeeRate.objects.filter(item=self.item).exclude(pk=self.pk)
        try:
            rules.schedule_check([self.as_rule(), *(other.as_rule() for other in others)])
        except ValueError:
            raise ValidationError(_("同一收费项目的执行期间不能重叠。")) from None


class PaperApplication(models.Model):
    """An online papers application (DOMAIN.md §14.5): which service, for which document,
    how it is fulfilled, its fee and its payment order. Each is a case of the workflow
    (``applications``, table ``papers.<service>``), which decides every change of state
    and logs it; ``state`` is the case's state, copied in the same transaction by
    ``papers.services`` (the only writer), so that the database keeps at most one open
    application per document: ``document_key`` names the document (``driving_license:
    <licence id>``, ``plates:<vehicle id>``, ``vehicle_license:<vehicle id>``) and a partial
    unique index covers the open states."""

    class Fulfilment(models.TextChoices):
        POST = "post", _("寄递到家")
        PICKUP = "pickup", _("网点自取")

    #: The states of an application still being handled (the table's open stages).
    OPEN_STATES = ("submitted", "reviewed", "produced", "dispatched", "returned")

    reference = models.UUIDField(_("申请编号"), unique=True, editable=False)
    case = models.OneToOneField(
        "applications.Case",
        verbose_name=_("业务申请"),
        on_delete=models.PROTECT,
        related_name="paper_application",
    )
    service = models.CharField(
        _("业务类型"),
        max_length=40,
        choices=[(rule.service.value, _(rule.label)) for rule in rules.SERVICES],
    )
    state = models.CharField(_("状态"), max_length=30)
    document_key = models.CharField(_("证件"), max_length=60)
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="paper_applications",
    )
    driving_license = models.ForeignKey(
        "drivers.DrivingLicense",
        verbose_name=_("驾驶证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    temporary_plate = models.BooleanField(_("申领临时行驶车号牌"), default=False)
    temporary_plate_number = models.CharField(_("临时行驶车号牌号码"), max_length=10, blank=True)
    fulfilment = models.CharField(_("领取方式"), max_length=10, choices=Fulfilment.choices)
    address = models.CharField(_("寄递地址"), max_length=200, blank=True)
    # The address-book entry the courier is booked to (its county code is what a waybill
    # needs); empty for a pickup, or a typed address an officer cannot post to.
    delivery_address = models.ForeignKey(
        "papers.AddressBookEntry",
        verbose_name=_("收件地址"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pickup_point = models.CharField(_("自取网点"), max_length=100, blank=True)
    fee_fen = models.PositiveIntegerField(_("工本费（分）"))
    payment_order_number = models.CharField(_("缴款订单号"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.CharField(_("不予办理理由"), max_length=200, blank=True)
    # The hospital's certificate this application relies on (renewals that need one): one
    # certificate backs one live application (``papers_application_certificate_once``).
    medical_certificate = models.ForeignKey(
        "drivers.MedicalCertificate",
        verbose_name=_("身体条件证明"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("证件网上申请")
        verbose_name_plural = _("证件网上申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_key"],
                condition=Q(
                    state__in=["submitted", "reviewed", "produced", "dispatched", "returned"]
                ),
                name="papers_application_open_once_per_document",
            ),
            models.UniqueConstraint(
                fields=["medical_certificate"],
                condition=Q(medical_certificate__isnull=False)
                & ~Q(state__in=["refused", "withdrawn"]),
                name="papers_application_certificate_once",
            ),
        ]
        indexes = [models.Index(fields=["person", "-submitted_at"])]

    def __str__(self) -> str:
        return str(self.reference)


class HospitalSubmission(models.Model):
    """How a medical certificate (``drivers.MedicalCertificate``, 身体条件证明) reached the
    platform: sent by a hospital (an organisation of kind 医疗机构) through the signed
    partner API, with the hospital's own certificate number, unique per hospital (the same
    number sent again is the same certificate, never a second one)."""

    certificate = models.OneToOneField(
        "drivers.MedicalCertificate",
        verbose_name=_("身体条件证明"),
        on_delete=models.PROTECT,
        related_name="hospital_submission",
    )
    organization = models.ForeignKey(
        "identity.Organization",
        verbose_name=_("体检医院"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("证明编号"), max_length=40)
    key_id = models.CharField(_("接口密钥编号"), max_length=40)
    doctor = models.CharField(_("体检医生"), max_length=50, blank=True)
    digest = models.CharField(_("报送内容摘要"), max_length=64)
    submitted_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("医院报送的身体条件证明")
        verbose_name_plural = _("医院报送的身体条件证明")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="papers_hospital_number_once"
            )
        ]

    def __str__(self) -> str:
        return self.number


class HospitalDesignation(models.Model):
    """The province's designation of a hospital to examine C5 holders (残疾人专用车型,
    162号 art. 85): from ``designated_on`` until it is withdrawn. One live designation per
    hospital; withdrawn ones stay as the record."""

    organization = models.ForeignKey(
        "identity.Organization",
        verbose_name=_("医疗机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.CharField(_("指定文件文号"), max_length=60)
    designated_on = models.DateField(_("指定日期"))
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("C5体检指定医疗机构")
        verbose_name_plural = _("C5体检指定医疗机构")
        permissions = [("designate_hospital", _("可以指定C5体检医疗机构"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="papers_hospital_designated_once",
            )
        ]

    def __str__(self) -> str:
        return self.document


# --- Postal delivery (DOMAIN §14.5): the address book, shipments, tracking ----------------


class AddressBookEntry(models.Model):
    """An address a citizen keeps for postal delivery (收件地址): a GB/T 2260 county-level
    code (checked against the code table) and the street address; the phone is encrypted
    at rest (ADR 0014)."""

    person = models.ForeignKey(
        "identity.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("本人")
    )
    recipient_name = models.CharField(_("收件人"), max_length=50)
    phone = EncryptedCharField(_("联系电话"), max_length=20)
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    detail = models.CharField(_("详细地址"), max_length=120)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    is_default = models.BooleanField(_("默认地址"), default=False)
    created_at = models.DateTimeField(_("创建时间"))
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("收件地址")
        verbose_name_plural = _("收件地址")
        ordering = ["-is_default", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_default=True, removed_at__isnull=True),
                name="papers_address_one_default",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.region_code}"


class OfficePostalAddress(models.Model):
    """Where an office posts documents from and takes old ones back (机关寄递地址):
    reference data an operator keeps in the admin, one per office (``identity.Office.code``).
    The county code must be a current GB/T 2260 one (a waybill needs it)."""

    office_code = models.CharField(_("机关代码"), max_length=12, unique=True)
    province_code = models.CharField(_("省份代码"), max_length=2)
    name = models.CharField(_("寄件单位"), max_length=100)
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    detail = models.CharField(_("详细地址"), max_length=120)
    phone = models.CharField(_("联系电话"), max_length=20)

    class Meta:
        verbose_name = _("机关寄递地址")
        verbose_name_plural = _("机关寄递地址")
        ordering = ["office_code"]

    def __str__(self) -> str:
        return self.name


class Shipment(DeliveryFields):
    """One leg of a case's postal delivery: the new document to the applicant, the old one
    collected at the door and carried back, or a temporary plate. At most one open shipment
    per case and leg (a cancelled one may be replaced).

    ``case_reference`` is the case's stable key (``applications.Case.reference``): the case
    is named, not joined. Two state columns: ``status`` is the booking's, which the delivery
    engine drives (kind ``papers.shipment_booking``: the courier call that answers the
    waybill number); ``state`` is the parcel's, which tracking events move forward only
    (``papers.rules.waybill``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待下单")
        SENDING = "sending", _("下单中")
        BOOKED = "booked", _("已下单")
        FAILED = "failed", _("下单失败")

    class State(models.TextChoices):  # papers.rules.waybill.ShipmentState
        CREATED = "created", _("已创建")
        COLLECTED = "collected", _("已揽收")
        IN_TRANSIT = "in_transit", _("运输中")
        OUT_FOR_DELIVERY = "out_for_delivery", _("派送中")
        FAILED_ATTEMPT = "failed_attempt", _("投递失败")
        DELIVERED = "delivered", _("已签收")
        RETURNED = "returned", _("已退回")
        CANCELLED = "cancelled", _("已取消")

    class Leg(models.TextChoices):  # papers.rules.waybill.ShipmentLeg
        DOCUMENT = "document", _("寄送新证件")
        OLD_DOCUMENT = "old_document", _("收回旧证件")
        TEMPORARY_PLATE = "temporary_plate", _("寄送临时号牌")

    reference = models.UUIDField(_("寄件单号"), unique=True)
    case_reference = models.UUIDField(_("业务编号"), db_index=True)
    leg = models.CharField(_("寄递段"), max_length=20, choices=Leg.choices)
    province_code = models.CharField(_("省份代码"), max_length=2)
    office_code = models.CharField(_("机关代码"), max_length=12, blank=True)
    provider = models.CharField(_("快递服务商"), max_length=20)
    status = models.CharField(
        _("下单状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    waybill_number = models.CharField(
        _("运单号"), max_length=32, null=True, blank=True, unique=True
    )
    label = models.JSONField(_("面单"), default=dict, blank=True)
    state = models.CharField(
        _("寄递状态"), max_length=20, choices=State.choices, default=State.CREATED
    )
    last_event_at = models.DateTimeField(_("最近轨迹时间"), null=True, blank=True)
    # The applicant's side (recipient of the document, sender of the old one) and the office's.
    citizen_name = models.CharField(_("申请人姓名"), max_length=50)
    citizen_phone = EncryptedCharField(_("申请人电话"), max_length=20)
    citizen_region_code = models.CharField(_("申请人地址区划"), max_length=6)
    citizen_address = models.CharField(_("申请人详细地址"), max_length=120)
    office_name = models.CharField(_("机关名称"), max_length=100)
    office_phone = models.CharField(_("机关电话"), max_length=20, blank=True)
    office_region_code = models.CharField(_("机关地址区划"), max_length=6)
    office_address = models.CharField(_("机关详细地址"), max_length=120)
    description = models.CharField(_("寄递物品"), max_length=100)
    collect_item = models.CharField(_("上门收回物品"), max_length=100, blank=True)
    cash_on_delivery_fen = models.PositiveIntegerField(_("到付金额（分）"), default=0)
    estimated_from = models.DateField(_("预计送达（最早）"), null=True, blank=True)
    estimated_until = models.DateField(_("预计送达（最晚）"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    booked_at = models.DateTimeField(_("下单时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证件寄递")
        verbose_name_plural = _("证件寄递")
        ordering = ["-created_at", "-id"]
        permissions = [("dispatch_shipment", _("可以寄递证件"))]
        constraints = [
            # A cancelled or returned parcel may be replaced by a new one (dispatched again).
            models.UniqueConstraint(
                fields=["case_reference", "leg"],
                condition=~models.Q(state__in=["cancelled", "returned"]),
                name="papers_shipment_one_per_leg",
            )
        ]
        indexes = [
            models.Index(
                fields=["not_before"],
                name="papers_shipment_booking_due",
                condition=models.Q(status="queued"),
            )
        ]

    def __str__(self) -> str:
        return self.waybill_number or str(self.reference)


class TrackingEvent(models.Model):
    """A courier's tracking event, stored once (``provider`` + ``event_key``), whether or not
    it moved its shipment (``applied``: a duplicate is not stored again; an older event
    arriving late is stored, not applied). An event for a waybill not known yet is kept and
    applied when the booking is written."""

    provider = models.CharField(_("快递服务商"), max_length=20)
    event_key = models.CharField(_("事件标识"), max_length=64)
    waybill_number = models.CharField(_("运单号"), max_length=32, db_index=True)
    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    status = models.CharField(_("轨迹状态"), max_length=20)
    occurred_at = models.DateTimeField(_("发生时间"))
    description = models.CharField(_("轨迹描述"), max_length=200, blank=True)
    region_code = models.CharField(_("所在地区划"), max_length=6, blank=True)
    raw_status = models.CharField(_("原始状态"), max_length=20, blank=True)
    applied = models.BooleanField(_("已生效"), default=False)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        verbose_name = _("物流轨迹")
        verbose_name_plural = _("物流轨迹")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_key"], name="papers_tracking_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.waybill_number} {self.status}"


class TrackingPush(models.Model):
    """Every push a courier made to us, taken or not (a forged one is kept, logged and
    audited)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("已接收")
        REJECTED = "rejected", _("已拒绝")
        FAILED = "failed", _("处理失败")

    provider = models.CharField(_("快递服务商"), max_length=20)
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("原因"), max_length=40, blank=True)
    waybill_number = models.CharField(_("运单号"), max_length=32, blank=True)
    events_new = models.PositiveIntegerField(_("新事件数"), default=0)
    events_repeated = models.PositiveIntegerField(_("重复事件数"), default=0)
    body = models.TextField(_("推送内容"), blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), db_index=True)

    class Meta:
        verbose_name = _("物流轨迹推送")
        verbose_name_plural = _("物流轨迹推送")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.outcome} {self.received_at:%Y-%m-%d %H:%M}"
