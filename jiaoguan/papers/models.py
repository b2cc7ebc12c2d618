"""证件业务: this family's tables.

The fee schedule (工本费, reference data with effective dates) and the online papers
applications (each a case of the workflow). The postal gateway's tables follow at the end
of this module.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.papers import rules


class FeeRate(models.Model):
    """One amount of one fee item (工本费) in force from ``effective_from`` to
    ``effective_until`` (both included; empty: still in force). Loaded with the national
    amounts of DOMAIN.md §14.4 (migration 0002); an operator edits them in the admin when
    the price authority changes a standard: end the old row and add a new one, never
    change an amount in place, so past orders keep the rate they were charged at.
    ``uncertain`` marks the amounts DOMAIN could not confirm (non-reflective motorcycle
    plates, the inspection mark)."""

    item = models.CharField(
        _("收费项目"),
        max_length=40,
        choices=[(item.value, _(label)) for item, label in rules.FEE_ITEM_LABELS.items()],
    )
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("计费单位"), max_length=4)
    effective_from = models.DateField(_("起始日期"))
    effective_until = models.DateField(_("截止日期"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    uncertain = models.BooleanField(_("待核实"), default=False)

    class Meta:
        verbose_name = _("工本费标准")
        verbose_name_plural = _("工本费标准")
        ordering = ["item", "effective_from"]
        constraints = [
            models.CheckConstraint(
                name="papers_fee_amount_not_negative", condition=Q(amount__gte=0)
            ),
            models.CheckConstraint(
                name="papers_fee_period_ordered",
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
            ),
            models.UniqueConstraint(
                fields=["item", "effective_from"], name="papers_fee_one_rate_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.amount} ({self.effective_from})"

    def as_rule(self) -> rules.FeeRate:
        from jiaoguan.core.money import Money

        return rules.FeeRate(
            item=rules.FeeItem(self.item),
            amount=Money.from_yuan(self.amount),
            unit=self.unit,
            effective_from=self.effective_from,
            effective_until=self.effective_until,
            basis=self.basis,
            uncertain=self.uncertain,
        )

    def clean(self) -> None:
        """Refuse a period that overlaps another rate of the same item (a day has one fee)."""
        others = FeeRate.objects.filter(item=self.item).exclude(pk=self.pk)
        try:
            rules.schedule_check([self.as_rule(), *(other.as_rule() for other in others)])
        except ValueError:
            raise ValidationError(_("同一收费项目的执行期间不能重叠。")) from None


class PaperApplication(models.Model):
    """An online papers application (DOMAIN.md §14.5): which service, for which document,
    how it is fulfilled, its fee and its payment order. Each is a case of the workflow
    (``applications``, table ``papers.<service>``), which decides every change of state
    and logs it; ``state`` is the case's state, copied in the same transaction by
    ``papers.services`` (the only writer), so that the database keeps at most one open
    application per document: ``document_key`` names the document (``driving_license:
    <licence id>``, ``plates:<vehicle id>``, ``vehicle_license:<vehicle id>``) and a partial
    unique index covers the open states."""

    class Fulfilment(models.TextChoices):
        POST = "post", _("寄递到家")
        PICKUP = "pickup", _("网点自取")

    #: The states of an application still being handled (the table's open stages).
    OPEN_STATES = ("submitted", "reviewed", "produced", "dispatched")

    reference = models.UUIDField(_("申请编号"), unique=True, editable=False)
    case = models.OneToOneField(
        "applications.Case",
        verbose_name=_("业务申请"),
        on_delete=models.PROTECT,
        related_name="paper_application",
    )
    service = models.CharField(
        _("业务类型"),
        max_length=40,
        choices=[(rule.service.value, _(rule.label)) for rule in rules.SERVICES],
    )
    state = models.CharField(_("状态"), max_length=30)
    document_key = models.CharField(_("证件"), max_length=60)
    person = models.ForeignKey(
        "identity.Person",
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="paper_applications",
    )
    driving_license = models.ForeignKey(
        "drivers.DrivingLicense",
        verbose_name=_("驾驶证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    temporary_plate = models.BooleanField(_("申领临时行驶车号牌"), default=False)
    temporary_plate_number = models.CharField(_("临时行驶车号牌号码"), max_length=10, blank=True)
    fulfilment = models.CharField(_("领取方式"), max_length=10, choices=Fulfilment.choices)
    address = models.CharField(_("寄递地址"), max_length=200, blank=True)
    pickup_point = models.CharField(_("自取网点"), max_length=100, blank=True)
    fee_fen = models.PositiveIntegerField(_("工本费（分）"))
    payment_order_number = models.CharField(_("缴款订单号"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.CharField(_("不予办理理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("证件网上申请")
        verbose_name_plural = _("证件网上申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_key"],
                condition=Q(state__in=["submitted", "reviewed", "produced", "dispatched"]),
                name="papers_application_open_once_per_document",
            ),
        ]
        indexes = [models.Index(fields=["person", "-submitted_at"])]

    def __str__(self) -> str:
        return str(self.reference)
