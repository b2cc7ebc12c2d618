from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiaoguan.core.places import PROVINCE_CODES
from jiaoguan.identity.models import Organization, Person

# The registering province from the plate's abbreviation ("苏A…" → "32"), for the database.
_PLATE_PROVINCE = Case(
    *(
        When(plate_number__startswith=abbreviation, then=Value(code))
        for abbreviation, code in PROVINCE_CODES.items()
    ),
    default=Value(""),
)


class UseCharacterChoices(models.TextChoices):
    """使用性质 (DOMAIN §1.4); the values are those of ``vehicles.rules.UseCharacter``."""

    NON_OPERATING = "non_operating", _("非营运")
    HIGHWAY_PASSENGER = "highway_passenger", _("公路客运")
    TRANSIT_BUS = "transit_bus", _("公交客运")
    TAXI = "taxi", _("出租客运")
    TOURIST = "tourist", _("旅游客运")
    RENTAL = "rental", _("租赁")
    DRIVING_SCHOOL = "driving_school", _("教练")
    GOODS_TRANSPORT = "goods_transport", _("货运")
    DANGEROUS_GOODS = "dangerous_goods", _("危化品运输")
    SCHOOL_BUS = "school_bus", _("校车")
    POLICE = "police", _("警用")
    FIRE = "fire", _("消防")
    AMBULANCE = "ambulance", _("救护")
    ENGINEERING_RESCUE = "engineering_rescue", _("工程救险")
    OPERATING_TO_NON_OPERATING = "operating_to_non_operating", _("营转非")
    TAXI_TO_NON_OPERATING = "taxi_to_non_operating", _("出租转非")
    OTHER_OPERATING = "other_operating", _("其他营运")


class Vehicle(models.Model):
    """A registered motor vehicle (机动车登记信息)."""

    class Status(models.TextChoices):
        NORMAL = "normal", _("正常")
        MORTGAGED = "mortgaged", _("抵押")
        SEIZED = "seized", _("查封")
        DEREGISTERED = "deregistered", pgettext_lazy("vehicle", "注销")

    vin = models.CharField(_("车辆识别代号"), max_length=17, unique=True)
    plate_number = models.CharField(_("号牌号码"), max_length=8)
    # The province the vehicle is registered in, kept by the database from the plate
    # (docs/adr/0011-province-nodes.md); between nodes a vehicle is its VIN.
    province_code = models.GeneratedField(
        expression=_PLATE_PROVINCE,
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("登记地省份代码"),
    )
    plate_type = models.CharField(_("号牌种类"), max_length=2)
    vehicle_type = models.CharField(_("车辆类型"), max_length=3)
    brand_model = models.CharField(_("品牌型号"), max_length=60, blank=True)
    use_character = models.CharField(
        _("使用性质"), max_length=30, choices=UseCharacterChoices.choices
    )
    seats = models.PositiveSmallIntegerField(_("核定载客"))
    manufactured_on = models.DateField(_("出厂日期"), null=True, blank=True)
    registered_on = models.DateField(_("初次登记日期"))
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("所有人（个人）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vehicles",
    )
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name=_("所有人（单位）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vehicles",
    )
    status = models.CharField(
        _("机动车状态"), max_length=20, choices=Status.choices, default=Status.NORMAL
    )
    inspection_valid_until = models.DateField(_("检验有效期至"))
    school_bus_sign_on = models.DateField(_("取得校车标牌日期"), null=True, blank=True)
    illegally_modified = models.BooleanField(_("曾因非法改装被处罚"), default=False)
    injury_accident = models.BooleanField(_("发生过造成人员伤亡的事故"), default=False)
    use_converted = models.BooleanField(_("使用性质曾变更"), default=False)
    uninspected_scrap_on = models.DateField(
        _("逾期未检验强制报废日期"),
        null=True,
        blank=True,
        help_text=_(
            "检验有效期届满后连续三个检验周期仍未取得检验合格标志的，自该日起强制报废；"
            "随检验有效期更新。"
        ),
    )

    class Meta:
        verbose_name = _("机动车")
        verbose_name_plural = _("机动车")
        constraints = [
            models.CheckConstraint(
                name="vehicle_has_exactly_one_owner",
                condition=(Q(owner_person__isnull=False) & Q(owner_organization__isnull=True))
                | (Q(owner_person__isnull=True) & Q(owner_organization__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["plate_type", "plate_number"],
                condition=~Q(status="deregistered"),
                name="plate_in_use_once",
            ),
        ]

    def __str__(self) -> str:
        return self.plate_number

    @property
    def is_deregistered(self) -> bool:
        return self.status == self.Status.DEREGISTERED

    @property
    def has_normal_status(self) -> bool:
        """正常: neither mortgaged, seized nor deregistered."""
        return self.status == self.Status.NORMAL


class ForcedScrapping(models.Model):
    """A vehicle that reached the scrapping standard, confiscated and scrapped by force
    (登记规定 art. 41(3)): its documents are announced void with the full plate number."""

    vehicle = models.OneToOneField(
        Vehicle, on_delete=models.PROTECT, related_name="forced_scrapping"
    )
    confiscated_on = models.DateField(_("收缴日期"))
    authority = models.CharField(_("收缴机关"), max_length=100)

    class Meta:
        verbose_name = _("强制报废记录")
        verbose_name_plural = _("强制报废记录")

    def __str__(self) -> str:
        return f"{self.confiscated_on}"
