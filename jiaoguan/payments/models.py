"""Payment orders, the acquirers' callbacks, refunds and reconciliation runs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.money import Money
from jiaoguan.identity.models import Person


class PaymentOrder(models.Model):
    """One attempt to collect an amount for (purpose, reference), e.g. a penalty decision's
    fine. At most one order of a (purpose, reference) is open and at most one is credited
    (paid); a second payment for the same reference is kept as a duplicate and refunded."""

    class Status(models.TextChoices):
        OPEN = "open", _("待支付")
        PAID = "paid", _("已支付")
        CLOSED = "closed", _("已关闭")
        DUPLICATE = "duplicate", _("重复支付，退款中")
        REFUNDED = "refunded", _("已退款")

    number = models.CharField(_("订单号"), max_length=32, unique=True)
    purpose = models.CharField(_("用途"), max_length=50)
    reference = models.CharField(_("业务编号"), max_length=64)
    amount_fen = models.PositiveBigIntegerField(_("金额（分）"))
    subject = models.CharField(_("订单标题"), max_length=128)
    payer_person = models.ForeignKey(
        Person,
        verbose_name=_("缴款人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_orders",
    )
    provider = models.CharField(_("支付渠道"), max_length=20)
    # The province the money is collected for (a fine: where the violation happened), given
    # by the caller; "" for a national fee. The number names an order between nodes
    # (docs/adr/0011-province-nodes.md).
    province_code = models.CharField(
        _("收款省份代码"), max_length=2, blank=True, default="", db_index=True
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default="open")
    provider_reference = models.CharField(
        _("渠道交易号"), max_length=64, null=True, blank=True, unique=True
    )
    return_url = models.CharField(_("返回地址"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("缴款订单")
        verbose_name_plural = _("缴款订单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "reference"],
                condition=Q(status="paid"),
                name="payments_one_credited_order_per_reference",
            ),
            models.UniqueConstraint(
                fields=["purpose", "reference"],
                condition=Q(status="open"),
                name="payments_one_open_order_per_reference",
            ),
            models.CheckConstraint(
                name="payments_order_amount_positive", condition=Q(amount_fen__gt=0)
            ),
            models.CheckConstraint(
                name="payments_money_taken_has_provider_reference",
                condition=Q(status__in=["open", "closed"]) | Q(provider_reference__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["purpose", "reference"], name="payments_order_reference"),
            models.Index(fields=["payer_person", "-created_at"], name="payments_order_payer"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount(self) -> Money:
        return Money(self.amount_fen)


class PaymentCallback(models.Model):
    """Every asynchronous notification received, with what was done with it; forgeries and
    other refusals stay here as ``rejected``."""

    class Outcome(models.TextChoices):
        CREDITED = "credited", _("入账")
        REPEATED = "repeated", _("重复通知，已处理过")
        DUPLICATE_PAYMENT = "duplicate_payment", _("重复支付，转退款")
        NOTED = "noted", _("状态通知，无需入账")
        REJECTED = "rejected", _("拒绝")
        FAILED = "failed", _("处理失败，待重发")

    provider = models.CharField(_("支付渠道"), max_length=20)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("原因"), max_length=40, blank=True)
    order = models.ForeignKey(
        PaymentOrder,
        verbose_name=_("订单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    order_number = models.CharField(_("订单号"), max_length=64, blank=True)
    provider_reference = models.CharField(_("渠道交易号"), max_length=64, blank=True)
    notify_id = models.CharField(_("通知编号"), max_length=64, blank=True)
    trade_status = models.CharField(_("交易状态"), max_length=32, blank=True)
    amount_fen = models.BigIntegerField(_("通知金额（分）"), null=True, blank=True)
    params = models.JSONField(_("通知内容"), default=dict)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("支付通知")
        verbose_name_plural = _("支付通知")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["outcome", "-received_at"], name="payments_cb_outcome")]

    def __str__(self) -> str:
        return f"{self.provider} {self.order_number} {self.outcome}"


class Refund(models.Model):
    """Money given back through the acquirer: a duplicate payment, or a payment on an order
    that was already closed. ``number`` is the acquirer's idempotency key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("退款中")
        SUCCEEDED = "succeeded", _("已退款")
        FAILED = "failed", _("退款失败")

    order = models.OneToOneField(
        PaymentOrder, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="refund"
    )
    number = models.CharField(_("退款请求号"), max_length=40, unique=True)
    amount_fen = models.PositiveBigIntegerField(_("退款金额（分）"))
    reason = models.CharField(_("退款原因"), max_length=40)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default="pending")
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款")
        verbose_name_plural = _("退款")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class ReconciliationRun(models.Model):
    """One comparison of an acquirer's daily statement with our orders and refunds."""

    class Status(models.TextChoices):
        FINISHED = "finished", _("完成")
        FAILED = "failed", _("失败")

    provider = models.CharField(_("支付渠道"), max_length=20)
    day = models.DateField(_("对账日期"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    started_at = models.DateTimeField(_("开始时间"))
    started_by = models.CharField(_("发起人"), max_length=150)
    statement_lines = models.PositiveIntegerField(_("对账单笔数"), default=0)
    matched = models.PositiveIntegerField(_("一致笔数"), default=0)
    differences_count = models.PositiveIntegerField(_("差异笔数"), default=0)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("对账记录")
        verbose_name_plural = _("对账记录")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.day}"


class ReconciliationDifference(models.Model):
    class Kind(models.TextChoices):
        MISSING_HERE = "missing_here", _("渠道有记录，本平台无")
        MISSING_THERE = "missing_there", _("本平台有记录，渠道无")
        AMOUNT = "amount", _("金额不一致")
        ORDER = "order", _("订单号不一致")

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="differences")
    kind = models.CharField(_("差异类型"), max_length=20, choices=Kind.choices)
    entry = models.CharField(_("款项"), max_length=10)  # payment or refund
    order_number = models.CharField(_("订单号"), max_length=64, blank=True)
    provider_reference = models.CharField(_("渠道交易号或退款请求号"), max_length=64, blank=True)
    ours_fen = models.BigIntegerField(_("本平台金额（分）"), null=True, blank=True)
    theirs_fen = models.BigIntegerField(_("渠道金额（分）"), null=True, blank=True)

    class Meta:
        verbose_name = _("对账差异")
        verbose_name_plural = _("对账差异")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_number}"
