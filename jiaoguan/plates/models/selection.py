"""Segments, batches, selection parameters, new vehicles, draws and pre-selection holds."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.ids import province_code_of_plate
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
    # The issuing province, from the prefix's abbreviation ("苏A" → "32"), set when saved
    # (docs/adr/0011-province-nodes.md).
    province_code = models.CharField(
        _("省份代码"), max_length=2, blank=True, default="", editable=False
    )
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

    def save(self, *args, **kwargs) -> None:
        if not self.province_code:
            self.province_code = province_code_of_plate(self.prefix)
        super().save(*args, **kwargs)

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

    # Set by ``selectors.new_vehicles_of_person``: its held number, if any (not a column).
    held: "PlateHold | None"

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
