"""Notices (告知提示): kinds and templates (reference data), notices, messages, scan runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.families import NoticeSubject
from jiaoguan.delivery.models import DeliveryFields
from jiaoguan.identity.models import Person

# What a notice is about: declared with the kinds by the families (ADR 0010).
Subject = NoticeSubject


class NoticeKind(models.Model):
    """One kind of notice (reference data): which channels it may use and whether it is on.

    ``code`` is a ``notices.rules.NoticeKindCode``; the scans know only enabled kinds.
    """

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    subject = models.CharField(_("对象"), max_length=10, choices=Subject.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    sms = models.BooleanField(_("可发短信"), default=True)
    push = models.BooleanField(_("可发推送"), default=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("告知类型")
        verbose_name_plural = _("告知类型")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class NoticeTemplate(models.Model):
    """The words of a kind in one language (reference data).

    ``title``, ``reason`` and ``action`` may use ``{subject}``, ``{date}`` and ``{amount}``;
    ``link`` is the path where the action is done.
    """

    class Language(models.TextChoices):
        CHINESE = "zh-hans", "简体中文"
        ENGLISH = "en", "English"

    kind = models.ForeignKey(NoticeKind, on_delete=models.CASCADE, related_name="templates")
    language = models.CharField(_("语言"), max_length=10, choices=Language.choices)
    title = models.CharField(_("标题"), max_length=100)
    reason = models.TextField(_("原因"))
    action = models.TextField(_("需办理"))
    link = models.CharField(_("办理链接"), max_length=200)

    class Meta:
        verbose_name = _("告知模板")
        verbose_name_plural = _("告知模板")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="template_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.kind.code} ({self.language})"


class ScanRun(models.Model):
    """One run of the daily scans for a date: when, by whom, what it found."""

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        FINISHED = "finished", _("已完成")
        FAILED = "failed", _("失败")

    scan_date = models.DateField(_("扫描日期"), db_index=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_by = models.CharField(_("发起人"), max_length=150, default="system")
    counts = models.JSONField(_("各类新增告知"), default=dict, blank=True)
    notices_created = models.PositiveIntegerField(_("新增告知"), default=0)
    messages_created = models.PositiveIntegerField(_("新增消息"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("扫描记录")
        verbose_name_plural = _("扫描记录")
        ordering = ["-started_at", "-id"]
        permissions = [("run_scan", _("运行告知扫描"))]

    def __str__(self) -> str:
        return f"{self.scan_date} ({self.status})"


class ScanAnchor(models.Model):
    """A date a rule computed for one distinct anchor date during a run (e.g. the scoring
    cycle's first day for a first-issue date), so the scan can join on it in SQL."""

    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="anchors")
    rule = models.CharField(max_length=40)
    anchor = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True)
    due_on = models.DateField(null=True)
    limit_on = models.DateField(null=True)
    since_on = models.DateField(null=True)
    flag = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "rule", "anchor"], name="anchor_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.anchor} → {self.starts_on}"


class Notice(models.Model):
    """One notice to a person: one per kind, subject and event (the unique key), shown in
    the web inbox. ``event_on`` is the date that identifies the event (a due date, an
    expiry, a cycle's first day)."""

    kind = models.ForeignKey(NoticeKind, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    subject_id = models.BigIntegerField(_("对象编号"))
    subject_label = models.CharField(_("对象"), max_length=40, blank=True)
    event_on = models.DateField(_("事件日期"))
    amount = models.IntegerField(_("数值"), null=True, blank=True)
    scan_run = models.ForeignKey(
        ScanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    created_at = models.DateTimeField(_("生成时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("告知")
        verbose_name_plural = _("告知")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id", "event_on"], name="notice_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["person", "-created_at"]),
            models.Index(fields=["scan_run"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind_id}:{self.subject_id}:{self.event_on}"


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    PUSH = "push", _("App 推送")


class NoticeMessage(DeliveryFields):
    """A notice on one outbound channel, with its delivery state (delivery kind
    ``notices.message``, ``notices.deliveries``).

    queued → sending (claimed by a worker) → sent (provider accepted) → delivered (receipt);
    failed when the provider refuses for good or the attempts run out; skipped when the
    recipient has no address on that channel.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("失败")
        SKIPPED = "skipped", _("未发送")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    provider_reference = models.CharField(
        _("服务商参考号"), max_length=64, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("告知消息")
        verbose_name_plural = _("告知消息")
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="message_once_per_channel")
        ]
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self) -> str:
        return f"{self.channel}:{self.notice_id} ({self.status})"


class NoticePreference(models.Model):
    """How a person wants notices: SMS and push on or off, and the language."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notice_preference"
    )
    sms_enabled = models.BooleanField(_("短信提醒"), default=True)
    push_enabled = models.BooleanField(_("App 推送"), default=True)
    language = models.CharField(
        _("语言"),
        max_length=10,
        choices=NoticeTemplate.Language.choices,
        default=NoticeTemplate.Language.CHINESE,
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("告知偏好")
        verbose_name_plural = _("告知偏好")

    def __str__(self) -> str:
        return str(self.person_id)


class DeliveryReceipt(models.Model):
    """A delivery receipt from a provider, stored once (unique reference and status)."""

    provider_reference = models.CharField(_("服务商参考号"), max_length=64)
    status = models.CharField(_("回执状态"), max_length=20)
    received_at = models.DateTimeField(_("接收时间"))
    matched = models.BooleanField(_("已匹配消息"), default=False)

    class Meta:
        verbose_name = _("送达回执")
        verbose_name_plural = _("送达回执")
        constraints = [
            models.UniqueConstraint(fields=["provider_reference", "status"], name="receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider_reference} {self.status}"


class PushDevice(models.Model):
    """An installation of the citizen app that registered its push token with an account.

    A token identifies one installation, so it is unique: registered again under another
    account (someone else logged in on that phone), it moves there. Disabled when the app
    unregisters it (log-out) or the push provider reports it no longer known (stale).
    """

    class Platform(models.TextChoices):
        ANDROID = "android", "Android"
        IOS = "ios", "iOS"
        HARMONY = "harmony", "HarmonyOS"

    class DisabledReason(models.TextChoices):
        UNREGISTERED = "unregistered", _("已注销")
        STALE = "stale", _("推送服务商报告失效")
        REPLACED = "replaced", _("设备过多，已替换")

    account = models.ForeignKey(
        "identity.User", on_delete=models.CASCADE, related_name="push_devices"
    )
    token = models.CharField(_("推送令牌"), max_length=255, unique=True)
    platform = models.CharField(_("平台"), max_length=10, choices=Platform.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    registered_at = models.DateTimeField(_("注册时间"))
    disabled_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    disabled_reason = models.CharField(
        _("停用原因"), max_length=20, choices=DisabledReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("推送设备")
        verbose_name_plural = _("推送设备")
        indexes = [models.Index(fields=["account", "enabled"])]
        ordering = ["-registered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.platform}:{self.token[:8]}…"
