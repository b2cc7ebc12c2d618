from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.purposes import PURPOSES, purpose_stored
from jiaoguan.core.forms import DateField, ServiceForm


class LookupForm(forms.Form):
    """Every officer read of a person's record states its purpose (ARCHITECTURE rule 8)."""

    class Kind:
        PERSON = "person"
        VEHICLE = "vehicle"
        LICENSE = "license"

    KIND_CHOICES = [
        (Kind.PERSON, _("人员（公民身份号码）")),
        (Kind.VEHICLE, _("机动车（号牌号码或车辆识别代号）")),
        (Kind.LICENSE, _("驾驶证（驾驶证号）")),
    ]
    # No purpose is preselected: choosing none must not record one (the officer states it).
    PURPOSE_CHOICES = [("", _("（请选择查询事由）")), *PURPOSES.items()]

    kind = forms.ChoiceField(label=_("查询对象"), choices=KIND_CHOICES)
    query = forms.CharField(label=_("查询号码"), max_length=20)
    purpose = forms.ChoiceField(label=_("查询事由"), choices=PURPOSE_CHOICES)
    note = forms.CharField(label=_("事由说明"), max_length=100, required=False)

    def purpose_text(self) -> str:
        """The purpose code and the officer's note, as stored in the audit log."""
        return purpose_stored(self.cleaned_data["purpose"], self.cleaned_data.get("note") or "")


