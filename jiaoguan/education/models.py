"""安全教育: this family's tables.

Points reduction by study (学法减分, DOMAIN §4.4, §16.3): an application per license and cycle,
the study heartbeats (append-only, stamped by the server), the face checks (only the result and
a hash of the photo are ever stored), the test attempts with their questions drawn from a
versioned bank, and the reductions written through the drivers' points ledger.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules import reduction as reduction_table
from jiaoguan.drivers.models import DrivingLicense
from jiaoguan.exams.models import ExamSession
from jiaoguan.identity.models import Person

#: At most 6 points reduced per cycle (163号 art. 25): one ``PointsReduction`` row per point,
#: numbered 1..6 per license and cycle, so the database itself refuses a seventh.
MAX_REDUCTION_PER_CYCLE = 6


class AppendOnly(models.Model):
    """Rows that are written once: an update or a delete is refused in Python (the services
    never do either; the audit trail relies on it)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only")


class QuestionBank(models.Model):
    """One version of the points-reduction question bank (题库). Papers draw from the active
    version; an attempt keeps the questions it drew, so a new version changes no past paper."""

    version = models.CharField(_("题库版本"), max_length=20, unique=True)
    title = models.CharField(_("题库名称"), max_length=100)
    active = models.BooleanField(_("启用"), default=False)
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="education_one_active_bank"
            )
        ]

    def __str__(self) -> str:
        return self.version


class Question(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveSmallIntegerField(_("题号"))
    text = models.TextField(_("题目"))
    choices = models.JSONField(_("选项"))
    answer = models.PositiveSmallIntegerField(_("正确选项"), help_text=_("从 0 开始的选项序号"))
    explanation = models.TextField(_("解析"), blank=True)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="education_question_once")
        ]
        ordering = ["bank", "number"]

    def __str__(self) -> str:
        return f"{self.bank_id}-{self.number}"


