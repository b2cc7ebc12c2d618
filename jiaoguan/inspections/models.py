"""机动车检验: stations and their lanes, booking slots, appointments, results, online marks.

A station (机动车安全技术检验机构) is an organisation of the station kind (its account,
staff and partner keys are the organisations family's); this family adds what it inspects
with and when. Capacity is held by the database: a slot's ``booked`` never passes its
``capacity`` (a check constraint, raised only by a conditional update), and a vehicle has at
most one live appointment (a partial unique index).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Organization, Person
from jiaoguan.vehicles.models import Vehicle


class Station(models.Model):
    """An inspection station, registered by the organisation and approved by an officer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已核准")
        SUSPENDED = "suspended", _("已暂停")

    organization = models.OneToOneField(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="station"
    )
    name = models.CharField(_("检验机构名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    region_code = models.CharField(_("所在地区划代码"), max_length=6)
    province_code = models.CharField(_("所在省份代码"), max_length=2)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    registered_at = models.DateTimeField(_("登记时间"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("机动车检验机构")
        verbose_name_plural = _("机动车检验机构")
        ordering = ["province_code", "region_code", "name"]
        permissions = [("approve_station", _("审核机动车检验机构"))]
        indexes = [
            models.Index(fields=["status", "province_code"], name="inspections_station_find")
        ]

    def __str__(self) -> str:
        return self.name


class Lane(models.Model):
    """A test lane (检测线) and how many vehicles it takes per slot."""

    class Kind(models.TextChoices):
        SMALL = "small", _("小型汽车检测线")
        LARGE = "large", _("大型汽车检测线")
        MOTORCYCLE = "motorcycle", _("摩托车检测线")

    station = models.ForeignKey(
        Station, verbose_name=_("检验机构"), on_delete=models.PROTECT, related_name="lanes"
    )
    name = models.CharField(_("检测线名称"), max_length=50)
    kind = models.CharField(_("检测线类别"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(_("每时段可检车辆数"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检测线")
        verbose_name_plural = _("检测线")
        ordering = ["station", "pk"]
        constraints = [
            models.CheckConstraint(name="inspections_lane_capacity", condition=Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """The station's hours on one weekday (0 Monday … 6 Sunday); a missing day is closed."""

    station = models.ForeignKey(
        Station, verbose_name=_("检验机构"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("星期"))
    opens = models.TimeField(_("开始时间"))
    closes = models.TimeField(_("结束时间"))

    class Meta:
        verbose_name = _("营业时间")
        verbose_name_plural = _("营业时间")
        ordering = ["station", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["station", "weekday"], name="inspections_hours_once"),
            models.CheckConstraint(
                name="inspections_hours_order",
                condition=Q(opens__lt=F("closes")) & Q(weekday__lte=6),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday}:{self.opens:%H:%M}-{self.closes:%H:%M}"


class Slot(models.Model):
    """One lane's booking slot: ``booked`` of ``capacity`` places taken."""

    lane = models.ForeignKey(
        Lane, verbose_name=_("检测线"), on_delete=models.PROTECT, related_name="slots"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可约数"))
    booked = models.PositiveSmallIntegerField(_("已约数"), default=0)

    class Meta:
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        ordering = ["starts_at", "lane"]
        constraints = [
            models.UniqueConstraint(fields=["lane", "starts_at"], name="inspections_slot_once"),
            models.CheckConstraint(
                name="inspections_slot_not_oversold",
                condition=Q(booked__gte=0) & Q(booked__lte=F("capacity")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lane_id}@{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return self.capacity - self.booked


class Appointment(models.Model):
    """A vehicle's booked inspection (检验预约)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        INSPECTED = "inspected", _("已检验")
        NO_SHOW = "no_show", _("未到检")

    number = models.CharField(_("预约编号"), max_length=20, unique=True)
    station = models.ForeignKey(
        Station, verbose_name=_("检验机构"), on_delete=models.PROTECT, related_name="appointments"
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("预约时段"), on_delete=models.PROTECT, related_name="appointments"
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("预约人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    booked_at = models.DateTimeField(_("预约时间"))
    changes = models.PositiveSmallIntegerField(_("改约次数"), default=0)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到检时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("检验预约")
        verbose_name_plural = _("检验预约")
        ordering = ["-booked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"],
                condition=Q(status="booked"),
                name="inspections_one_live_appointment",
            )
        ]
        indexes = [models.Index(fields=["person", "status"], name="inspections_appt_person")]

    def __str__(self) -> str:
        return self.number


class InspectionResult(models.Model):
    """A station's result for one appointment (机动车安全技术检验合格证明 or the fail)."""

    appointment = models.OneToOneField(
        Appointment, verbose_name=_("检验预约"), on_delete=models.PROTECT, related_name="result"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("检验机构"), on_delete=models.PROTECT, related_name="results"
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("检验合格"))
    items = models.JSONField(_("检验项目"), default=list)
    odometer_km = models.PositiveIntegerField(_("里程表读数（公里）"))
    operator = models.CharField(_("检验员"), max_length=50)
    inspected_at = models.DateTimeField(_("检验时间"))
    failure_reason = models.CharField(_("不合格原因"), max_length=500, blank=True)
    retest_until = models.DateField(_("复检期限"), null=True, blank=True)
    valid_until_after = models.DateField(_("检验有效期至（检验后）"), null=True, blank=True)
    # The highest earlier reading when this one is lower: flagged to officers.
    odometer_earlier_km = models.PositiveIntegerField(_("此前最高里程"), null=True, blank=True)
    flag_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    flag_reviewed_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    key_id = models.CharField(_("报送密钥"), max_length=40)
    reported_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("检验结果")
        verbose_name_plural = _("检验结果")
        ordering = ["-inspected_at", "-pk"]
        indexes = [
            models.Index(fields=["vehicle", "inspected_at"], name="inspections_result_vehicle")
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id}:{'pass' if self.passed else 'fail'}"

    @property
    def odometer_flagged(self) -> bool:
        return self.odometer_earlier_km is not None


class MarkIssue(models.Model):
    """An inspection mark issued online in a mark-only year (免检车辆申领检验标志): one per
    vehicle and due, so a repeated application cannot extend the validity twice."""

    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("原检验有效期至"))
    valid_until_after = models.DateField(_("检验有效期至"))
    issued_at = models.DateTimeField(_("核发时间"))
    # the paper mark, when the owner asks for one: collected at a service point (guides)
    paper_point_id = models.PositiveIntegerField(_("纸质标志领取网点"), null=True, blank=True)
    paper_point_name = models.CharField(_("领取网点名称"), max_length=100, blank=True)
    paper_requested_at = models.DateTimeField(_("申领纸质标志时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("免检检验标志")
        verbose_name_plural = _("免检检验标志")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "due_on"], name="inspections_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id}:{self.due_on}"


class Insurance(models.Model):
    """A vehicle's 交强险 and 车船税 as its insurer last reported them (the insurer collects
    the 车船税 with the 交强险 premium). The vehicle register holds neither, so the
    inspections keep the one fact their preconditions need (DOMAIN §15.4); a vehicle without
    a row is not checked (the station checks the paper policy)."""

    vehicle = models.OneToOneField(
        Vehicle, verbose_name=_("机动车"), on_delete=models.CASCADE, related_name="+"
    )
    insurer = models.CharField(_("承保公司"), max_length=60)
    policy_number = models.CharField(_("交强险保单号"), max_length=40, blank=True)
    insured_until = models.DateField(_("交强险有效期至"))
    vehicle_tax_year = models.PositiveSmallIntegerField(
        _("车船税已缴至年度"), null=True, blank=True
    )
    reported_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("交强险与车船税")
        verbose_name_plural = _("交强险与车船税")

    def __str__(self) -> str:
        return f"{self.insurer} {self.insured_until}"
