"""出行信息: road events (DOMAIN §20) as officers publish them, and the feeds' version."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from jiaoguan.travel import rules


def validate_geometry(value) -> None:
    if rules.geometry_refusal(value) is not None:
        raise ValidationError(_("位置应为一个点、一条线或一个区域（GeoJSON，经度、纬度）。"))


class RoadEvent(models.Model):
    """One road event (路况事件): a closure, works, an accident, congestion, a weather warning
    or an accident black spot, at a point, along a line or over an area.

    ``public_id`` is the event's identity in every feed and never changes; ``version`` grows
    by one at each publication or update, so feeds can tell an update from a new event."""

    class Kind(models.TextChoices):
        CLOSURE = "closure", _("道路封闭")
        WORKS = "works", _("道路施工")
        ACCIDENT = "accident", _("交通事故")
        CONGESTION = "congestion", _("交通拥堵")
        WEATHER = "weather", _("恶劣天气")
        BLACK_SPOT = "black_spot", _("事故多发路段")

    class Severity(models.TextChoices):
        MINOR = "minor", _("轻微")
        MODERATE = "moderate", _("一般")
        SEVERE = "severe", _("严重")
        EXTREME = "extreme", _("特别严重")

    class Status(models.TextChoices):
        DRAFT = rules.EventStatus.DRAFT.value, _("草稿")
        PUBLISHED = rules.EventStatus.PUBLISHED.value, _("已发布")
        WITHDRAWN = rules.EventStatus.WITHDRAWN.value, _("已撤销")

    class Direction(models.TextChoices):
        BOTH = "both", _("双向")
        NORTHBOUND = "northbound", _("北向")
        SOUTHBOUND = "southbound", _("南向")
        EASTBOUND = "eastbound", _("东向")
        WESTBOUND = "westbound", _("西向")
        UNKNOWN = "unknown", _("未知")

    public_id = models.UUIDField(_("事件编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("事件类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    geometry = models.JSONField(
        _("位置"), validators=[validate_geometry], help_text=_("GeoJSON：点、线或区域")
    )
    region_code = models.CharField(_("所在地区划代码"), max_length=6)
    # The province (docs/adr/0011-province-nodes.md): region_code's first two digits.
    province_code = models.GeneratedField(
        expression=Left("region_code", 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
    )
    road_name = models.CharField(_("道路名称"), max_length=100)
    direction = models.CharField(
        _("方向"), max_length=12, choices=Direction.choices, default=Direction.BOTH
    )
    lanes_total = models.PositiveSmallIntegerField(_("车道总数"), null=True, blank=True)
    lanes_affected = models.PositiveSmallIntegerField(_("受影响车道数"), default=0)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.MODERATE
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(
        _("结束时间"), null=True, blank=True, help_text=_("留空为另行通知")
    )
    emergency = models.BooleanField(
        _("紧急情况"), default=False, help_text=_("紧急情况下封闭道路可不提前五日公告")
    )
    visibility_m = models.PositiveIntegerField(_("能见度（米）"), null=True, blank=True)
    speed_limit_kmh = models.PositiveSmallIntegerField(
        _("限速（公里/小时）"), null=True, blank=True
    )
    minimum_gap_m = models.PositiveSmallIntegerField(_("跟车距离（米）"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=0)
    source = models.CharField(_("来源"), max_length=40, default="officer")
    source_reference = models.CharField(_("来源编号"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    # When each published version was sent (ISO 8601, index 0 = version 1): what a CAP Update
    # or Cancel names in its references.
    versions_sent = models.JSONField(_("各版本发布时间"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("路况事件")
        verbose_name_plural = _("路况事件")
        ordering = ["starts_at", "pk"]
        permissions = [("publish_roadevent", _("发布、更新和撤销路况事件"))]
        indexes = [models.Index(fields=["status", "ends_at"], name="travel_event_current")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_reference"],
                condition=~Q(source_reference=""),
                name="travel_event_source_reference_unique",
            ),
            models.CheckConstraint(
                name="travel_event_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.road_name} {self.title}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