class ReductionApplication(models.Model):
    """An application for online points reduction (1 point, §4.4): study, then the test."""

    class Status(models.TextChoices):
        STUDYING = "studying", _("学习中")
        STUDIED = "studied", _("学习已完成，待考试")
        REDUCED = "reduced", _("已减分")
        FAILED = "failed", _("考试未通过")
        EXPIRED = "expired", _("已过期")
        VOID = "void", _("已作废")
        REVOKED = "revoked", _("减分已撤销")

    OPEN = reduction_table.OPEN

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    license = models.ForeignKey(
        DrivingLicense, on_delete=models.PROTECT, related_name="reduction_applications"
    )
    cycle_index = models.PositiveSmallIntegerField(_("记分周期序号"))
    cycle_points = models.PositiveSmallIntegerField(_("申请时累积记分"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.STUDYING
    )
    applied_at = models.DateTimeField(_("申请时间"))
    study_ends_at = models.DateTimeField(_("学习截止时间"))
    study_completed_at = models.DateTimeField(_("学习完成时间"), null=True, blank=True)
    test_deadline = models.DateField(_("考试截止日期"), null=True, blank=True)
    next_face_check_at = models.DateTimeField(_("下次人脸核验时间"), null=True, blank=True)
    # The running total of the study, brought up to date by each heartbeat under the row lock
    # (``rules.study_tally``); the heartbeats stay the record it can be rebuilt from.
    study_tally = models.JSONField(default=dict, blank=True, editable=False)
    void_reason = models.CharField(_("作废原因"), max_length=40, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学法减分申请")
        verbose_name_plural = _("学法减分申请")
        constraints = [
            models.UniqueConstraint(
                fields=["license"],
                condition=Q(status__in=["studying", "studied"]),
                name="education_one_open_reduction",
            )
        ]
        indexes = [models.Index(fields=["license", "cycle_index"])]

    def __str__(self) -> str:
        return f"{self.license_id}/{self.cycle_index}"


#: The states of the education tables in which a course is still being done (a test holds
#: them to the tables' open states).
COURSE_OPEN_STATES = [
    "notified",
    "studying",
    "study_complete",
    "exam_booked",
    "passed",
    "reviewing",
]


class StudyCourse(models.Model):
    """A full-score education (满分教育, DOMAIN §4.3, §16.1) or a review education (审验教育,
    §16.2) of one license: what is owed, fixed when it opens, and the workflow case whose
    table (``applications.rules.education``) says where it stands. ``state`` is a copy of the
    case's state written with it (the partial unique index needs it on this row)."""

    class Kind(models.TextChoices):
        FULL_SCORE = "full_score", _("满分学习")
        REVIEW = "review", _("审验教育")

    OPEN = COURSE_OPEN_STATES

    kind = models.CharField(_("教育类型"), max_length=12, choices=Kind.choices)
    case = models.OneToOneField(
        "applications.Case", on_delete=models.PROTECT, related_name="education_course"
    )
    state = models.CharField(_("状态"), max_length=20)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    license = models.ForeignKey(
        DrivingLicense, on_delete=models.PROTECT, related_name="education_courses"
    )
    cycle_index = models.PositiveSmallIntegerField(_("记分周期序号"))
    ordinal = models.PositiveSmallIntegerField(_("本周期第几次"), default=1)
    points = models.PositiveSmallIntegerField(_("累积记分"), default=0)
    study_days = models.PositiveSmallIntegerField(_("学习天数"), default=0)
    min_attended_days = models.PositiveSmallIntegerField(_("现场和网络学习最少天数"), default=0)
    min_onsite_days = models.PositiveSmallIntegerField(_("现场学习最少天数"), default=0)
    max_online_days = models.PositiveSmallIntegerField(_("网络学习最多计入天数"), default=0)
    required_minutes = models.PositiveIntegerField(_("审验教育学习分钟数"), default=0)
    exam_subjects = models.JSONField(_("考试科目"), default=list)
    license_classes = models.JSONField(_("准驾车型"), default=list)
    notice_on = models.DateField(_("通知日期"))
    attend_by = models.DateField(_("参加学习期限"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始时间"))
    #: Study counts from here: the opening, or the last revocation (art. 31: records void).
    counts_from = models.DateTimeField(_("学习记录起算时间"))
    first_study_on = models.DateField(_("首次学习日期"), null=True, blank=True)
    study_completed_at = models.DateTimeField(_("学习完成时间"), null=True, blank=True)
    next_face_check_at = models.DateTimeField(_("下次人脸核验时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("满分和审验教育")
        verbose_name_plural = _("满分和审验教育")
        permissions = [
            ("record_onsite_study", _("登记现场学习")),
            ("revoke_study", _("撤销弄虚作假的学习记录")),
            ("record_full_score_exam", _("登记满分学习考试成绩")),
            ("review_education", _("审核审验教育结果")),
            ("lapse_full_score", _("公告逾期未参加满分学习的驾驶证停止使用")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["license", "kind"],
                condition=Q(state__in=COURSE_OPEN_STATES),
                name="education_one_open_course",
            ),
            models.UniqueConstraint(
                fields=["license", "kind", "cycle_index", "ordinal"], name="education_course_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.license_id}/{self.cycle_index}#{self.ordinal}"


def _one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(application__isnull=False, course__isnull=True)
        | Q(application__isnull=True, course__isnull=False),
        name=name,
    )


class StudyHeartbeat(AppendOnly):
    """One report of the study page, for a points-reduction application or a full-score or
    review course. ``received_at`` is the server's clock; ``client_at`` is kept for the record
    only (no rule reads it)."""

    application = models.ForeignKey(
        ReductionApplication,
        on_delete=models.PROTECT,
        related_name="heartbeats",
        null=True,
        blank=True,
    )
    course = models.ForeignKey(
        StudyCourse, on_delete=models.PROTECT, related_name="heartbeats", null=True, blank=True
    )
    tab = models.CharField(_("页面标识"), max_length=64)
    visible = models.BooleanField(_("页面可见"))
    received_at = models.DateTimeField(_("服务器接收时间"))
    client_at = models.DateTimeField(_("客户端时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习心跳")
        verbose_name_plural = _("学习心跳")
        indexes = [
            models.Index(fields=["application", "received_at"]),
            models.Index(fields=["course", "received_at"]),
        ]
        constraints = [_one_owner("education_heartbeat_one_owner")]

    def __str__(self) -> str:
        return f"{self.tab}@{self.received_at:%H:%M:%S}"


class FaceCheck(AppendOnly):
    """One face comparison against the photo the authority holds (DOMAIN §16.4). The photo
    itself is never stored: only its SHA-256, the result and the provider's reference."""

    class Stage(models.TextChoices):
        START = "start", _("开始学习前")
        RANDOM = "random", _("学习中随机抽查")

    application = models.ForeignKey(
        ReductionApplication,
        on_delete=models.PROTECT,
        related_name="face_checks",
        null=True,
        blank=True,
    )
    course = models.ForeignKey(
        StudyCourse, on_delete=models.PROTECT, related_name="face_checks", null=True, blank=True
    )
    stage = models.CharField(_("核验环节"), max_length=10, choices=Stage.choices)
    matched = models.BooleanField(_("比对通过"))
    score = models.FloatField(_("相似度"), null=True, blank=True)
    photo_sha256 = models.CharField(_("照片摘要"), max_length=64)
    provider = models.CharField(_("核验服务"), max_length=40)
    reference = models.CharField(_("核验流水号"), max_length=64, blank=True)
    checked_at = models.DateTimeField(_("核验时间"))

    class Meta:
        verbose_name = _("人脸核验")
        verbose_name_plural = _("人脸核验")
        indexes = [
            models.Index(fields=["application", "checked_at"]),
            models.Index(fields=["course", "checked_at"]),
        ]
        constraints = [_one_owner("education_face_check_one_owner")]

    def __str__(self) -> str:
        return f"{self.stage}:{self.matched}"


class TestAttempt(models.Model):
    """One sitting of the 20-question test; at most the first and 2 retakes."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("考试中")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    application = models.ForeignKey(
        ReductionApplication, on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("第几次考试"))
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("结果"), max_length=12, choices=State.choices, default=State.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("答对"), default=0)
    wrong = models.PositiveSmallIntegerField(_("答错或超时"), default=0)

    class Meta:
        verbose_name = _("减分考试")
        verbose_name_plural = _("减分考试")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="education_attempt_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3), name="education_attempt_at_most_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.number}"


class AttemptQuestion(models.Model):
    """A question of one attempt, with the server's times of showing and answering it."""

    attempt = models.ForeignKey(TestAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("序号"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    shown_at = models.DateTimeField(_("出题时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("作答时间"), null=True, blank=True)
    chosen = models.PositiveSmallIntegerField(_("所选选项"), null=True, blank=True)
    correct = models.BooleanField(_("正确且未超时"), null=True, blank=True)

    class Meta:
        verbose_name = _("考试题目")
        verbose_name_plural = _("考试题目")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="education_position_once")
        ]
        ordering = ["attempt", "position"]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"


class OnsiteStudy(models.Model):
    """On-site study (现场学习) recorded by the officer at the service point: one row per
    course and day. A full-score day counts after more than 3 continuous hours (163号 art.
    19); review education adds the minutes to the 3 hours. Revoked rows (art. 31, 162号 art.
    100) stay, with who revoked them and why."""

    course = models.ForeignKey(StudyCourse, on_delete=models.PROTECT, related_name="onsite")
    day = models.DateField(_("学习日期"))
    minutes = models.PositiveSmallIntegerField(_("连续学习分钟数"))
    region_code = models.CharField(_("学习地区划代码"), max_length=6)
    place = models.CharField(_("学习地点"), max_length=100)
    recorded_by = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("现场学习记录")
        verbose_name_plural = _("现场学习记录")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "day"],
                condition=Q(revoked_at__isnull=True),
                name="education_onsite_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="education_onsite_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}@{self.day}"


class FullScoreExam(models.Model):
    """One exam of a full-score education, booked in a session of the exams family at a venue
    of the place where the study was done (163号 art. 20), and its result."""

    class Result(models.TextChoices):
        BOOKED = "booked", _("已预约")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")
        CANCELLED = "cancelled", _("已取消")
        VOID = "void", _("已作废")

    course = models.ForeignKey(StudyCourse, on_delete=models.PROTECT, related_name="exams")
    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("考试科目"), max_length=20)
    exam_on = models.DateField(_("考试日期"))
    booked_at = models.DateTimeField(_("预约时间"))
    result = models.CharField(
        _("考试结果"), max_length=10, choices=Result.choices, default=Result.BOOKED
    )
    score = models.PositiveSmallIntegerField(_("成绩"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("成绩登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("满分学习考试")
        verbose_name_plural = _("满分学习考试")
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=Q(result="booked"), name="education_one_open_exam"
            )
        ]
        indexes = [models.Index(fields=["session", "result"])]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.subject}@{self.exam_on}"


class FullScoreClearance(models.Model):
    """The points of a full-score education cleared (163号 art. 23): one row per course, so
    two tabs or an officer and the driver clearing at once clear once."""

    course = models.OneToOneField(StudyCourse, on_delete=models.PROTECT, related_name="clearance")
    cleared_at = models.DateTimeField(_("清除时间"))
    points_cleared = models.PositiveSmallIntegerField(_("清除记分"))
    license_returned = models.BooleanField(_("驾驶证已发还"))

    class Meta:
        verbose_name = _("满分记分清除")
        verbose_name_plural = _("满分记分清除")

    def __str__(self) -> str:
        return f"{self.course_id}"


class EducationParameterSet(models.Model):
    """Values of education that DOMAIN marks uncertain or local, in force from a date
    (reference data, DOMAIN §12-§13); without a row the defaults named here apply."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    theory_pass_mark = models.PositiveSmallIntegerField(
        _("满分学习科目一合格分数"), default=90, help_text=_("记分办法未规定，默认按科目一 90 分。")
    )

    class Meta:
        verbose_name = _("教育参数")
        verbose_name_plural = _("教育参数")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theory_pass_mark__gte=1, theory_pass_mark__lte=100),
                name="education_pass_mark_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.effective_from)


# Points reductions and public-welfare activities live in their own module (this one's size);
# imported here so that the app's models are all found.
from jiaoguan.education.publicity_models import (  # noqa: E402
    SafetyItem,
    SafetyItemVersion,
    SafetyPush,
)
from jiaoguan.education.reduction_models import PointsReduction, WelfareActivity  # noqa: E402

__all__ = ["PointsReduction", "SafetyItem", "SafetyItemVersion", "SafetyPush", "WelfareActivity"]
