from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.fields import EncryptedCharField, KeyedHashField
from jiaoguan.delivery.models import DeliveryFields


class OutboxMessage(models.Model):
    """A message the embedded gateways "sent": kept in the database so the demo can show it."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        PUSH = "push", _("App 推送")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    # A phone number or a device token: encrypted, found by its keyed hash (ADR 0014).
    recipient = EncryptedCharField(_("接收方"), max_length=64, index="recipient_index")
    recipient_index = KeyedHashField(purpose="recipient", db_index=True)
    body = models.TextField(_("内容"))
    reference = models.CharField(_("发送方参考号"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发件箱消息")
        verbose_name_plural = _("发件箱消息")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}"


class SandboxTrade(models.Model):
    """A trade at the built-in sandbox acquirer (the acquirer's side of a payment)."""

    class Status(models.TextChoices):
        WAITING = "WAIT_BUYER_PAY", _("等待付款")
        SUCCESS = "TRADE_SUCCESS", _("支付成功")
        CLOSED = "TRADE_CLOSED", _("交易关闭")

    out_trade_no = models.CharField(_("商户订单号"), max_length=64, unique=True)
    trade_no = models.CharField(
        _("收单机构交易号"), max_length=64, null=True, blank=True, unique=True
    )
    amount_fen = models.PositiveBigIntegerField(_("金额（分）"))
    subject = models.CharField(_("商品名称"), max_length=256)
    notify_url = models.CharField(_("通知地址"), max_length=500)
    return_url = models.CharField(_("返回地址"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    refunded_fen = models.PositiveBigIntegerField(_("已退款（分）"), default=0)
    created_at = models.DateTimeField(_("创建时间"))
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("沙箱交易")
        verbose_name_plural = _("沙箱交易")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.out_trade_no


class SandboxRefund(models.Model):
    """A refund the sandbox acquirer paid out; ``refund_number`` makes a repeat refund once."""

    trade = models.ForeignKey(SandboxTrade, on_delete=models.PROTECT, related_name="refunds")
    refund_number = models.CharField(_("退款请求号"), max_length=64, unique=True)
    amount_fen = models.PositiveBigIntegerField(_("退款金额（分）"))
    refunded_at = models.DateTimeField(_("退款时间"), db_index=True)

    class Meta:
        verbose_name = _("沙箱退款")
        verbose_name_plural = _("沙箱退款")

    def __str__(self) -> str:
        return self.refund_number


class SandboxNotification(DeliveryFields):
    """An asynchronous notification the sandbox acquirer owes the merchant: sent until the
    merchant answers ``success``, with growing pauses, at most ``max_attempts`` times
    (delivery kind ``gateways.sandbox_notification``, ``gateways.deliveries``).

    ``forgery`` is for tests: a notification that an attacker, not the acquirer, sends (bad
    signature, wrong amount, an order that does not exist)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待送达")
        SENDING = "sending", _("发送中")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        ABANDONED = "abandoned", _("已放弃")

    class Forgery(models.TextChoices):
        NONE = "", _("无")
        SIGNATURE = "signature", _("签名错误")
        AMOUNT = "amount", _("金额不符")
        UNKNOWN_ORDER = "unknown_order", _("订单不存在")

    trade = models.ForeignKey(SandboxTrade, on_delete=models.CASCADE, related_name="notifications")
    trade_status = models.CharField(_("交易状态"), max_length=20)
    forgery = models.CharField(
        _("伪造方式"), max_length=20, choices=Forgery.choices, default="", blank=True
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    max_attempts = models.PositiveIntegerField(_("最多发送次数"))
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("沙箱异步通知")
        verbose_name_plural = _("沙箱异步通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["not_before"],
                name="sandbox_notification_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trade_id} {self.trade_status}"


class SandboxParcel(models.Model):
    """A parcel booked with the sandbox courier (``gateways.postal.sandbox``): its waybill
    number (UPU S10, service ``EA``, country ``CN``), the booking's reference (a second
    booking of the same reference answers the same parcel), the label and the seed of its
    story."""

    waybill_number = models.CharField(_("运单号"), max_length=13, unique=True)
    reference = models.CharField(_("寄件方单号"), max_length=64, unique=True)
    callback_url = models.CharField(_("推送地址"), max_length=500, blank=True)
    origin_code = models.CharField(_("寄件地行政区划代码"), max_length=6)
    destination_code = models.CharField(_("收件地行政区划代码"), max_length=6)
    cash_on_delivery_fen = models.PositiveIntegerField(_("代收货款（分）"), default=0)
    label = models.JSONField(_("面单"), default=dict)
    seed = models.BigIntegerField(_("随机种子"))
    created_at = models.DateTimeField(_("揽件预约时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("沙箱快递包裹")
        verbose_name_plural = _("沙箱快递包裹")

    def __str__(self) -> str:
        return self.waybill_number


class SandboxCourierPush(DeliveryFields):
    """A tracking event the sandbox courier owes the shipper, pushed to the parcel's callback
    URL until answered ``success`` (delivery kind ``gateways.sandbox_courier_push``). The
    same event may be owed twice (a duplicate); ``forgery`` is for tests."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待推送")
        SENDING = "sending", _("推送中")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        ABANDONED = "abandoned", _("已放弃")

    parcel = models.ForeignKey(SandboxParcel, on_delete=models.CASCADE, related_name="pushes")
    event = models.JSONField(_("轨迹事件"))
    forgery = models.BooleanField(_("伪造签名"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    max_attempts = models.PositiveIntegerField(_("最多推送次数"), default=8)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("沙箱快递轨迹推送")
        verbose_name_plural = _("沙箱快递轨迹推送")
        indexes = [
            models.Index(
                fields=["not_before"],
                name="sandbox_courier_push_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcel_id} {self.event.get('event_id', '')}"


class SandboxInsurerClaim(models.Model):
    """A claim filed with the sandbox insurer (``gateways.insurer.sandbox``): our reference
    (a second filing of it answers the first), the insurer it was filed with, its claim
    number, where its callbacks go and the seed of its story."""

    reference = models.CharField(_("报案方单号"), max_length=64, unique=True)
    insurer_code = models.CharField(_("保险公司代码"), max_length=20)
    policy_number = models.CharField(_("保单号"), max_length=40)
    claim_number = models.CharField(_("报案号"), max_length=40, unique=True)
    callback_url = models.CharField(_("回调地址"), max_length=500, blank=True)
    seed = models.BigIntegerField(_("随机种子"))
    created_at = models.DateTimeField(_("报案时间"))

    class Meta:
        verbose_name = _("沙箱保险报案")
        verbose_name_plural = _("沙箱保险报案")

    def __str__(self) -> str:
        return self.claim_number


class SandboxInsurerCallback(DeliveryFields):
    """A callback the sandbox insurer owes the platform about a claim, POSTed to the claim's
    callback URL until answered 2xx (delivery kind ``gateways.sandbox_insurer_callback``).
    The same event may be owed twice (a duplicate); ``forgery`` is for tests."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待回调")
        SENDING = "sending", _("回调中")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        ABANDONED = "abandoned", _("已放弃")

    claim = models.ForeignKey(
        SandboxInsurerClaim, on_delete=models.CASCADE, related_name="callbacks"
    )
    event = models.JSONField(_("理赔事件"))
    forgery = models.BooleanField(_("伪造签名"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    max_attempts = models.PositiveIntegerField(_("最多回调次数"), default=8)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("沙箱保险回调")
        verbose_name_plural = _("沙箱保险回调")
        indexes = [
            models.Index(
                fields=["not_before"],
                name="sandbox_insurer_callback_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.event.get('event_id', '')}"
