"""短信与语音服务: this family's tables.

No phone number is kept in clear: an inbound message or a call keeps the keyed hash of its
number (``core.crypto.blind_index``) and, once bound, a foreign key to the account.
A reply keeps its recipient, encrypted, only until it is sent (then the field is emptied).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.fields import EncryptedCharField
from jiaoguan.delivery.models import DeliveryFields


class HotlinePin(models.Model):
    """The query PIN a citizen set for SMS and voice (a keyed hash, ``secrets.pin_digest``),
    and the wrong tries of the current day (``failed_on``): past the daily limit queries
    pause until the next day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hotline_pin"
    )
    pin_hash = models.CharField(_("查询密码（散列）"), max_length=200, blank=True)
    failed_count = models.PositiveSmallIntegerField(_("当日错误次数"), default=0)
    failed_on = models.DateField(_("错误日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("查询密码")
        verbose_name_plural = _("查询密码")

    def __str__(self) -> str:
        return str(self.user_id)


class Contact(models.Model):
    """One inbound SMS or one voice call: who (hashed number, the account once bound), what
    was asked, how it was answered. The statistics officers see are counts of these rows."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        VOICE = "voice", _("语音")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("已答复")
        HELP = "help", _("答复帮助")
        NOT_BOUND = "not_bound", _("号码未绑定")
        SECRET_NEEDED = "secret_needed", _("需要密码")
        SECRET_WRONG = "secret_wrong", _("密码错误")
        LOCKED = "locked", _("错误次数过多")
        RATE_LIMITED = "rate_limited", _("超过频率")
        REFUSED = "refused", _("业务拒绝")
        TRANSFERRED = "transferred", _("转人工")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    number_hash = models.CharField(_("号码散列"), max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_contacts",
    )
    command = models.CharField(_("指令"), max_length=20, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    received_at = models.DateTimeField(_("接收时间"), db_index=True)
    provider_reference = models.CharField(_("运营商消息号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("短信与来电记录")
        verbose_name_plural = _("短信与来电记录")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_reference"],
                name="hotline_contact_reference_once",
                condition=~models.Q(provider_reference=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.command} {self.outcome}"


class Reply(DeliveryFields):
    """The answer SMS to an inbound message, sent by the delivery engine (kind
    ``hotline.reply``, ``hotline.deliveries``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="reply")
    recipient = EncryptedCharField(_("接收号码（发送后清除）"), max_length=20, blank=True)
    body = models.TextField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    provider_reference = models.CharField(_("运营商参考号"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    receipt_status = models.CharField(_("送达回执"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("答复短信")
        verbose_name_plural = _("答复短信")
        indexes = [
            models.Index(fields=["status", "not_before"], name="hotline_reply_due"),
            # Delivery receipts find their reply by it (``inbound.receipts_record``).
            models.Index(fields=["provider_reference"], name="hotline_reply_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {self.status}"


class WordingVersion(models.Model):
    """The SMS command words and voice prompts in force from ``created_at``: each officer edit
    is a new version (``hotline.wording``), kept whole; the highest ``number`` is current.
    With no version the product defaults apply (``rules.grammar``, ``rules.voice``)."""

    number = models.PositiveIntegerField(_("版本"), unique=True)
    words = models.JSONField(_("指令词"))  # normalised word → command
    prompts = models.JSONField(_("语音提示"))  # prompt key → text
    note = models.CharField(_("修改说明"), max_length=200)
    created_at = models.DateTimeField(_("发布时间"))
    created_by = models.ForeignKey(  # None: a system job
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("指令词与语音提示版本")
        verbose_name_plural = _("指令词与语音提示版本")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"
