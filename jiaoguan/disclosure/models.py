"""信息公开: this family's tables.

A publication run (``PublicationRun``) scans the register once for every list; each list's
state is a ``Dataset`` row (when it last changed, how many entries it has) and its entries
are ``Entry`` rows: the published fields as one JSON object, already masked by the scan
(nothing personal is ever read back out of the register at request time), with the day the
entry was first published and the day it stops being published.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationRun(models.Model):
    """One run of the disclosure scans (a day), with what each list found."""

    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        FINISHED = "finished", _("已完成")

    publication_date = models.DateField(_("公布日期"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    started_by = models.CharField(_("发起人"), max_length=150)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    counts = models.JSONField(_("各清单条目数"), default=dict)

    class Meta:
        verbose_name = _("公开运行记录")
        verbose_name_plural = _("公开运行记录")
        ordering = ["-started_at", "-id"]
        permissions = [("publish_lists", _("运行信息公开"))]

    def __str__(self) -> str:
        return f"{self.publication_date}"


class Dataset(models.Model):
    """The published state of one list (``disclosure.lists``): the open-data dataset."""

    code = models.CharField(_("清单代码"), max_length=40, unique=True)
    modified_at = models.DateTimeField(_("更新时间"))
    entry_count = models.PositiveIntegerField(_("条目数"), default=0)
    last_run = models.ForeignKey(
        PublicationRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("公开数据集")
        verbose_name_plural = _("公开数据集")

    def __str__(self) -> str:
        return self.code


class Entry(models.Model):
    """One published entry of a list: its fields (``data``, masked), its dates."""

    dataset = models.CharField(_("清单代码"), max_length=40)
    #: What the entry is about and which event, unique in its list (e.g. ``v:42:2026-01-31``);
    #: never an identity number or a name.
    subject_key = models.CharField(_("条目键"), max_length=80)
    data = models.JSONField(_("公开内容"))
    sort_key = models.CharField(_("排序键"), max_length=80, default="")
    published_on = models.DateField(_("公布日期"))
    expires_on = models.DateField(_("公开截止日期"))
    withdrawn_on = models.DateField(_("撤下日期"), null=True, blank=True)
    run = models.ForeignKey(PublicationRun, on_delete=models.PROTECT, related_name="entries")

    class Meta:
        verbose_name = _("公开条目")
        verbose_name_plural = _("公开条目")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "subject_key"], name="entry_once"),
        ]
        indexes = [
            models.Index(fields=["dataset", "sort_key", "id"], name="entry_listing"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.subject_key}"


class SocialImpactMark(models.Model):
    """A penalty decision an officer found to have "some social impact" (具有一定社会影响,
    行政处罚法 art. 48 ¶1), so it is published; it is withdrawn when the decision is revoked
    (art. 48 ¶2: within 3 days) or the mark is lifted."""

    decision = models.OneToOneField(
        "violations.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="social_impact_mark",
        verbose_name=_("处罚决定书"),
    )
    reason = models.CharField(_("认定理由"), max_length=200)
    marked_on = models.DateField(_("认定日期"))
    marked_by = models.CharField(_("认定人"), max_length=150)
    lifted_on = models.DateField(_("取消认定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("具有社会影响的处罚决定")
        verbose_name_plural = _("具有社会影响的处罚决定")

    def __str__(self) -> str:
        return f"{self.decision_id}"
