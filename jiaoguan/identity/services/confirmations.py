"""SMS codes a citizen types in to confirm an act of their own (an online application's
submission, 短信验证码确认提交): the account's codes, their limits and digest, with the
purpose 授权确认 and the act named in the SMS."""

from jiaoguan.identity import errors
from jiaoguan.identity.models import Person, SmsChallenge, User
from jiaoguan.identity.services.accounts import _consume_code, _send_code


def confirmation_code_send(*, person_id: int, action: str, ip_address: str | None = None):
    """Text the person's own registered mobile a code confirming ``action`` (您正在…), which
    they type in to confirm it themselves (an online application's submission). None when
    the person has no account with a mobile number. Same limits as every code."""
    phone = (
        User.objects.filter(person_id=person_id, is_active=True)
        .values_list("phone", flat=True)
        .first()
    )
    if not phone:
        return None
    return _send_code(
        purpose=SmsChallenge.Purpose.CONSENT,
        phone=phone,
        person=Person.objects.get(pk=person_id),
        ip_address=ip_address,
        action=action,
    )


def confirmation_code_check(*, challenge_id: int, person_id: int, code: str) -> SmsChallenge:
    """Check a confirmation code sent to this person (wrong guesses counted); a code sent
    to someone else is refused as a wrong one."""
    if not SmsChallenge.objects.filter(pk=challenge_id, person_id=person_id).exists():
        raise errors.code_invalid()
    return _consume_code(challenge_id=challenge_id, purpose=SmsChallenge.Purpose.CONSENT, code=code)
