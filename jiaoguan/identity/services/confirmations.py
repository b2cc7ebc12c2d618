"""SMS codes a person gives to confirm something outside log-in: a consent they tell the
one asking (an organisation), or their own confirmation of what they do (signing an
accident agreement). The same codes, limits and checks as log-in (``accounts``)."""

from jiaoguan.identity import errors
from jiaoguan.identity.models import Person, SmsChallenge, User

from .accounts import _consume_code, _send_code


def consent_code_send(*, person_id: int, what: str, ip_address: str | None = None):
    """Text a consent code to the person's registered mobile, saying ``what`` they would
    consent to; the one asking enters the code the person gives them. None when the person
    has no account with a mobile number."""
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
        what=what,
    )


def confirmation_code_send(*, person_id: int, action: str, ip_address: str | None = None):
    """Text the person's own registered mobile a code that confirms ``action`` (what they
    are doing, e.g. signing an accident agreement); they type it back themselves. Under the
    same limits as every code. None when the person has no account with a mobile number."""
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
    """Check a code sent by ``confirmation_code_send`` to this person (a code sent to
    someone else is refused like a wrong one; wrong guesses counted)."""
    if not SmsChallenge.objects.filter(
        pk=challenge_id, purpose=SmsChallenge.Purpose.CONSENT, person_id=person_id
    ).exists():
        raise errors.code_invalid()
    return _consume_code(challenge_id=challenge_id, purpose=SmsChallenge.Purpose.CONSENT, code=code)


def consent_code_check(*, challenge_id: int, code: str) -> SmsChallenge:
    """Check a consent code (wrong guesses counted, at most the configured attempts)."""
    return _consume_code(challenge_id=challenge_id, purpose=SmsChallenge.Purpose.CONSENT, code=code)
