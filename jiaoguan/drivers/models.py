from django.db import models
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Person


class DrivingLicense(models.Model):
    """A driving license (驾驶证). Its number is the holder's identity number (162号 art. 12)."""

    class Validity(models.TextChoices):
        SIX_YEARS = "6", _("六年")
        TEN_YEARS = "10", _("十年")
        LONG_TERM = "long_term", _("长期")

    class Status(models.TextChoices):
        VALID = "valid", _("正常")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("吊销")
        CANCELLED = "cancelled", _("注销")

    person = models.OneToOneField(
        Person, verbose_name=_("驾驶人"), on_delete=models.PROTECT, related_name="driving_license"
    )
    archive_number = models.CharField(_("档案编号"), max_length=12, unique=True)
    first_issued_on = models.DateField(_("初次领证日期"))
    valid_from = models.DateField(_("有效期起始日期"))
    validity = models.CharField(_("有效期限"), max_length=10, choices=Validity.choices)
    status = models.CharField(
        _("驾驶证状态"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    fatal_accident_responsibility = models.BooleanField(
        _("负同等以上责任的死亡事故（本周期）"), default=False
    )
    fatal_accident_on = models.DateField(
        _("最近一次负同等以上责任的死亡事故日期"), null=True, blank=True
    )
    serious_accident_on = models.DateField(
        _("最近一次负有责任的重伤或死亡事故日期"), null=True, blank=True
    )
    status_changed_on = models.DateField(
        _("驾驶证状态变更日期"),
        null=True,
        blank=True,
        help_text=_("最近一次暂扣、吊销、注销或恢复的日期。"),
    )

    class Meta:
        verbose_name = _("驾驶证")
        verbose_name_plural = _("驾驶证")

    def __str__(self) -> str:
        return self.person.id_number


class LicenseClassGrant(models.Model):
    """One class (准驾车型) on a license, with the date it was first obtained."""

    license = models.ForeignKey(DrivingLicense, on_delete=models.CASCADE, related_name="grants")
    license_class = models.CharField(_("准驾车型"), max_length=2)
    obtained_on = models.DateField(_("取得日期"))

    class Meta:
        verbose_name = _("准驾车型")
        verbose_name_plural = _("准驾车型")
        constraints = [
            models.UniqueConstraint(fields=["license", "license_class"], name="class_once"),
        ]
        ordering = ["obtained_on", "license_class"]

    def __str__(self) -> str:
        return self.license_class


class PointsRecord(models.Model):
    """Demerit points recorded with a penalty decision (163号 art. 13).

    Points count in the scoring cycle that contains ``recorded_on``; points whose fine is
    still unpaid carry over into the next cycle (art. 15).
    """

    license = models.ForeignKey(DrivingLicense, on_delete=models.PROTECT, related_name="points")
    points = models.PositiveSmallIntegerField(_("记分"))
    recorded_on = models.DateField(_("记分日期"))
    committed_on = models.DateField(_("违法日期"), null=True, blank=True)
    description = models.CharField(_("违法行为"), max_length=200)
    fine_paid = models.BooleanField(_("罚款已缴纳"), default=True)
    cleared_on = models.DateField(
        _("满分教育清除日期"),
        null=True,
        blank=True,
        help_text=_("满分学习考试合格后记分予以清除（记分办法第二十三条）。"),
    )

    class Meta:
        verbose_name = _("记分记录")
        verbose_name_plural = _("记分记录")
        indexes = [models.Index(fields=["license", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.points}"


class MedicalCertificate(models.Model):
    """A physical-condition certificate (身体条件证明), valid 6 months from issue (art. 85)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="medical_certificates"
    )
    issued_on = models.DateField(_("体检日期"))
    institution_name = models.CharField(_("体检机构"), max_length=100)
    fit_to_drive = models.BooleanField(_("符合驾驶条件"), default=True)
    # Examined by a hospital the province designated for C5 holders (art. 85), as designated
    # on the day of the examination: only such a certificate answers a C5 holder's duty.
    designated_hospital = models.BooleanField(_("省级指定医疗机构出具"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("身体条件证明")
        verbose_name_plural = _("身体条件证明")
        indexes = [models.Index(fields=["person", "-issued_on"])]

    def __str__(self) -> str:
        return f"{self.issued_on}"


class ClassCancellation(models.Model):
    """A class (准驾车型) cancelled on a license that keeps others: the register's record of
    the cancellation, announced publicly (162号 arts. 65, 80; DOMAIN §19.2). The grant itself
    is deleted when the class is cancelled."""

    class Reason(models.TextChoices):
        PROBATION_FULL_SCORE = "probation_full_score", _("实习期内记满12分，注销实习的准驾车型")
        AGE_NOT_EXCHANGED = "age_not_exchanged", _("年龄不再符合准驾车型条件，逾期未换领")

    license = models.ForeignKey(
        DrivingLicense, on_delete=models.PROTECT, related_name="class_cancellations"
    )
    license_class = models.CharField(_("注销的准驾车型"), max_length=2)
    reason = models.CharField(_("注销原因"), max_length=30, choices=Reason.choices)
    cancelled_on = models.DateField(_("注销日期"))

    class Meta:
        verbose_name = _("准驾车型注销记录")
        verbose_name_plural = _("准驾车型注销记录")
        indexes = [models.Index(fields=["cancelled_on"], name="class_cancelled_on")]

    def __str__(self) -> str:
        return self.license_class


class SchoolBusQualification(models.Model):
    """A school-bus driving qualification (校车驾驶资格) annotated on a license (162号 arts.
    87-92). Cancelled for the causes of art. 92 ¶1; when the annotated license is not
    recovered, the qualification is announced void (art. 92 ¶2)."""

    class CancelReason(models.TextChoices):
        APPLIED = "applied", _("本人申请注销")
        OVER_AGE = "over_age", _("年龄超过60周岁")
        ACCIDENT = "accident", _("对致人死亡或者重伤的交通事故负有责任")
        DRINK_OR_OVERLOAD = "drink_or_overload", _("饮酒、醉酒驾驶或者校车、营运客车载人超员")
        FULL_SCORE_OR_CRIME = "full_score_or_crime", _("记满12分或者有犯罪记录")
        UNFIT = "unfit", _("有妨碍安全驾驶的疾病或者酗酒、吸毒行为记录")

    license = models.OneToOneField(
        DrivingLicense, on_delete=models.PROTECT, related_name="school_bus_qualification"
    )
    granted_on = models.DateField(_("取得校车驾驶资格日期"))
    cancelled_on = models.DateField(_("注销日期"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("注销原因"), max_length=30, choices=CancelReason.choices, blank=True
    )
    license_recovered = models.BooleanField(
        _("已收回签注的驾驶证"),
        default=False,
        help_text=_("未收回签注校车驾驶许可的驾驶证的，公告校车驾驶资格作废。"),
    )

    class Meta:
        verbose_name = _("校车驾驶资格")
        verbose_name_plural = _("校车驾驶资格")

    def __str__(self) -> str:
        return f"{self.granted_on}"
