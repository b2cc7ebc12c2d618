from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.fields import KeyedHashField


class AuditEvent(models.Model):
    """One thing that happened, by whom, to what, and why. Rows are never changed or deleted.

    ``person_index`` names the person whose record the event concerns by the keyed hash of
    their identity number, so a citizen can see every officer read of their own data
    (ARCHITECTURE rule 8) while the log holds no identity number; ``person_masked`` is what
    a reader of the log sees of it.
    """

    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    subject_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    subject_id = models.CharField(_("对象"), max_length=64, blank=True)
    person_index = KeyedHashField(_("涉及人员（身份号码摘要）"), purpose="id_number", blank=True)
    person_masked = models.CharField(_("涉及人员身份号码"), max_length=18, blank=True)
    purpose = models.CharField(_("事由"), max_length=200, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person_index", "-occurred_at"], name="audit_person_recent"),
            # A record's own trail (``audit_trail_of``): the history pages read it.
            models.Index(fields=["subject_type", "subject_id", "id"], name="audit_subject_trail"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
