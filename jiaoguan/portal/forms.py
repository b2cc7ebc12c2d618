from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import DateField, ServiceForm


class RegistrationForm(ServiceForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("公民身份号码"),
        min_length=18,
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        min_length=11,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )


class CodeForm(ServiceForm):
    code = forms.CharField(
        label=_("短信验证码"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CodeAndNewPasswordForm(CodeForm):
    """The SMS code and a new password typed twice (registration, password reset)."""

    password = forms.CharField(
        label=_("设置密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全是数字。"),
    )
    password_again = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return data


class PasswordLoginForm(ServiceForm):
    identifier = forms.CharField(label=_("身份证号或手机号码"), max_length=18)
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class CodeRequestForm(ServiceForm):
    phone = forms.CharField(
        label=_("手机号码"),
        min_length=11,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )


class PreferencesForm(ServiceForm):
    """Ranked session choices: ``choice_1`` (best) to ``choice_N``, blanks allowed at the end."""

    def __init__(self, *args, sessions=(), count=5, **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("（不选）"))] + [
            (
                str(session.pk),
                f"{session.plan.exam_on:%Y-%m-%d} {session.starts_at:%H:%M} · "
                f"{session.plan.venue.name} · {session.license_class}",
            )
            for session in sessions
        ]
        for number in range(1, count + 1):
            self.fields[f"choice_{number}"] = forms.ChoiceField(
                label=_("第%(number)s志愿") % {"number": number},
                choices=options,
                required=number == 1,
            )

    def session_ids(self) -> list[int]:
        chosen = [self.cleaned_data.get(name) for name in self.fields]
        return [int(value) for value in chosen if value]

    def add_application_error(self, error: ApplicationError) -> None:
        if "session_ids" in error.fields:
            self.add_error("choice_1", str(error.fields["session_ids"]))
            if str(error.message) != str(error.fields["session_ids"]):
                self.add_error(None, str(error.message))
            return
        super().add_application_error(error)


class PlateDrawForm(ServiceForm):
    """The segment to draw from; the vehicle's VIN travels in a hidden input of the page."""

    segment = forms.TypedChoiceField(label=_("号段"), coerce=int)

    def __init__(self, *args, segments=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["segment"]).choices = list(segments)


class PlateComposeForm(PlateDrawForm):
    number = forms.CharField(
        label=_("自编号码"),
        max_length=10,
        help_text=_("5位序号（新能源6位），最多2个字母，不能使用I和O。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class NoticePreferenceForm(ServiceForm):
    sms_enabled = forms.BooleanField(label=_("短信提醒"), required=False)
    push_enabled = forms.BooleanField(label=_("App 推送"), required=False)
    language = forms.ChoiceField(
        label=_("提醒语言"), choices=[("zh-hans", "简体中文"), ("en", "English")]
    )


class DisputeForm(ServiceForm):
    reason = forms.CharField(
        label=_("异议理由"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明您认为记录有误的原因，如号牌被套用、信号灯故障等（10 至 1000 字）。"),
    )


class AuthorisationRequestForm(ServiceForm):
    plate_number = forms.CharField(
        label=_("号牌号码"),
        max_length=8,
        help_text=_("他人名下的小型汽车；车主将收到确认短信。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ExamLocationForm(ServiceForm):
    """Change the exam location after moving (162号 art. 39)."""

    region_code = forms.CharField(
        label=_("新考试地行政区划代码"),
        max_length=6,
        help_text=_("6位数字，如南京市 320100；按地级市确定考试地。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    residence_address = forms.CharField(label=_("现居住地址"), max_length=200)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class PlateKeepRequestForm(ServiceForm):
    """Keep my previous number for my new car (登记规定 art. 44)."""

    vin = forms.ChoiceField(label=_("新车（车辆识别代号）"))
    previous_number = forms.CharField(
        label=_("原号牌号码"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    used_since = DateField(label=_("原车开始使用该号牌日期"), widget=_date_input())
    released_on = DateField(
        label=_("原车注销或转出日期"),
        widget=_date_input(),
        help_text=_("须在2年内申请，原车使用该号牌须满1年。"),
    )

    def __init__(self, *args, vehicles=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["vin"]).choices = [(v.vin, v.vin) for v in vehicles]


def _vehicle_choices(vehicles):
    return [(str(v.pk), f"{v.plate_number} {v.brand_model}".strip()) for v in vehicles]


class PlateSwapRequestForm(ServiceForm):
    """Swap the numbers of two of my cars (登记规定 art. 20)."""

    vehicle_id = forms.TypedChoiceField(label=_("机动车"), coerce=int)
    other_vehicle_id = forms.TypedChoiceField(label=_("另一辆机动车"), coerce=int)

    def __init__(self, *args, vehicles=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = _vehicle_choices(vehicles)
        cast(forms.ChoiceField, self.fields["vehicle_id"]).choices = choices
        cast(forms.ChoiceField, self.fields["other_vehicle_id"]).choices = choices
        # Two different cars preselected, not the same one twice.
        if not self.is_bound and len(choices) > 1:
            self.initial.setdefault("vehicle_id", choices[0][0])
            self.initial.setdefault("other_vehicle_id", choices[1][0])

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("vehicle_id") and cleaned.get("vehicle_id") == cleaned.get(
            "other_vehicle_id"
        ):
            self.add_error("other_vehicle_id", _("请选择另一辆机动车。"))
        return cleaned


class PlateSpouseRequestForm(ServiceForm):
    """Register my car to my spouse keeping its number (登记规定 art. 45)."""

    vehicle_id = forms.TypedChoiceField(label=_("机动车"), coerce=int)
    spouse_name = forms.CharField(label=_("配偶姓名"), max_length=50)
    spouse_id_number = forms.CharField(label=_("配偶公民身份号码"), max_length=18)
    married_on = DateField(
        label=_("结婚登记日期"),
        widget=_date_input(),
        help_text=_("婚姻关系须已满1年。"),
    )
    certificate = forms.FileField(
        label=_("结婚证照片或扫描件"),
        help_text=_("JPEG或PNG格式；民警审核时查看。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, vehicles=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["vehicle_id"]).choices = _vehicle_choices(vehicles)
