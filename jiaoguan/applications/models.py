"""A case: one business a citizen applied for, moving through the stages of its workflow
table (``applications.rules``), with the log of every transition.

The row is the truth of where the case stands and who works it. ``reference`` is the
stable identifier exchanged between province nodes and the national hub (never the integer
id); ``province_code`` and ``office_code`` say which office handles it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    reference = models.UUIDField(_("申请编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("业务类型"), max_length=40)
    state = models.CharField(_("状态"), max_length=30)
    applicant = models.ForeignKey(
        "identity.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="cases"
    )
    co_applicant = models.ForeignKey(
        "identity.Person",
        verbose_name=_("共同申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_co_applicant",
    )
    province_code = models.CharField(_("省级行政区划代码"), max_length=2)
    office_code = models.CharField(_("办理机关"), max_length=12)
    subject_label = models.CharField(_("办理对象"), max_length=60, blank=True)
    opened_at = models.DateTimeField(_("申请时间"))
    stage_entered_at = models.DateTimeField(_("进入当前环节时间"))
    stage_due_on = models.DateField(_("当前环节办理期限"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("领取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("业务申请")
        verbose_name_plural = _("业务申请")
        permissions = [("reassign_case", _("改派其他民警已领取的申请"))]
        indexes = [
            models.Index(fields=["office_code", "kind", "state", "stage_due_on"]),
            models.Index(fields=["applicant", "-opened_at"]),
            models.Index(fields=["assigned_to", "state"]),
        ]

    def __str__(self) -> str:
        return str(self.reference)


class CaseTransition(models.Model):
    """One step of a case: a transition of the table (``from_state`` → ``to_state``), or
    an assignment (``claim``, ``release``, ``reassign``: the state does not change). The
    opening is the first row, with an empty ``from_state``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("操作"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=150)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"))
    due_on = models.DateField(_("办理期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.action}"
