"""Form fields that bound what a person may type to what the platform handles, and the form
that shows a refused service call."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from jiaoguan.core.dates import EARLIEST, LATEST, in_supported_range
from jiaoguan.core.errors import ApplicationError


def out_of_range_message() -> str:
    return str(_("日期须在 %(earliest)s 至 %(latest)s 之间。")) % {
        "earliest": EARLIEST.isoformat(),
        "latest": LATEST.isoformat(),
    }


def check_date(day: date) -> None:
    if not in_supported_range(day):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")


def parse_iso_date(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date within the supported range, or None."""
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return day if in_supported_range(day) else None


class DateField(forms.DateField):
    """``forms.DateField`` limited to ``core.dates.EARLIEST`` … ``LATEST``."""

    default_validators = [check_date]


class ServiceForm(forms.Form):
    """A form that shows a refused service call as field errors plus a summary."""

    def add_application_error(self, error: ApplicationError) -> None:
        placed = False
        for name, text in error.fields.items():
            if name in self.fields:
                self.add_error(name, str(text))
                placed = True
        if not placed or error.message:
            self.add_error(None, str(error.message))


#: django-otp's messages as officers and organisation staff read them at log-in (merged into
#: ``OTPAuthenticationForm.otp_error_messages`` by each log-in form).
OTP_ERROR_MESSAGES = {
    "token_required": _("请输入身份验证器上的6位动态码。"),
    "invalid_token": _("动态码不正确，请核对后重新输入。"),
    "n_failed_attempts": ngettext_lazy(
        "动态码已连续错误 %(failure_count)d 次，暂时停止验证，请稍后再试。",
        "动态码已连续错误 %(failure_count)d 次，暂时停止验证，请稍后再试。",
        "failure_count",
    ),
    "verification_not_allowed": _("暂时不能验证动态码，请稍后再试。"),
    "device_required": _("请输入身份验证器上的6位动态码。"),
}
