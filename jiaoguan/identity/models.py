from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.fields import EncryptedCharField, KeyedHashField


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Person(models.Model):
    """The population record the platform verifies identities against (人口信息).

    Loaded from the identity registry; citizens never edit it. The identity number is also
    the driving-license number (162号 art. 12). It is stored encrypted; look-ups and
    uniqueness go through its keyed hash (``core.fields``, ADR 0014).
    """

    id_number = EncryptedCharField(_("公民身份号码"), max_length=18, index="id_number_index")
    id_number_index = KeyedHashField(purpose="id_number", unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    region_code = models.CharField(_("户籍地区划代码"), max_length=6)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    # Bumped in the same transaction as every change to this person's vehicles, license or
    # points, so a cached status computed from an older version is never served.
    records_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organization user (单位用户): registered at a counter, never online (DOMAIN §8)."""

    class Kind(models.TextChoices):
        TRANSPORT_COMPANY = "transport_company", _("道路运输企业")
        DANGEROUS_GOODS_CARRIER = "dangerous_goods_carrier", _("危险货物运输企业")
        SCHOOL_BUS_OPERATOR = "school_bus_operator", _("校车运营单位")
        DRIVING_SCHOOL = "driving_school", _("驾驶培训学校")
        DEALER = "dealer", _("汽车销售企业")
        MEDICAL_INSTITUTION = "medical_institution", _("医疗机构")
        INSURER = "insurer", _("保险公司")
        ENFORCEMENT_SYSTEM = "enforcement_system", _("交通技术监控系统")
        EXAM_CENTER = "exam_center", _("驾驶人考场")
        INSPECTION_STATION = "inspection_station", _("机动车检验机构")
        RENTAL_COMPANY = "rental_company", _("汽车租赁企业")
        GOVERNMENT = "government", _("机关单位")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(_("单位类型"), max_length=30, choices=Kind.choices)
    region_code = models.CharField(_("所在地区划代码"), max_length=6)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A public-security traffic office (公安交通管理部门): a vehicle office, a traffic police
    detachment or brigade, an exam centre's office. Officers belong to one; its place is the
    officer's jurisdiction (``identity.actors.OfficerActor.covers``)."""

    code = models.CharField(_("机关代码"), max_length=12, unique=True)
    name = models.CharField(_("机关名称"), max_length=100)
    province_code = models.CharField(_("所在省份代码"), max_length=2)
    region_code = models.CharField(_("所在地区划代码"), max_length=6)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("公安交通管理机关")
        verbose_name_plural = _("公安交通管理机关")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Every account: citizens (one per person, nationwide), officers, organization users."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("个人用户")
        OFFICER = "officer", _("民警")
        ORGANIZATION = "organization", _("单位用户")

    kind = models.CharField(_("用户类型"), max_length=20, choices=Kind.choices)
    person = models.OneToOneField(
        Person,
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = EncryptedCharField(
        _("手机号码"), max_length=11, null=True, blank=True, index="phone_index"
    )
    phone_index = KeyedHashField(purpose="phone", null=True, unique=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("所属机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    failed_login_count = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="citizen_has_person",
                condition=~Q(kind="citizen") | Q(person__isnull=False),
            ),
            models.CheckConstraint(
                name="organization_user_has_organization",
                condition=~Q(kind="organization") | Q(organization__isnull=False),
            ),
        ]

    @staticmethod
    def citizen_username(person_id: int) -> str:
        """A citizen account's username: the person's key, never the identity number (which
        would then sit in clear in the users table and in every audit row's actor label)."""
        return f"citizen.{person_id}"


class SmsChallenge(models.Model):
    """A one-time code sent by SMS, for registration or log-in. Only its digest is stored."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("注册")
        LOGIN = "login", _("登录")
        PASSWORD_RESET = "password_reset", _("重置密码")
        CONSENT = "consent", _("授权确认")

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    phone = EncryptedCharField(max_length=11, index="phone_index")
    phone_index = KeyedHashField(purpose="phone")
    person = models.ForeignKey(Person, null=True, on_delete=models.CASCADE, related_name="+")
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["phone_index", "purpose", "-created_at"], name="identity_sms_phone_recent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.phone}"


class ApiToken(models.Model):
    """A bearer token for the app and API clients. Only a digest of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"token of {self.user_id}"


class PartnerKey(models.Model):
    """A partner organization's key for the signed partner API (see ``core.signing``).

    The secret is shared (HMAC needs it on both sides), so unlike passwords and tokens it is
    stored as issued; it is shown once, when issued, and a leaked key is revoked, not edited.
    """

    class Scope(models.TextChoices):
        VIOLATIONS_INGEST = "violations.ingest", _("上传交通技术监控记录")
        EXAMS_APPLICATIONS = "exams.applications", _("代理提交驾驶证申请")
        EXAMS_RESULTS = "exams.results", _("报送考试成绩")
        PLATES_TEMPORARY = "plates.temporary", _("核发临时行驶车号牌")
        MEDICAL_CERTIFICATES = "drivers.medical_certificates", _("提交体检证明")
        ORGANISATION_FLEET = "organisations.fleet", _("查询本单位车辆和驾驶人")
        INSPECTION_RESULTS = "inspections.results", _("报送机动车检验结果")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partner_keys"
    )
    key_id = models.CharField(_("密钥编号"), max_length=40, unique=True)
    secret = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("授权范围"), default=list)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")

    def __str__(self) -> str:
        return self.key_id
