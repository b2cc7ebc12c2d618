"""Number segments, batches, pre-selection holds and temporary plates (DOMAIN.md §6).

Scarce numbers are protected by the database, never by a check in Python:

- ``number_held_once``: a plate number has at most one hold that is held, lapsed (expired but
  not yet back in the pool) or registered;
- ``one_hold_per_vehicle``: a new vehicle has at most one held number;
- ``one_open_batch_per_segment``;
- ``temporary_plate_issue_once``: the n-th temporary plate of a vehicle in a situation group
  exists once, so two dealers cannot both issue the last allowed one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Organization, Person
from jiaoguan.plates import rules

PLATE_TYPE_CHOICES = [
    ("01", _("大型汽车")),
    ("02", _("小型汽车")),
    ("51", _("大型新能源汽车")),
    ("52", _("小型新能源汽车")),
]


class SelectionParameterSet(models.Model):
    """Plate-selection parameters (DOMAIN §13.6), versioned by the day they take effect."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    candidates = models.PositiveSmallIntegerField(_("随机候选号码数"), default=50)
    draws = models.PositiveSmallIntegerField(_("随机选号批数"), default=1)
    pick_seconds = models.PositiveIntegerField(_("选定时限（秒）"), default=90)
    compose_attempts = models.PositiveSmallIntegerField(_("自编号码尝试次数"), default=20)
    max_letters = models.PositiveSmallIntegerField(_("序号最多字母数"), default=2)
    hold_working_days = models.PositiveSmallIntegerField(_("预选号码保留工作日"), default=3)
    lead_working_days = models.PositiveSmallIntegerField(_("号段提前公布工作日"), default=3)
    energy_letters = models.CharField(_("启用的新能源字母"), max_length=10, default="DF")

    class Meta:
        verbose_name = _("选号参数")
        verbose_name_plural = _("选号参数")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}"

    def as_rules(self) -> rules.SelectionParameters:
        return rules.SelectionParameters(
            candidates=self.candidates,
            draws=self.draws,
            pick_seconds=self.pick_seconds,
            compose_attempts=self.compose_attempts,
            max_letters=self.max_letters,
            hold_working_days=self.hold_working_days,
            lead_working_days=self.lead_working_days,
            energy_letters=frozenset(self.energy_letters.upper()),
        )


