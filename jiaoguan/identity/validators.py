"""A password validator of this domain: not the account's identity number or phone.

A Chinese identity number is known to every hotel, bank and employer that has seen the card,
and ends in X about one time in eleven, which lets it past Django's numeric validator; the
phone is known to everyone the citizen has called."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class KnownNumbersValidator:
    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        person = getattr(user, "person", None)
        numbers = [getattr(person, "id_number", "") or "", getattr(user, "phone", "") or ""]
        folded = password.strip().upper()
        for number in filter(None, numbers):
            if number.upper() in folded:
                raise ValidationError(
                    _("密码不能包含身份证号码或手机号码。"), code="password_known_number"
                )

    def get_help_text(self) -> str:
        return _("密码不能包含身份证号码或手机号码。")