class WindowForm(forms.Form):
    """A new booking window over sessions of published plans."""

    code = forms.CharField(label=_("预约批次编号"), max_length=40)
    subject = forms.ChoiceField(label=_("考试科目"))
    opens_at = forms.DateTimeField(
        label=_("开始受理"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("截止受理"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    sessions = forms.MultipleChoiceField(label=_("场次"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, subjects=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["subject"]).choices = subjects
        self.sessions_by_id = {str(session.pk): session for session in sessions}
        cast(forms.ChoiceField, self.fields["sessions"]).choices = [
            (
                key,
                f"{s.plan.exam_on:%Y-%m-%d} {s.starts_at:%H:%M} {s.plan.venue.name} "
                f"{s.get_subject_display()} {s.license_class} ×{s.capacity}",
            )
            for key, s in self.sessions_by_id.items()
        ]

    def chosen_sessions(self) -> list:
        return [self.sessions_by_id[key] for key in self.cleaned_data["sessions"]]

    def add_application_error(self, error) -> None:
        field = next(iter(error.fields), None)
        self.add_error(field if field in self.fields else None, str(error.message))


class VenueForm(ServiceForm):
    """A new exam venue (考场)."""

    code = forms.CharField(label=_("考场编号"), max_length=20)
    name = forms.CharField(label=_("考场名称"), max_length=100)
    region_code = forms.RegexField(
        label=_("所在地区划代码"),
        regex=r"^[0-9]{6}$",
        error_messages={"invalid": _("请填写六位行政区划代码（如 320100）。")},
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    is_county_level = forms.BooleanField(label=_("县级考场"), required=False)


class PlanForm(ServiceForm):
    """A venue's exam day (考试计划)."""

    venue = forms.ChoiceField(label=_("考场"))
    exam_on = DateField(label=_("考试日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.venues_by_id = {str(venue.pk): venue for venue in venues}
        cast(forms.ChoiceField, self.fields["venue"]).choices = [
            (key, f"{venue.code} {venue.name}") for key, venue in self.venues_by_id.items()
        ]

    def chosen_venue(self):
        return self.venues_by_id[self.cleaned_data["venue"]]


class SessionForm(ServiceForm):
    """A session (场次) of an exam plan."""

    subject = forms.ChoiceField(label=_("考试科目"))
    license_class = forms.ChoiceField(label=_("准驾车型"))
    starts_at = forms.TimeField(label=_("开考时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("考位数"), min_value=1, max_value=1000)

    def __init__(self, *args, subjects=(), license_classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["subject"]).choices = subjects
        cast(forms.ChoiceField, self.fields["license_class"]).choices = [
            (code, code) for code in license_classes
        ]
        self.fields["license_class"].initial = "C1"  # by far the most sessions


class SegmentForm(forms.Form):
    """Publish a number segment (号段)."""

    PLATE_TYPES = [
        ("02", _("小型汽车")),
        ("01", _("大型汽车")),
        ("52", _("小型新能源汽车")),
        ("51", _("大型新能源汽车")),
    ]

    plate_type = forms.ChoiceField(label=_("号牌种类"), choices=PLATE_TYPES)
    # A declared field: the form metaclass moves it into base_fields, so it never shadows
    # BaseForm.prefix (the HTML name prefix) the stubs see here.
    prefix = forms.CharField(label=_("号牌前缀"), max_length=2, help_text=_("如：苏A"))  # type: ignore[assignment]
    pattern = forms.CharField(
        label=_("序号规则"),
        max_length=6,
        help_text=_("每位一个字符：固定的数字或字母，# 任意数字，@ 任意字母，* 数字或字母。"),
    )
    starts_on = DateField(label=_("开放日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class TemporaryPlateForm(forms.Form):
    """Issue a temporary plate at the counter."""

    vin = forms.CharField(label=_("车辆识别代号"), max_length=17)
    situation = forms.ChoiceField(label=_("情形"))
    # A declared field: the form metaclass moves it into base_fields, so it never shadows
    # BaseForm.prefix (the HTML name prefix) the stubs see here.
    prefix = forms.CharField(label=_("号牌前缀"), max_length=2)  # type: ignore[assignment]
    compulsory_insurance_until = DateField(
        label=_("交强险有效期至"), widget=forms.DateInput(attrs={"type": "date"})
    )
    requested_until = DateField(
        label=_("申请有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则按该情形的最长期限，且不超过交强险有效期。"),
    )

    def __init__(self, *args, situations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["situation"]).choices = list(situations)


class KeepPreviousForm(forms.Form):
    """Keep the owner's previous number for a new vehicle (登记规定 art. 44)."""

    vin = forms.CharField(label=_("新车车辆识别代号"), max_length=17)
    previous_number = forms.CharField(label=_("原号牌号码"), max_length=8)
    used_since = DateField(
        label=_("原车开始使用该号牌日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    released_on = DateField(
        label=_("原号牌注销或转出日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    violations_cleared = forms.BooleanField(label=_("原车交通违法和事故已处理完毕"), required=False)


class HoldRegisterForm(forms.Form):
    """At registration: the held number becomes the vehicle's number."""

    vin = forms.CharField(label=_("车辆识别代号"), max_length=17)


class PlateRequestApproveForm(forms.Form):
    """Approve an online plate request: what the officer checked."""

    violations_cleared = forms.BooleanField(
        label=_("已核实交通违法和事故处理完毕"),
        required=False,
        help_text=_("保留原号和互换号牌须核实。"),
    )
    married_on = DateField(
        label=_("结婚登记日期（以结婚证为准）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    certificate_number = forms.CharField(label=_("结婚证字号"), max_length=40, required=False)
    spouse_applied_in_person = forms.BooleanField(label=_("配偶已到窗口共同申请"), required=False)
    note = forms.CharField(label=_("办理意见"), max_length=200, required=False)


class PlateRequestRefuseForm(forms.Form):
    note = forms.CharField(label=_("不予办理的原因"), max_length=200)


class PlateSwapForm(forms.Form):
    """Swap the numbers of two vehicles of one owner at the counter (登记规定 art. 20)."""

    plate_type = forms.ChoiceField(label=_("号牌种类"), choices=SegmentForm.PLATE_TYPES)
    first_number = forms.CharField(label=_("号牌号码"), max_length=8)
    second_number = forms.CharField(label=_("另一号牌号码"), max_length=8)
    violations_cleared = forms.BooleanField(label=_("两车交通违法和事故已处理完毕"), required=False)


class SpouseTransferForm(forms.Form):
    """Register a vehicle to the owner's spouse keeping its number (登记规定 art. 45)."""

    plate_type = forms.ChoiceField(label=_("号牌种类"), choices=SegmentForm.PLATE_TYPES)
    plate_number = forms.CharField(label=_("号牌号码"), max_length=8)
    spouse_name = forms.CharField(label=_("配偶姓名"), max_length=50)
    spouse_id_number = forms.CharField(label=_("配偶公民身份号码"), max_length=18)
    married_on = DateField(
        label=_("结婚登记日期（以结婚证为准）"), widget=forms.DateInput(attrs={"type": "date"})
    )
    certificate_number = forms.CharField(label=_("结婚证字号"), max_length=40)
    both_applied = forms.BooleanField(label=_("夫妻双方共同申请"), required=False)