class NumberSegment(models.Model):
    """A published block of numbers (号段): prefix, plate type and serial pattern."""

    plate_type = models.CharField(_("号牌种类"), max_length=2, choices=PLATE_TYPE_CHOICES)
    prefix = models.CharField(_("号牌前缀"), max_length=2)
    pattern = models.CharField(_("序号规则"), max_length=6)
    max_letters = models.PositiveSmallIntegerField(_("序号最多字母数"), default=2)
    energy_letters = models.CharField(_("新能源字母"), max_length=10, default="DF")
    pool_size = models.PositiveIntegerField(_("号码总数"))
    starts_on = models.DateField(_("开放日期"))
    published_on = models.DateField(_("公布日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("号段")
        verbose_name_plural = _("号段")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plate_type", "prefix", "pattern"], name="segment_published_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.pattern}"

    def pool(self) -> rules.Pool:
        """The segment's pool (built once per instance: a published segment never changes)."""
        pool = self.__dict__.get("_pool")
        if pool is None:
            pool = self.__dict__["_pool"] = rules.Pool(
                self.plate_type,
                self.prefix,
                self.pattern,
                max_letters=self.max_letters,
                energy_letters=frozenset(self.energy_letters),
            )
        return pool


class ReservedNumber(models.Model):
    """A number kept out of every pool (e.g. for special services); officers edit the list."""

    plate_type = models.CharField(_("号牌种类"), max_length=2, choices=PLATE_TYPE_CHOICES)
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("保留号码")
        verbose_name_plural = _("保留号码")
        constraints = [
            models.UniqueConstraint(fields=["plate_type", "plate_number"], name="reserved_once")
        ]

    def __str__(self) -> str:
        return self.plate_number


class Batch(models.Model):
    """One opening of a segment for selection, with its commit–reveal seed.

    The seed stays secret while the batch is open; ``seed_hash`` is public from the start and
    the seed itself once the batch closes.
    """

    segment = models.ForeignKey(
        NumberSegment, verbose_name=_("号段"), on_delete=models.PROTECT, related_name="batches"
    )
    opened_at = models.DateTimeField(_("开放时间"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    seed = models.CharField(_("随机种子"), max_length=64, editable=False)
    seed_hash = models.CharField(_("种子哈希"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("选号批次")
        verbose_name_plural = _("选号批次")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment"],
                condition=Q(closed_at__isnull=True),
                name="one_open_batch_per_segment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment} #{self.pk}"

    @property
    def revealed_seed(self) -> str | None:
        return self.seed if self.closed_at is not None else None


class NewVehicle(models.Model):
    """A new vehicle known to the register before registration (VIN from the dealer)."""

    vin = models.CharField(_("车辆识别代号"), max_length=17, unique=True)
    owner = models.ForeignKey(
        Person, verbose_name=_("所有人"), on_delete=models.PROTECT, related_name="new_vehicles"
    )
    plate_type = models.CharField(_("号牌种类"), max_length=2, choices=PLATE_TYPE_CHOICES)
    prefix = models.CharField(_("号牌前缀"), max_length=2)
    dealer = models.ForeignKey(
        Organization,
        verbose_name=_("销售企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    compulsory_insurance_until = models.DateField(_("交强险有效期至"), null=True, blank=True)
    draws_used = models.PositiveSmallIntegerField(_("已用随机选号次数"), default=0)
    compose_attempts_used = models.PositiveSmallIntegerField(_("已用自编号码次数"), default=0)
    created_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("待登记新车")
        verbose_name_plural = _("待登记新车")

    def __str__(self) -> str:
        return self.vin


class Draw(models.Model):
    """One random draw of candidates for one vehicle: recomputable after the seed's reveal."""

    reference = models.UUIDField(_("抽取编号"), default=uuid.uuid4, unique=True, editable=False)
    new_vehicle = models.ForeignKey(
        NewVehicle, verbose_name=_("新车"), on_delete=models.PROTECT, related_name="draws"
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="draws"
    )
    attempt = models.PositiveSmallIntegerField(_("次序"))
    applicant_key = models.CharField(_("申请人标识"), max_length=64)
    candidates = models.JSONField(_("候选号码"))
    skipped = models.JSONField(_("已被占用而跳过"))
    drawn_at = models.DateTimeField(_("抽取时间"))
    pick_until = models.DateTimeField(_("选定截止"))

    class Meta:
        verbose_name = _("随机选号")
        verbose_name_plural = _("随机选号")
        constraints = [
            models.UniqueConstraint(fields=["new_vehicle", "attempt"], name="draw_attempt_once")
        ]

    def __str__(self) -> str:
        return str(self.reference)


class PlateHold(models.Model):
    """A pre-selected number held for one new vehicle (预选号牌)."""

    class Method(models.TextChoices):
        RANDOM = "random", _("随机选号")
        SELF_COMPOSED = "self_composed", _("自编号码")
        KEEP_PREVIOUS = "keep_previous", _("保留原号")

    class State(models.TextChoices):
        HELD = "held", _("保留中")
        LAPSED = "lapsed", _("已过期，待下批次放回")
        RELEASED = "released", _("已放回号池")
        REGISTERED = "registered", _("已登记")

    #: States in which the number is nobody else's.
    OCCUPYING = (State.HELD, State.LAPSED, State.REGISTERED)

    new_vehicle = models.ForeignKey(
        NewVehicle, verbose_name=_("新车"), on_delete=models.PROTECT, related_name="holds"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("所有人"), on_delete=models.PROTECT, related_name="plate_holds"
    )
    # Empty for a kept previous number, which comes from no segment or batch.
    segment = models.ForeignKey(
        NumberSegment,
        verbose_name=_("号段"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holds",
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holds",
    )
    draw = models.ForeignKey(
        Draw, verbose_name=_("随机选号"), null=True, blank=True, on_delete=models.PROTECT
    )
    plate_type = models.CharField(_("号牌种类"), max_length=2, choices=PLATE_TYPE_CHOICES)
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    method = models.CharField(_("选号方式"), max_length=20, choices=Method.choices)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.HELD, db_index=True
    )
    held_at = models.DateTimeField(_("选定时间"))
    expires_on = models.DateField(_("保留至"))
    lapsed_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    released_at = models.DateTimeField(_("放回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预选号牌")
        verbose_name_plural = _("预选号牌")
        ordering = ["-held_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plate_type", "plate_number"],
                condition=Q(state__in=["held", "lapsed", "registered"]),
                name="number_held_once",
            ),
            models.UniqueConstraint(
                fields=["new_vehicle"], condition=Q(state="held"), name="one_hold_per_vehicle"
            ),
        ]
        indexes = [models.Index(fields=["segment", "state"])]

    def __str__(self) -> str:
        return self.plate_number


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


class PlateSwap(models.Model):
    """Two vehicles of one owner exchanged their numbers (登记规定 art. 20): one row per
    vehicle, so "at most once a year" is a look-up by vehicle."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    other_vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("对方机动车"), on_delete=models.PROTECT, related_name="+"
    )
    number_before = models.CharField(_("原号牌号码"), max_length=8)
    number_after = models.CharField(_("新号牌号码"), max_length=8)
    swapped_on = models.DateField(_("互换日期"))
    swapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("号牌互换")
        verbose_name_plural = _("号牌互换")
        indexes = [models.Index(fields=["vehicle", "-swapped_on"])]

    def __str__(self) -> str:
        return f"{self.number_before} → {self.number_after}"


class PlateRequest(models.Model):
    """A citizen's online application to keep a previous number (art. 44), to swap the
    numbers of two of their vehicles (art. 20), or to move a vehicle to their spouse with its
    number (art. 45). An officer approves or refuses it in the back office: the clearance of
    violations and accidents, the ownership history and the marriage certificate are checked
    by a person (the plates domain does not read violations, and the register keeps no
    ownership history). A spouse transfer first waits for the other spouse's consent.

    One pending request per vehicle: every writer locks the vehicle rows first, and the
    partial unique indexes below back that up for each column.
    """

    class Kind(models.TextChoices):
        KEEP_PREVIOUS = "keep_previous", _("保留原号牌号码")
        SWAP = "swap", _("同一所有人两车互换号牌")
        SPOUSE_TRANSFER = "spouse_transfer", _("夫妻间转移登记保留号牌")

    class State(models.TextChoices):
        AWAITING_SPOUSE = "awaiting_spouse", _("待配偶确认")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已办结")
        REFUSED = "refused", _("不予办理")
        WITHDRAWN = "withdrawn", _("已撤回")

    #: States in which the request still holds its vehicles.
    PENDING = (State.AWAITING_SPOUSE, State.SUBMITTED)

    reference = models.UUIDField(_("申请编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("业务类型"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="plate_requests"
    )
    # Keeping: the new vehicle that is to carry the previous number, and the stated facts.
    new_vehicle = models.ForeignKey(
        NewVehicle,
        verbose_name=_("新车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    previous_number = models.CharField(_("原号牌号码"), max_length=8, blank=True)
    used_since = models.DateField(_("原车开始使用该号牌日期"), null=True, blank=True)
    released_on = models.DateField(_("原号牌注销或转出日期"), null=True, blank=True)
    # Swapping: two registered vehicles; spouse transfer: the vehicle that moves.
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("另一辆机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    spouse = models.ForeignKey(
        Person,
        verbose_name=_("配偶"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plate_requests_as_spouse",
    )
    married_on = models.DateField(_("结婚登记日期"), null=True, blank=True)
    spouse_confirmed_at = models.DateTimeField(_("配偶确认时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)
    hold = models.ForeignKey(
        PlateHold,
        verbose_name=_("保留的号码"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("号牌业务申请")
        verbose_name_plural = _("号牌业务申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["new_vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_new_vehicle",
            ),
            models.UniqueConstraint(
                fields=["vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_vehicle",
            ),
            models.UniqueConstraint(
                fields=["other_vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_other_vehicle",
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.reference)


class PlateEvidence(models.Model):
    """A document uploaded with a request for the officer: for a spouse transfer, the
    marriage certificate (结婚证) that shows the marriage has lasted a year (art. 45). Kept in
    the database with its request; checked by content (Pillow must read a JPEG or PNG)."""

    class Kind(models.TextChoices):
        MARRIAGE_CERTIFICATE = "marriage_certificate", _("结婚证")

    request = models.ForeignKey(PlateRequest, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("材料类型"), max_length=30, choices=Kind.choices)
    content_type = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return f"{self.request_id}:{self.kind}"


class SpouseTransfer(models.Model):
    """A vehicle moved to the owner's spouse keeping its number (登记规定 art. 45), with what
    the officer recorded from the marriage certificate."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    from_person = models.ForeignKey(
        Person, verbose_name=_("原所有人"), on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        Person, verbose_name=_("现所有人（配偶）"), on_delete=models.PROTECT, related_name="+"
    )
    married_on = models.DateField(_("结婚登记日期"))
    certificate_number = models.CharField(_("结婚证字号"), max_length=40)
    transferred_on = models.DateField(_("转移登记日期"))
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.OneToOneField(
        PlateRequest,
        verbose_name=_("网上申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spouse_transfer",
    )

    class Meta:
        verbose_name = _("夫妻间转移登记")
        verbose_name_plural = _("夫妻间转移登记")

    def __str__(self) -> str:
        return f"{self.plate_number} {self.transferred_on}"
