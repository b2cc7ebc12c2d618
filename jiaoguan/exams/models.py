"""Driving tests: venues, plans, sessions, booking windows, preferences, allocation, results.

The scarce thing is a seat in a session. Seats are handed out only by the allocation at a
window's close (``services.window_close``), never first come; a cancelled seat is offered again
in the next window that includes its session.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams.rules import LOCATION_CHANGE_LIMIT, venue_may_examine
from jiaoguan.exams.rules import ApplicationBasis as RuleBasis
from jiaoguan.exams.rules import ExamSubject as RuleSubject
from jiaoguan.exams.rules import LapseReason as RuleLapseReason
from jiaoguan.exams.rules import Outcome as RuleOutcome
from jiaoguan.identity.models import Organization, Person, User


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
    subject = models.CharField(_("考试科目"), max_length=20, choices=ExamSubject.choices)
    opens_at = models.DateTimeField(_("开始受理"))
    closes_at = models.DateTimeField(_("截止受理"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    sessions = models.ManyToManyField(
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
        permissions = [("plan_exams", _("编排考试计划和预约批次（开启、截止、分配）"))]
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


class LicenseApplication(models.Model):
    """An application for a driving license (学员), by the person or through a driving school."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("办理中")
        LICENSED = "licensed", _("已领证")
        VOID = "void", _("已失效")

    class Basis(models.TextChoices):
        ORDINARY = RuleBasis.ORDINARY.value, _("初次申领或增加准驾车型")
        MILITARY_LICENSE = RuleBasis.MILITARY_LICENSE.value, _("持军队、武装警察部队机动车驾驶证")
        FOREIGN_LICENSE = RuleBasis.FOREIGN_LICENSE.value, _("持境外机动车驾驶证")

    class VoidReason(models.TextChoices):
        PERMIT_EXPIRED = (
            RuleLapseReason.PERMIT_EXPIRED.value,
            _("学习驾驶证明有效期内未完成科目二和科目三考试，已考试合格的科目成绩作废"),
        )
        DEADLINE_PASSED = (
            RuleLapseReason.DEADLINE_PASSED.value,
            _("自受理之日起三年内未完成考试，已考试合格的科目成绩作废"),
        )
        FIFTH_FAILURE = (
            RuleLapseReason.FIFTH_FAILURE.value,
            _("第五次预约考试仍不合格，已考试合格的其他科目成绩作废"),
        )

    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="license_applications"
    )
    license_class = models.CharField(_("申请准驾车型"), max_length=2)
    held_classes = models.CharField(_("已有准驾车型"), max_length=40, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"))
    driving_school = models.ForeignKey(
        Organization,
        verbose_name=_("驾校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="license_applications",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    basis = models.CharField(
        _("申请依据"), max_length=20, choices=Basis.choices, default=Basis.ORDINARY
    )
    # The city (地级 code, e.g. 320100) whose venues examine the applicant (art. 39).
    exam_region_code = models.CharField(_("考试地区划代码"), max_length=6)
    voided_on = models.DateField(_("失效日期"), null=True, blank=True)
    void_reason = models.CharField(
        _("失效原因"), max_length=20, choices=VoidReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("驾驶证申请")
        verbose_name_plural = _("驾驶证申请")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_application"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class LearnerPermit(models.Model):
    """The learner permit (学习驾驶证明), issued after 科目一; valid 3 years (art. 41)."""

    application = models.OneToOneField(
        LicenseApplication, on_delete=models.PROTECT, related_name="permit"
    )
    issued_on = models.DateField(_("签发日期"))
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("学习驾驶证明")
        verbose_name_plural = _("学习驾驶证明")

    def __str__(self) -> str:
        return f"{self.application.number}"


class ExamLocationChange(models.Model):
    """One change of an application's exam location (art. 39): at most 3, numbered from 1,
    held by the unique (application, sequence) and the check on the sequence."""

    application = models.ForeignKey(
        LicenseApplication, on_delete=models.PROTECT, related_name="location_changes"
    )
    sequence = models.PositiveSmallIntegerField(_("变更次序"))
    from_region_code = models.CharField(_("原考试地"), max_length=6)
    to_region_code = models.CharField(_("新考试地"), max_length=6)
    residence_address = models.CharField(_("现居住地址"), max_length=200)
    changed_at = models.DateTimeField(_("变更时间"))

    class Meta:
        verbose_name = _("考试地变更")
        verbose_name_plural = _("考试地变更")
        ordering = ["application", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "sequence"], name="location_change_sequence_once"
            ),
            models.CheckConstraint(
                name="location_changes_at_most_3",
                condition=Q(sequence__gte=1) & Q(sequence__lte=LOCATION_CHANGE_LIMIT),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.sequence}"


class PreferenceList(models.Model):
    """One applicant's ranked preferences in one window.

    ``session_ids`` is the ranked list (best first) kept in one row, so a change replaces it
    atomically and the close reads one row per applicant. The submission time is kept for the
    record only: the allocation never reads it.
    """

    window = models.ForeignKey(BookingWindow, on_delete=models.PROTECT, related_name="preferences")
    application = models.ForeignKey(
        LicenseApplication, on_delete=models.PROTECT, related_name="preference_lists"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    anonymised_id = models.CharField(_("匿名编号"), max_length=16)
    sort_time = models.DateTimeField(_("排序时间"))
    is_first_time = models.BooleanField(_("首次预约"))
    session_ids = models.JSONField(_("志愿场次"), default=list)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("首次提交时间"))
    changed_at = models.DateTimeField(_("最后修改时间"))

    class Meta:
        verbose_name = _("场次志愿")
        verbose_name_plural = _("场次志愿")
        constraints = [
            models.UniqueConstraint(fields=["window", "application"], name="one_list_per_window"),
            models.UniqueConstraint(
                fields=["window", "anonymised_id"], name="anonymised_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["window", "sort_time"])]

    def __str__(self) -> str:
        return self.anonymised_id


class AllocationResult(models.Model):
    """One applicant's outcome of a window's allocation, with the reason.

    Written only by the close, in the transaction that reads the rows it refers to, and never
    changed afterwards; its references are therefore kept without database foreign-key
    checks, which would cost a row lock per reference (millions at a national close). See
    docs/adr/0003-exams-allocation.md.
    """

    class Reason(models.TextChoices):
        FIRST_CHOICE = "first_choice", _("已安排第一志愿场次")
        LOWER_CHOICE = "lower_choice", _("排名靠前的申请人已约满更优先的志愿场次，已安排较后志愿")
        ALL_FULL = "all_full", _("所选场次均已被排名靠前的申请人约满，未安排")
        NO_PREFERENCE = "no_preference", _("未选择场次")

    # Indexed through the (window, rank) constraint.
    window = models.ForeignKey(
        BookingWindow,
        on_delete=models.DO_NOTHING,
        related_name="results",
        db_constraint=False,
        db_index=False,
    )
    preference_list = models.OneToOneField(
        PreferenceList, on_delete=models.DO_NOTHING, related_name="result", db_constraint=False
    )
    rank = models.PositiveIntegerField(_("排名"))
    tiebreak = models.CharField(_("同序随机值"), max_length=16)
    session = models.ForeignKey(
        ExamSession,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    choice = models.PositiveSmallIntegerField(_("志愿序号"), default=0)
    reason = models.CharField(_("结果说明"), max_length=20, choices=Reason.choices)

    class Meta:
        verbose_name = _("分配结果")
        verbose_name_plural = _("分配结果")
        constraints = [
            models.UniqueConstraint(fields=["window", "rank"], name="rank_once_per_window"),
        ]

    def __str__(self) -> str:
        return f"{self.window_id}#{self.rank}"


class AllocationPublication(models.Model):
    """The published canonical input and result of a window's allocation (byte for byte)."""

    window = models.OneToOneField(
        BookingWindow, on_delete=models.PROTECT, related_name="publication"
    )
    input_data = models.BinaryField()
    result_data = models.BinaryField()

    class Meta:
        verbose_name = _("分配公示")
        verbose_name_plural = _("分配公示")

    def __str__(self) -> str:
        return str(self.window_id)


class ExamBooking(models.Model):
    """A seat in a session held by an application (考试预约)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        CLOSED = "closed", _("已考试")

    class Outcome(models.TextChoices):
        PENDING = RuleOutcome.PENDING.value, _("待考")
        PASSED = RuleOutcome.PASSED.value, _("合格")
        FAILED = RuleOutcome.FAILED.value, _("不合格")
        NO_SHOW = RuleOutcome.NO_SHOW.value, _("缺考")
        CANCELLED = RuleOutcome.CANCELLED.value, _("已取消")

    application = models.ForeignKey(
        LicenseApplication, on_delete=models.PROTECT, related_name="bookings"
    )
    # Indexed through the (session, status) index.
    session = models.ForeignKey(
        ExamSession, on_delete=models.PROTECT, related_name="bookings", db_index=False
    )
    subject = models.CharField(_("考试科目"), max_length=20, choices=ExamSubject.choices)
    exam_on = models.DateField(_("考试日期"))
    window = models.ForeignKey(
        BookingWindow, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    outcome = models.CharField(
        _("考试结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(_("预约时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考试预约")
        verbose_name_plural = _("考试预约")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "subject"],
                condition=Q(status="booked"),
                name="one_open_booking_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.subject} {self.exam_on}"


class ExamAttempt(models.Model):
    """One attempt of a booking: the first, or the retake (补考). ``passed`` is None when the
    candidate was absent (a no-show counts as a failure, art. 46)."""

    booking = models.ForeignKey(ExamBooking, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("考试次序"))
    passed = models.BooleanField(_("合格"), null=True)
    score = models.PositiveSmallIntegerField(_("成绩"), null=True, blank=True)
    taken_at = models.DateTimeField(_("考试时间"))
    reported_by = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        constraints = [
            models.UniqueConstraint(fields=["booking", "number"], name="attempt_number_once"),
            models.CheckConstraint(name="attempt_and_retake", condition=Q(number__in=[1, 2])),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}#{self.number}"

    @property
    def is_retake(self) -> bool:
        return self.number == 2
