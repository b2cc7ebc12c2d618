"""事故快处快赔: an accident settled online and its two parties (DOMAIN §10).

The case's stage lives on its ``applications.Case`` (table ``accidents.quick``); these rows
hold what the agreement says (事故程序规定 art. 21): time, place, weather, the parties with
their vehicles, insurers and collision points, and the responsibility.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.delivery.models import DeliveryFields


class Accident(models.Model):
    class Weather(models.TextChoices):
        SUNNY = "sunny", _("晴")
        CLOUDY = "cloudy", _("阴")
        RAIN = "rain", _("雨")
        SNOW = "snow", _("雪")
        FOG = "fog", _("雾")

    class Kind(models.TextChoices):
        REAR_END = "rear_end", _("追尾")
        SIDESWIPE = "sideswipe", _("刮擦")
        ANGLE = "angle", _("侧面碰撞")
        REVERSING = "reversing", _("倒车碰撞")
        OTHER = "other", _("其他")

    case = models.OneToOneField(
        "applications.Case", verbose_name=_("业务申请"), on_delete=models.PROTECT
    )
    occurred_at = models.DateTimeField(_("事故时间"))
    place = models.CharField(_("事故地点"), max_length=120)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    weather = models.CharField(_("天气"), max_length=10, choices=Weather.choices)
    kind = models.CharField(_("事故形态"), max_length=12, choices=Kind.choices)
    #: What party B types to join (unambiguous letters and digits).
    join_code = models.CharField(_("加入码"), max_length=8, unique=True)
    liability_version = models.CharField(_("责任参照表版本"), max_length=20, blank=True)
    scenario = models.CharField(_("事故情形"), max_length=30, blank=True)
    scenario_party = models.CharField(_("情形所指一方"), max_length=1, blank=True)
    share_a = models.PositiveSmallIntegerField(_("甲方责任比例"), null=True, blank=True)
    share_b = models.PositiveSmallIntegerField(_("乙方责任比例"), null=True, blank=True)
    #: Given once, when the second party signs: the agreement (协议书) exists from then on.
    agreement_number = models.CharField(
        _("协议书编号"), max_length=24, unique=True, null=True, blank=True
    )
    agreed_at = models.DateTimeField(_("达成协议时间"), null=True, blank=True)
    #: Given once, when the officer determines a disputed accident (认定书, simple procedure);
    #: the scenario and shares above are then the officer's.
    determination_number = models.CharField(
        _("认定书编号"), max_length=24, unique=True, null=True, blank=True
    )
    determined_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    determination_text = models.TextField(_("事故事实及责任"), blank=True)

    class Meta:
        verbose_name = _("快处事故")
        verbose_name_plural = _("快处事故")
        permissions = [("determine_accident", _("在线认定事故责任"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_a__isnull=True) | Q(share_a__lte=100),
                name="accident_share_a_percent",
            ),
            models.CheckConstraint(
                condition=Q(agreement_number__isnull=True) | Q(agreed_at__isnull=False),
                name="accident_agreement_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.occurred_at:%Y-%m-%d %H:%M}"


class Party(models.Model):
    class Role(models.TextChoices):
        A = "a", _("甲方")
        B = "b", _("乙方")

    accident = models.ForeignKey(
        Accident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("当事方"), max_length=1, choices=Role.choices)
    person = models.ForeignKey(
        "identity.Person", verbose_name=_("驾驶人"), on_delete=models.PROTECT, related_name="+"
    )
    plate_type = models.CharField(_("号牌种类"), max_length=2)
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    insurer = models.CharField(_("交强险承保公司"), max_length=60)
    policy_number = models.CharField(_("交强险保单号"), max_length=40)
    #: The 交强险's end as its insurer reported it (``inspections``), when the vehicle is in
    #: the register and has a report: the insurer and policy above are then the policy's.
    insured_until = models.DateField(_("交强险有效期至（已核验）"), null=True, blank=True)
    collision_point = models.CharField(_("碰撞部位"), max_length=60)
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    #: The SMS code (``identity.SmsChallenge``) the party confirmed their signature with.
    signed_with_sms = models.PositiveBigIntegerField(_("签字短信验证码编号"), null=True, blank=True)
    #: The party's own account of the accident, for the officer who determines a dispute.
    statement = models.TextField(_("当事人陈述"), blank=True)

    class Meta:
        verbose_name = _("快处当事人")
        verbose_name_plural = _("快处当事人")
        constraints = [
            models.UniqueConstraint(fields=["accident", "role"], name="party_role_once"),
            models.UniqueConstraint(fields=["accident", "person"], name="party_person_once"),
        ]
        ordering = ["accident", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.plate_number}"


class Photo(models.Model):
    """A guided photo of the scene (front-side, rear-side, collision point, scene), taken by
    a party: kept in the database with the accident (never a public URL), served only to
    its parties and to officers of the jurisdiction (each officer read audited). Checked by
    content (``core.images``); its capture time and place, when the file carries them
    (EXIF), compared with the report (``accidents.rules.reporting.photo_check``)."""

    class Kind(models.TextChoices):
        FRONT_SIDE = "front_side", _("车辆前侧")
        REAR_SIDE = "rear_side", _("车辆后侧")
        COLLISION_POINT = "collision_point", _("碰撞部位")
        SCENE = "scene", _("现场全景")

    accident = models.ForeignKey(
        Accident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="photos"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("拍摄方"), on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("照片类型"), max_length=20, choices=Kind.choices)
    content_type = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content = models.BinaryField()
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    taken_latitude = models.FloatField(_("拍摄纬度"), null=True, blank=True)
    taken_longitude = models.FloatField(_("拍摄经度"), null=True, blank=True)
    time_ok = models.BooleanField(_("拍摄时间相符"), null=True, blank=True)
    place_ok = models.BooleanField(_("拍摄地点相符"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("事故照片")
        verbose_name_plural = _("事故照片")
        ordering = ["accident", "kind", "party__role"]
        constraints = [
            models.UniqueConstraint(
                fields=["accident", "party", "kind"], name="accident_photo_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.accident_id}:{self.kind}"

    @property
    def flagged(self) -> bool:
        return self.time_ok is not True or self.place_ok is not True


class Insurer(models.Model):
    """An insurer (保险公司) that 交强险 claims go to: an organisation (``identity.Organization``
    of kind ``insurer``) with how its claims are taken, reference data officers keep in the
    back office (``accidents.insurers.insurer_save``, audited). ``names`` are the short names
    parties and policies use ("人保财险"); a branch's name ("…南京市分公司") is its company's.
    Online claims go through ``provider`` (``gateways.insurer``) to ``endpoint_url`` (the
    ``http`` provider; the secret stays in the deployment settings, never here)."""

    class Provider(models.TextChoices):
        NONE = "", _("不在线报案")
        HTTP = "http", _("平台理赔接口")
        SANDBOX = "sandbox", _("演练保险公司")

    organization = models.OneToOneField(
        "identity.Organization",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("保险公司代码"), max_length=20, unique=True)
    names = models.JSONField(_("简称"), default=list, blank=True)
    claims_online = models.BooleanField(_("在线报案"), default=False)
    provider = models.CharField(
        _("报案渠道"), max_length=20, choices=Provider.choices, default="", blank=True
    )
    endpoint_url = models.URLField(_("理赔接口地址"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("保险公司")
        verbose_name_plural = _("保险公司")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claims_online=False) | ~Q(provider=""),
                name="insurer_online_has_provider",
            ),
            models.CheckConstraint(
                condition=~Q(provider="http") | ~Q(endpoint_url=""),
                name="insurer_http_has_endpoint",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Claim(DeliveryFields):
    """One party's claim (报案) at their 交强险 insurer, made once the agreement or the
    determination exists: one per party (``claim_party_once``), filed through the delivery
    engine (kind ``accidents.claim_filing``; ``status``), keyed by ``reference``; then moved
    by the insurer's callbacks (``progress``, ``accidents.rules.claims``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待报案")
        SENDING = "sending", _("报案中")
        FILED = "filed", _("已报案")
        FAILED = "failed", _("报案失败")
        OFFLINE = "offline", _("请到保险公司报案")  # the insurer takes no claims online

    class Progress(models.TextChoices):
        NONE = "", _("待保险公司受理")
        ACCEPTED = "accepted", _("已受理")
        ASSESSED = "assessed", _("已定损")
        PAID = "paid", _("已赔付")
        REJECTED = "rejected", _("不予赔付")

    accident = models.ForeignKey(
        Accident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="claims"
    )
    party = models.OneToOneField(
        Party, verbose_name=_("当事人"), on_delete=models.CASCADE, related_name="claim"
    )
    reference = models.UUIDField(_("报案参考号"), unique=True)
    #: The insurer the claim went to (matched from the party's insurer, ``insurers``); None
    #: when no insurer record matches (the claim is then taken at the counter).
    insurer = models.ForeignKey(
        Insurer,
        verbose_name=_("保险公司"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    provider = models.CharField(_("报案渠道"), max_length=20, blank=True)
    insurer_code = models.CharField(_("保险公司代码"), max_length=20, blank=True)
    document_number = models.CharField(_("协议书或认定书编号"), max_length=30)
    status = models.CharField(
        _("报案状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    filed_at = models.DateTimeField(_("报案时间"), null=True, blank=True)
    progress = models.CharField(
        _("理赔进度"), max_length=10, choices=Progress.choices, default="", blank=True
    )
    progress_rank = models.PositiveSmallIntegerField(_("进度序号"), default=0)
    claim_number = models.CharField(_("保险公司报案号"), max_length=40, blank=True)
    assessed_fen = models.PositiveBigIntegerField(_("定损金额（分）"), null=True, blank=True)
    paid_fen = models.PositiveBigIntegerField(_("赔付金额（分）"), null=True, blank=True)
    insurer_note = models.CharField(_("保险公司说明"), max_length=200, blank=True)
    last_event_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("保险报案")
        verbose_name_plural = _("保险报案")
        ordering = ["accident", "party__role"]
        indexes = [
            models.Index(
                fields=["not_before"],
                name="accident_claim_due",
                condition=Q(status__in=["queued", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.insurer_code}"


class ClaimEvent(models.Model):
    """An insurer's callback about a claim, stored once by ``(provider, event_key)``."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("报案"), on_delete=models.CASCADE, related_name="events"
    )
    provider = models.CharField(_("渠道"), max_length=20)
    event_key = models.CharField(_("事件标识"), max_length=64)
    progress = models.CharField(_("进度"), max_length=10, choices=Claim.Progress.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    claim_number = models.CharField(_("保险公司报案号"), max_length=40, blank=True)
    amount_fen = models.PositiveBigIntegerField(_("金额（分）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    moved = models.BooleanField(_("推进了进度"), default=False)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        verbose_name = _("理赔进度回调")
        verbose_name_plural = _("理赔进度回调")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_key"], name="claim_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.progress}"
