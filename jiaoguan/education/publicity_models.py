"""Safety publicity (交通安全宣传, issue 16 scope 7): warnings (weather, closures, black spots),
education articles and accident cases that officers publish for everyone to read. Each edit
is kept whole as a version, by whom and when (as the service guides are); a withdrawn item
is no longer shown but stays, with its versions. An item aimed at a region or at licence
classes is pushed, once, to each driver it concerns (``SafetyPush``).

Imported by ``education.models`` (the app's models module) at its end.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SafetyItem(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", _("安全预警")
        ARTICLE = "article", _("安全教育")
        CASE = "case", _("事故案例")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    body = models.TextField(_("正文"), help_text=_("每段一行"))
    region_code = models.CharField(
        _("适用地区划代码"), max_length=6, blank=True, help_text=_("留空为全国")
    )
    license_classes = models.CharField(
        _("适用准驾车型"),
        max_length=60,
        blank=True,
        help_text=_("如 A1,A2,B2；留空为全部车型"),
    )
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("截止日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(_("发布时间"))
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("交通安全宣传")
        verbose_name_plural = _("交通安全宣传")
        permissions = [("publish_safety", _("发布交通安全宣传"))]
        indexes = [models.Index(fields=["kind", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="education_safety_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class SafetyPush(models.Model):
    """An item pushed to one driver it concerns (its region, a class on the license): at most
    once per item and driver, whatever the edits and re-publications (the unique key); the
    notice of it is about this row (``NoticeSubject.SAFETY_PUSH``)."""

    item = models.ForeignKey(SafetyItem, on_delete=models.PROTECT, related_name="pushes")
    person = models.ForeignKey("identity.Person", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    pushed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("item", "person"), name="education_safety_push_once")
        ]
        indexes = [models.Index(fields=["item", "pushed_at"])]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.person_id}"


class SafetyItemVersion(models.Model):
    """A published edit: the whole item as it was published, by whom, when."""

    item = models.ForeignKey(SafetyItem, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ("item", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("item", "version"), name="education_safety_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"
