"""Officer log-in: password plus the code from the officer's authenticator app (TOTP).

The password is checked by ``identity.services.officer_login_with_password`` (officer
accounts only; the citizen log-in's counting, lockout and per-address limit; every failure
audited), never by Django's ``authenticate``: a citizen's right password gets the same
answer as a wrong one. A wrong second-factor code counts as a failed log-in too.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.forms import OTP_ERROR_MESSAGES
from jiaoguan.core.http import client_address
from jiaoguan.identity.services import login_failure_record, officer_login_with_password


class OfficerAuthenticationForm(OTPAuthenticationForm):
    """Officers have one authenticator; choose it for them so they type only the code."""

    otp_error_messages = dict(
        OTPAuthenticationForm.otp_error_messages,
        **OTP_ERROR_MESSAGES,
        challenge_exception=_("无法生成动态码：{0}"),
        not_interactive=_("所选身份验证设备不支持交互。"),
        challenge_message=_("动态码提示：{0}"),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["otp_device"].label = _("身份验证设备")
        self.fields["otp_token"].label = _("动态码")
        self.fields["otp_challenge"].label = _("获取动态码")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        address = client_address(self.request) if self.request is not None else None
        try:
            user = officer_login_with_password(
                identifier=username, password=password, ip_address=address
            )
        except ApplicationError as refusal:
            raise forms.ValidationError(str(refusal.message), code=refusal.code) from None
        self.user_cache = user
        try:
            self.clean_otp(user)
        except forms.ValidationError:
            login_failure_record(user=user, reason="second_factor", ip_address=address)
            raise
        # officer_login_with_password checked the account; Django's login() wants the backend
        user.backend = "django.contrib.auth.backends.ModelBackend"  # type: ignore[attr-defined]  # Django sets it on the user at run time
        return self.cleaned_data

    def clean_otp(self, user):
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        return super().clean_otp(user)
