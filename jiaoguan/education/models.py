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

from jiaoguan.drivers.models import DrivingLicense
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

    OPEN = (Status.STUDYING, Status.STUDIED)

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


class StudyHeartbeat(AppendOnly):
    """One report of the study page. ``received_at`` is the server's clock; ``client_at`` is
    kept for the record only (no rule reads it)."""

    application = models.ForeignKey(
        ReductionApplication, on_delete=models.PROTECT, related_name="heartbeats"
    )
    tab = models.CharField(_("页面标识"), max_length=64)
    visible = models.BooleanField(_("页面可见"))
    received_at = models.DateTimeField(_("服务器接收时间"))
    client_at = models.DateTimeField(_("客户端时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习心跳")
        verbose_name_plural = _("学习心跳")
        indexes = [models.Index(fields=["application", "received_at"])]

    def __str__(self) -> str:
        return f"{self.tab}@{self.received_at:%H:%M:%S}"


class FaceCheck(AppendOnly):
    """One face comparison against the photo the authority holds (DOMAIN §16.4). The photo
    itself is never stored: only its SHA-256, the result and the provider's reference."""

    class Stage(models.TextChoices):
        START = "start", _("开始学习前")
        RANDOM = "random", _("学习中随机抽查")

    application = models.ForeignKey(
        ReductionApplication, on_delete=models.PROTECT, related_name="face_checks"
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
        indexes = [models.Index(fields=["application", "checked_at"])]

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


class PointsReduction(models.Model):
    """A point removed by study. One row per point: ``ordinal`` 1..6 is unique per license
    and cycle (the 6-point cap), and an online application removes one point, once (two tabs
    finishing the same test at once write one row)."""

    application = models.OneToOneField(
        ReductionApplication, on_delete=models.PROTECT, related_name="reduction"
    )
    license = models.ForeignKey(DrivingLicense, on_delete=models.PROTECT, related_name="+")
    cycle_index = models.PositiveSmallIntegerField(_("记分周期序号"))
    ordinal = models.PositiveSmallIntegerField(_("本周期第几分"))
    points = models.PositiveSmallIntegerField(_("减免记分"), default=1)
    reduced_at = models.DateTimeField(_("减分时间"))

    class Meta:
        verbose_name = _("学法减分记录")
        verbose_name_plural = _("学法减分记录")
        constraints = [
            models.UniqueConstraint(
                fields=["license", "cycle_index", "ordinal"], name="education_reduction_slot"
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1, ordinal__lte=MAX_REDUCTION_PER_CYCLE),
                name="education_reduction_at_most_6",
            ),
            models.CheckConstraint(condition=Q(points=1), name="education_reduction_one_point"),
        ]

    def __str__(self) -> str:
        return f"{self.license_id}/{self.cycle_index}/{self.ordinal}"
