"""Venues, plans, sessions and booking windows (the supply of seats)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams.rules import ExamSubject as RuleSubject
from jiaoguan.exams.rules import venue_may_examine


class ExamSubject(models.TextChoices):
    SUBJECT_1 = RuleSubject.SUBJECT_1.value, _("科目一")
    SUBJECT_2 = RuleSubject.SUBJECT_2.value, _("科目二")
    SUBJECT_3 = RuleSubject.SUBJECT_3.value, _("科目三")
    SAFE_DRIVING = RuleSubject.SAFE_DRIVING.value, _("安全文明驾驶常识")


class ExamParameterSet(models.Model):
    """Exam parameters of DOMAIN.md §13.7 in force from a date (reference data)."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    plan_publication_days = models.PositiveSmallIntegerField(_("考试计划提前公布天数"), default=10)
    results_publication_working_days = models.PositiveSmallIntegerField(
        _("排序结果提前公布工作日数"), default=3
    )
    knowledge_booking_limit = models.PositiveSmallIntegerField(
        _("科目一和安全文明预约次数上限"), null=True, blank=True, help_text=_("留空为不限")
    )
    same_day_retake = models.BooleanField(_("当日补考"), default=True)
    max_preferences = models.PositiveSmallIntegerField(_("可选场次志愿数"), default=5)

    class Meta:
        verbose_name = _("考试参数")
        verbose_name_plural = _("考试参数")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                name="plan_publication_at_least_10_days", condition=Q(plan_publication_days__gte=10)
            ),
            models.CheckConstraint(
                name="preferences_positive", condition=Q(max_preferences__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return str(self.effective_from)


class ExamVenue(models.Model):
    """An exam venue (考场)."""

    code = models.CharField(_("考场编号"), max_length=20, unique=True)
    name = models.CharField(_("考场名称"), max_length=100)
    region_code = models.CharField(_("所在地区划代码"), max_length=6)
    # The province (docs/adr/0011-province-nodes.md): region_code's first two digits.
    province_code = models.GeneratedField(
        expression=Left("region_code", 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("所在省份代码"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # Art. 2: a county-level venue runs no large-class 科目二 or 科目三.
    is_county_level = models.BooleanField(_("县级考场"), default=False)

    class Meta:
        verbose_name = _("考场")
        verbose_name_plural = _("考场")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ExamPlan(models.Model):
    """One venue's exam day (考试计划), published at least 10 days before it (art. 52)."""

    venue = models.ForeignKey(ExamVenue, on_delete=models.PROTECT, related_name="plans")
    exam_on = models.DateField(_("考试日期"))
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考试计划")
        verbose_name_plural = _("考试计划")
        ordering = ["exam_on", "venue__code"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "exam_on"], name="one_plan_per_venue_day"),
        ]

    def __str__(self) -> str:
        return f"{self.venue.code} {self.exam_on}"


class ExamSession(models.Model):
    """A session (场次) of one subject for one license class, with its seats."""

    plan = models.ForeignKey(ExamPlan, on_delete=models.PROTECT, related_name="sessions")
    code = models.CharField(_("场次编号"), max_length=40, unique=True)
    # The venue's province, copied when the session is saved: between nodes a session is
    # (province_code, code) (docs/adr/0011-province-nodes.md).
    province_code = models.CharField(
        _("所在省份代码"), max_length=2, blank=True, default="", editable=False
    )
    subject = models.CharField(_("考试科目"), max_length=20, choices=ExamSubject.choices)
    license_class = models.CharField(_("准驾车型"), max_length=2)
    starts_at = models.TimeField(_("开考时间"))
    capacity = models.PositiveIntegerField(_("考位数"))

    class Meta:
        verbose_name = _("考试场次")
        verbose_name_plural = _("考试场次")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        if not self.province_code:
            self.province_code = self.plan.venue.region_code[:2]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Art. 2 for sessions entered in the admin (``exam_session_add`` checks the same)."""
        plan = getattr(self, "plan", None)
        if (
            plan is not None
            and self.license_class in LicenseClass.__members__
            and self.subject in set(RuleSubject)
            and not venue_may_examine(
                county_level=plan.venue.is_county_level,
                license_class=LicenseClass(self.license_class),
                subject=RuleSubject(self.subject),
            )
        ):
            raise ValidationError(
                {"license_class": _("县级考场不能承担大型车辆的科目二和科目三考试。")}
            )


class BookingWindow(models.Model):
    """A booking window: preferences are collected while it is open and seats allocated at
    its close. The seed's SHA-256 is published at opening, the seed itself at close."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("未开始")
        OPEN = "open", _("受理中")
        ALLOCATED = "allocated", _("已分配")

    code = models.CharField(_("预约批次编号"), max_length=40, unique=True)
    # The province of its sessions (``window_create`` takes sessions of one province): between
    # nodes a window is (province_code, code) (docs/adr/0011-province-nodes.md).
    province_code = models.CharField(
        _("所在省份代码"), max_length=2, blank=True, default="", editable=False
    )
    subject = models.CharField(_("考试科目"), max_length=20, choices=ExamSubject.choices)
    opens_at = models.DateTimeField(_("开始受理"))
    closes_at = models.DateTimeField(_("截止受理"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    sessions: "models.ManyToManyField[ExamSession, WindowSession]" = models.ManyToManyField(
        ExamSession, through="WindowSession", related_name="windows", verbose_name=_("场次")
    )
    seed_sha256 = models.CharField(_("随机种子摘要"), max_length=64, blank=True)
    # Secret until the close; never shown before ``status`` is ALLOCATED.
    seed = models.CharField(_("随机种子"), max_length=64, blank=True, editable=False)
    input_sha256 = models.CharField(_("输入数据摘要"), max_length=64, blank=True)
    result_sha256 = models.CharField(_("分配结果摘要"), max_length=64, blank=True)
    allocated_at = models.DateTimeField(_("分配时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约批次")
        verbose_name_plural = _("预约批次")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                name="window_closes_after_opening", condition=Q(closes_at__gt=models.F("opens_at"))
            ),
        ]

    def __str__(self) -> str:
        return self.code


class WindowSession(models.Model):
    """A session offered in a window, with the seats offered: its capacity less the seats
    still booked from earlier windows (fixed at the close)."""

    window = models.ForeignKey(BookingWindow, on_delete=models.CASCADE)
    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT)
    seats_offered = models.PositiveIntegerField(_("本批次考位数"), null=True, blank=True)

    class Meta:
        verbose_name = _("批次场次")
        verbose_name_plural = _("批次场次")
        constraints = [
            models.UniqueConstraint(fields=["window", "session"], name="session_once_per_window"),
        ]

    def __str__(self) -> str:
        return f"{self.window_id}:{self.session_id}"
