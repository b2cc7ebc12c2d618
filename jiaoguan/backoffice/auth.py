"""Officer log-in: password plus the code from the officer's authenticator app (TOTP)."""

from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class OfficerAuthenticationForm(OTPAuthenticationForm):
    """Officers have one authenticator; choose it for them so they type only the code."""

    def clean_otp(self, user):
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        return super().clean_otp(user)
