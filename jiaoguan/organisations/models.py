"""单位用户 (DOMAIN §18.3): an organisation's account on the platform, opened at a counter by
an officer, its staff with roles, the API keys its administrators create, and the consent of
the drivers it employs to be seen in its fleet view.

The organisation itself (name, 统一社会信用代码, kind) is ``identity.Organization``, which the
vehicle register's owners and the partner keys already point at; the account adds what the
organisation does on the platform."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.delivery.models import DeliveryFields
from jiaoguan.identity.models import Office, Organization, PartnerKey, Person


class Account(models.Model):
    """An organisation's account (单位用户账户): who opened it, where, and its state."""

    class Status(models.TextChoices):
        OPEN = "open", _("正常")
        SUSPENDED = "suspended", _("已停用")

    class Origin(models.TextChoices):
        COUNTER = "counter", _("窗口开户")
        PARTNER = "partner", _("原合作单位接口密钥转入")

    organization = models.OneToOneField(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="account"
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(
        _("开户方式"), max_length=20, choices=Origin.choices, default=Origin.COUNTER
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("开户机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent_name = models.CharField(_("经办人姓名"), max_length=50, blank=True)
    opened_at = models.DateTimeField(_("开户时间"))

    class Meta:
        verbose_name = _("单位用户账户")
        verbose_name_plural = _("单位用户账户")
        permissions = [
            ("open_account", _("窗口开设单位用户账户")),
            ("view_fleet", _("查看本单位车辆和驾驶人")),
            ("view_staff", _("查看本单位用户")),
            ("manage_staff", _("增删本单位用户")),
            ("view_keys", _("查看本单位接口密钥")),
            ("manage_keys", _("创建和吊销本单位接口密钥")),
            ("request_consent", _("请求驾驶人授权")),
            ("handle_violations", _("处理本单位车辆的违法并缴纳罚款")),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Staff(models.Model):
    """One user of an organisation (单位用户的操作员) and their role."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("管理员")
        OPERATOR = "operator", _("经办员")
        VIEWER = "viewer", _("查看员")

    account = models.ForeignKey(
        Account, verbose_name=_("单位用户账户"), on_delete=models.PROTECT, related_name="staff"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        related_name="organisation_staff",
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("添加时间"))
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("单位操作员")
        verbose_name_plural = _("单位操作员")
        ordering = ["account", "added_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class KeyGrant(models.Model):
    """Who created one of an organisation's API keys (an ``identity.PartnerKey``), and why."""

    class Origin(models.TextChoices):
        ORGANISATION = "organisation", _("单位管理员创建")
        PARTNER = "partner", _("原合作单位接口密钥")

    account = models.ForeignKey(
        Account, verbose_name=_("单位用户账户"), on_delete=models.PROTECT, related_name="keys"
    )
    key = models.OneToOneField(
        PartnerKey, verbose_name=_("接口密钥"), on_delete=models.PROTECT, related_name="grant"
    )
    label = models.CharField(_("用途说明"), max_length=100, blank=True)
    origin = models.CharField(_("来源"), max_length=20, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("单位接口密钥")
        verbose_name_plural = _("单位接口密钥")

    def __str__(self) -> str:
        return self.label or str(self.key_id)


class DriverConsent(models.Model):
    """A driver's consent to be shown in an employer's fleet view (驾驶人授权).

    The organisation asks; the driver grants or refuses in their own portal, and may withdraw
    at any time. Only a granted consent shows the driver to the organisation."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待驾驶人确认")
        GRANTED = "granted", _("已授权")
        REFUSED = "refused", _("已拒绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    account = models.ForeignKey(
        Account, verbose_name=_("单位用户账户"), on_delete=models.PROTECT, related_name="consents"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("驾驶人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("请求时间"))
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("驾驶人授权")
        verbose_name_plural = _("驾驶人授权")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "person"],
                condition=Q(status__in=["requested", "granted"]),
                name="organisations_one_live_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.person_id}"


class UnitDecision(models.Model):
    """A penalty decision made when the organisation handled a camera record of its own
    vehicle as the party (单位处理): the decision is addressed to the unit, which pays the
    fine; the points went on the licence of the driver it named (the decision's person)."""

    decision = models.OneToOneField(
        "violations.PenaltyDecision",
        verbose_name=_("处罚决定书"),
        on_delete=models.PROTECT,
        related_name="unit_party",
    )
    account = models.ForeignKey(
        Account, verbose_name=_("被处罚单位"), on_delete=models.PROTECT, related_name="decisions"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"))

    class Meta:
        verbose_name = _("单位处罚决定")
        verbose_name_plural = _("单位处罚决定")

    def __str__(self) -> str:
        return str(self.decision_id)


class SafetyWeight(models.Model):
    """The weight of one kind of event in the safety score (reference data)."""

    kind = models.CharField(_("事件类型"), max_length=40, unique=True)
    label = models.CharField(_("名称"), max_length=60)
    weight = models.DecimalField(_("每件扣分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("安全评分权重")
        verbose_name_plural = _("安全评分权重")

    def __str__(self) -> str:
        return self.kind


class SafetyScore(models.Model):
    """An organisation's safety score as last rescored (daily), with each kind's count and
    weight (``contributions``: kind → [count, weight])."""

    account = models.OneToOneField(
        Account, verbose_name=_("单位用户账户"), on_delete=models.CASCADE, related_name="safety"
    )
    scored_on = models.DateField(_("评分日期"))
    score = models.DecimalField(_("安全评分"), max_digits=5, decimal_places=1)
    contributions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("安全评分")
        verbose_name_plural = _("安全评分")

    def __str__(self) -> str:
        return f"{self.account_id}:{self.score}"


class WebhookEndpoint(models.Model):
    """A URL of the organisation's own system that receives its reports, signed per the
    Standard Webhooks specification with this endpoint's secret (shown once)."""

    account = models.ForeignKey(
        Account, verbose_name=_("单位用户账户"), on_delete=models.PROTECT, related_name="webhooks"
    )
    url = models.URLField(_("接收地址"), max_length=500)
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("报告推送地址")
        verbose_name_plural = _("报告推送地址")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(DeliveryFields):
    """One report sent to one endpoint, by the delivery engine (kind
    ``organisations.webhook``); ``message_id`` is its ``webhook-id`` on every attempt."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待推送")
        SENDING = "sending", _("推送中")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("推送失败")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("报告推送地址"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    message_id = models.CharField(_("消息编号"), max_length=40, unique=True)
    event_type = models.CharField(_("报告类型"), max_length=60)
    event_key = models.CharField(max_length=100)
    body = models.TextField()
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("生成时间"))
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("报告推送")
        verbose_name_plural = _("报告推送")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="organisations_webhook_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="organisations_webhook_due")]

    def __str__(self) -> str:
        return self.message_id
