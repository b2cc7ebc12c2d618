"""Keeping and swapping numbers, and moving a vehicle to a spouse (DOMAIN.md §6.3): the
counter's records and the citizens' online requests."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Person

from .selection import NewVehicle, PlateHold


class PlateSwap(models.Model):
    """Two vehicles of one owner exchanged their numbers (登记规定 art. 20): one row per
    vehicle, so "at most once a year" is a look-up by vehicle."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    other_vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("对方机动车"), on_delete=models.PROTECT, related_name="+"
    )
    number_before = models.CharField(_("原号牌号码"), max_length=8)
    number_after = models.CharField(_("新号牌号码"), max_length=8)
    swapped_on = models.DateField(_("互换日期"))
    swapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("号牌互换")
        verbose_name_plural = _("号牌互换")
        indexes = [models.Index(fields=["vehicle", "-swapped_on"])]

    def __str__(self) -> str:
        return f"{self.number_before} → {self.number_after}"


class PlateRequest(models.Model):
    """A citizen's online application to keep a previous number (art. 44), to swap the
    numbers of two of their vehicles (art. 20), or to move a vehicle to their spouse with its
    number (art. 45). An officer approves or refuses it in the back office: the clearance of
    violations and accidents, the ownership history and the marriage certificate are checked
    by a person (the plates domain does not read violations, and the register keeps no
    ownership history). A spouse transfer first waits for the other spouse's consent.

    Each request is a case of the workflow (``applications``: tables
    ``plates.keep_previous``, ``plates.swap``, ``plates.spouse_transfer``), which decides
    every change of state and logs it. ``state`` is the case's state, copied in the same
    transaction by ``plates.services.requests`` (the only writer) so that the database
    can keep one pending request per vehicle: every writer locks the vehicle rows first,
    and the partial unique indexes below back that up for each column (an index cannot
    reach the case's table).
    """

    class Kind(models.TextChoices):
        KEEP_PREVIOUS = "keep_previous", _("保留原号牌号码")
        SWAP = "swap", _("同一所有人两车互换号牌")
        SPOUSE_TRANSFER = "spouse_transfer", _("夫妻间转移登记保留号牌")

    class State(models.TextChoices):
        AWAITING_SPOUSE = "awaiting_spouse", _("待配偶确认")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已办结")
        REFUSED = "refused", _("不予办理")
        WITHDRAWN = "withdrawn", _("已撤回")

    #: States in which the request still holds its vehicles.
    PENDING = (State.AWAITING_SPOUSE, State.SUBMITTED)

    reference = models.UUIDField(_("申请编号"), default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(
        "applications.Case",
        verbose_name=_("业务申请"),
        on_delete=models.PROTECT,
        related_name="plate_request",
    )
    kind = models.CharField(_("业务类型"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="plate_requests"
    )
    # Keeping: the new vehicle that is to carry the previous number, and the stated facts.
    new_vehicle = models.ForeignKey(
        NewVehicle,
        verbose_name=_("新车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    previous_number = models.CharField(_("原号牌号码"), max_length=8, blank=True)
    used_since = models.DateField(_("原车开始使用该号牌日期"), null=True, blank=True)
    released_on = models.DateField(_("原号牌注销或转出日期"), null=True, blank=True)
    # Swapping: two registered vehicles; spouse transfer: the vehicle that moves.
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("另一辆机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    spouse = models.ForeignKey(
        Person,
        verbose_name=_("配偶"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plate_requests_as_spouse",
    )
    married_on = models.DateField(_("结婚登记日期"), null=True, blank=True)
    spouse_confirmed_at = models.DateTimeField(_("配偶确认时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)
    hold = models.ForeignKey(
        PlateHold,
        verbose_name=_("保留的号码"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("号牌业务申请")
        verbose_name_plural = _("号牌业务申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["new_vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_new_vehicle",
            ),
            models.UniqueConstraint(
                fields=["vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_vehicle",
            ),
            models.UniqueConstraint(
                fields=["other_vehicle"],
                condition=Q(state__in=["awaiting_spouse", "submitted"]),
                name="plate_request_pending_once_other_vehicle",
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.reference)


class PlateEvidence(models.Model):
    """A document uploaded with a request for the officer: for a spouse transfer, the
    marriage certificate (结婚证) that shows the marriage has lasted a year (art. 45). Kept in
    the database with its request; checked by content (Pillow must read a JPEG or PNG)."""

    class Kind(models.TextChoices):
        MARRIAGE_CERTIFICATE = "marriage_certificate", _("结婚证")

    request = models.ForeignKey(PlateRequest, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("材料类型"), max_length=30, choices=Kind.choices)
    content_type = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return f"{self.request_id}:{self.kind}"


class SpouseTransfer(models.Model):
    """A vehicle moved to the owner's spouse keeping its number (登记规定 art. 45), with what
    the officer recorded from the marriage certificate."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle", verbose_name=_("机动车"), on_delete=models.PROTECT, related_name="+"
    )
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    from_person = models.ForeignKey(
        Person, verbose_name=_("原所有人"), on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        Person, verbose_name=_("现所有人（配偶）"), on_delete=models.PROTECT, related_name="+"
    )
    married_on = models.DateField(_("结婚登记日期"))
    certificate_number = models.CharField(_("结婚证字号"), max_length=40)
    transferred_on = models.DateField(_("转移登记日期"))
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理民警"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.OneToOneField(
        PlateRequest,
        verbose_name=_("网上申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spouse_transfer",
    )

    class Meta:
        verbose_name = _("夫妻间转移登记")
        verbose_name_plural = _("夫妻间转移登记")

    def __str__(self) -> str:
        return f"{self.plate_number} {self.transferred_on}"
