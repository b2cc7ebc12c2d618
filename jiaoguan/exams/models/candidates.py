"""Applications, learner permits, location changes, preference lists, allocation results,
bookings and attempts (the demand for seats and what came of it)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from jiaoguan.exams.models.planning import BookingWindow, ExamSession, ExamSubject
from jiaoguan.exams.rules import LOCATION_CHANGE_LIMIT
from jiaoguan.exams.rules import ApplicationBasis as RuleBasis
from jiaoguan.exams.rules import LapseReason as RuleLapseReason
from jiaoguan.exams.rules import Outcome as RuleOutcome
from jiaoguan.identity.models import Organization, Person, User


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
    # The province examining the applicant: exam_region_code's first two digits (it follows a
    # change of exam location, art. 39; docs/adr/0011-province-nodes.md).
    province_code = models.GeneratedField(
        expression=Left("exam_region_code", 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("考试地省份代码"),
    )
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
