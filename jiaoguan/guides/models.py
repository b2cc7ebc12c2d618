"""办事指南: the service guides (DOMAIN §21.3), their published versions, the service points,
each office's four lists, and citizens' questions answered by officers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.guides.rules import TripCategory


class TripList(models.TextChoices):
    ZERO_TRIPS = TripCategory.ZERO_TRIPS.value, _("网上跑零次")
    NEAREST_ONCE = TripCategory.NEAREST_ONCE.value, _("最近跑一次")
    AT_MOST_ONCE = TripCategory.AT_MOST_ONCE.value, _("最多跑一次")
    MULTIPLE_TRIPS = TripCategory.MULTIPLE_TRIPS.value, _("跑多次")


class Guide(models.Model):
    """One business's guide, as last published. ``english`` holds the English of the texts
    that have one (title, summary, who, when, materials, place); ``tokens`` the words of the
    Chinese and English texts, segmented (jieba), space-separated, for the search."""

    key = models.SlugField(_("业务编码"), max_length=60, unique=True)
    family = models.CharField(_("业务类别"), max_length=40)
    title = models.CharField(_("事项名称"), max_length=100)
    summary = models.CharField(_("简介"), max_length=200, blank=True)
    item_type = models.CharField(_("事项类型"), max_length=20, default="公共服务")
    service_object = models.CharField(_("服务对象"), max_length=20, default="自然人")
    implementing_body = models.CharField(
        _("实施机构"), max_length=100, default="公安机关交通管理部门车辆管理所"
    )
    level = models.CharField(_("实施层级"), max_length=20, default="市级")
    who = models.TextField(_("谁可以办"), blank=True)
    when = models.TextField(_("什么时候办"), blank=True)
    conditions = models.TextField(_("受理条件"), blank=True)
    materials = models.TextField(
        _("申请材料"), help_text=_("每行一项：名称|原件或复印件|份数|电子版|备注，名称后各项可省略")
    )
    supplement_later = models.TextField(_("可容缺后补的材料"), blank=True)
    steps = models.TextField(_("办理流程"), help_text=_("每行一步"))
    statutory_time_limit = models.CharField(_("法定办结时限"), max_length=40, blank=True)
    promised_time_limit = models.CharField(_("承诺办结时限"), max_length=40, blank=True)
    fee = models.CharField(_("收费"), max_length=200, default="不收费")
    place = models.TextField(_("办理地点"))
    hours = models.CharField(_("办理时间"), max_length=100, blank=True)
    booking = models.BooleanField(_("支持预约"), default=False)
    min_trips = models.PositiveSmallIntegerField(_("最少跑路次数"), default=1)
    trip_category = models.CharField(_("清单"), max_length=20, choices=TripList.choices)
    online_url_name = models.CharField(_("网上办理入口"), max_length=60, blank=True)
    result_delivery = models.CharField(_("结果送达"), max_length=60, blank=True)
    contact = models.CharField(_("咨询电话"), max_length=60, default="12123")
    complaint = models.CharField(_("投诉电话"), max_length=60, default="12345")
    notes = models.TextField(_("注意事项"), blank=True)
    legal_basis = models.TextField(_("设定依据"))
    english = models.JSONField(_("英文"), default=dict, blank=True)
    tokens = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")
        ordering = ("family", "key")
        permissions = [("publish_guide", _("发布办事指南和服务网点"))]

    def __str__(self) -> str:
        return self.title

    def text(self, field: str, language: str) -> str:
        """The field in ``language`` ("en" or Chinese), Chinese when it has no English."""
        if language == "en" and self.english.get(field):
            return str(self.english[field])
        return str(getattr(self, field))


class GuideVersion(models.Model):
    """A published edit: the whole guide as it was published, by whom, when."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ("guide", "-version")
        constraints = [
            models.UniqueConstraint(fields=("guide", "version"), name="guides_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.guide_id} v{self.version}"


class ServicePoint(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", _("车辆管理所")
        STATION = "station", _("交管服务站")
        POST_OFFICE = "post_office", _("邮政网点")
        HOSPITAL = "hospital", _("体检医院")
        INSPECTION = "inspection", _("检验机构")
        DEALER = "dealer", _("汽车销售企业")
        BANK = "bank", _("银行网点")
        EXAM = "exam", _("考场")

    kind = models.CharField(_("网点类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    hours = models.CharField(_("办公时间"), max_length=200)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    guides = models.ManyToManyField(
        Guide, blank=True, related_name="points", verbose_name=_("可办业务")
    )
    active = models.BooleanField(_("开放"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务网点")
        verbose_name_plural = _("服务网点")
        ordering = ("region_code", "kind", "name")

    def __str__(self) -> str:
        return self.name


class OfficeList(models.Model):
    """An office's list of a business: the four lists are pushed down to each office
    (province, city and county match), which may place a business on another list."""

    office = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="lists")
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="office_lists")
    trip_category = models.CharField(_("清单"), max_length=20, choices=TripList.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("office", "guide"), name="guides_office_list_once")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}:{self.guide_id}:{self.trip_category}"


class Question(models.Model):
    """A citizen's question about a business; shown once an officer answered and published it."""

    guide = models.ForeignKey(
        Guide, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    text = models.TextField(_("问题"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("公开"), default=False)

    class Meta:
        verbose_name = _("咨询问题")
        verbose_name_plural = _("咨询问题")
        ordering = ("-asked_at",)
        permissions = [("answer_question", _("答复咨询问题"))]

    def __str__(self) -> str:
        return self.text[:30]
