from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A message the embedded gateways "sent": kept in the database so the demo can show it."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        PUSH = "push", _("App 推送")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("接收方"), max_length=64, db_index=True)
    body = models.TextField(_("内容"))
    reference = models.CharField(_("发送方参考号"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发件箱消息")
        verbose_name_plural = _("发件箱消息")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}"
