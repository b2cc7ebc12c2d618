"""Officer log-in: password plus the code from the officer's authenticator app (TOTP)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class OfficerAuthenticationForm(OTPAuthenticationForm):
    """Officers have one authenticator; choose it for them so they type only the code."""

    # django-otp ships these in English only; officers read Chinese first.
    otp_error_messages = dict(
        OTPAuthenticationForm.otp_error_messages,
        token_required=_("请输入身份验证器显示的 6 位动态口令。"),
        invalid_token=_("动态口令不正确，请核对身份验证器上的数字后重新输入。"),
        n_failed_attempts=ngettext_lazy(
            "动态口令已连续错误 %(failure_count)d 次，暂时无法验证，请稍后再试。",
            "动态口令已连续错误 %(failure_count)d 次，暂时无法验证，请稍后再试。",
            "failure_count",
        ),
        verification_not_allowed=_("动态口令验证暂时停用，请稍后再试。"),
        device_required=_("该账户没有绑定身份验证器，请联系系统管理员。"),
    )

    def clean_otp(self, user):
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        return super().clean_otp(user)
