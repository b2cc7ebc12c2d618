"""Writes for accounts: real-name registration, log-in, SMS codes, lockout."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.ids import InvalidIdNumber, is_valid_mobile, parse_id_number
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.identity import errors
from jiaoguan.identity.models import (
    ApiToken,
    Person,
    SmsChallenge,
    User,
)
from jiaoguan.identity.records import records_tokens_bump

#: What a code is for, in its SMS (lazy: read in the recipient's language at sending).
_SMS_ACTIONS: dict[str, object] = {
    SmsChallenge.Purpose.REGISTER: gettext_lazy("注册交管服务账户"),
    SmsChallenge.Purpose.LOGIN: gettext_lazy("登录交管服务"),
    SmsChallenge.Purpose.PASSWORD_RESET: gettext_lazy("重置交管服务登录密码"),
}


def _digest(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not is_valid_mobile(phone):
        raise ApplicationError(
            "identity.phone.invalid",
            _("请输入正确的11位手机号码。"),
            fields={"phone": _("手机号码格式不正确")},
        )
    return phone


def _check_address(scope: str, ip_address: str | None, limit: int) -> None:
    if ip_address and not within_limit(scope, ip_address, limit=limit, window_seconds=3600):
        raise errors.too_many_from_address()


def _send_code(
    *,
    purpose: str,
    phone: str,
    person: Person | None,
    ip_address: str | None,
    what: str | None = None,
    action: str | None = None,
    decoy: bool = False,
) -> SmsChallenge:
    """Issue a fresh code to ``phone`` unless one was sent too recently, to this phone or
    from this address.

    A ``decoy`` (asked for a phone with no account) goes through the same limits and leaves
    the same kind of row, so the answer and the next request's refusal do not tell whether
    the phone is registered; it sends nothing, and its empty digest matches no code.
    """
    _check_address("sms", ip_address, settings.JIAOGUAN_SMS_PER_ADDRESS_PER_HOUR)
    now = clock.now()
    resend = settings.JIAOGUAN_SMS_CODE_RESEND_SECONDS
    last = (
        SmsChallenge.objects.filter(phone=phone, purpose=purpose)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None and (now - last).total_seconds() < resend:
        raise errors.code_too_soon(resend - int((now - last).total_seconds()))
    code = f"{secrets.randbelow(10**6):06d}"
    challenge = SmsChallenge.objects.create(
        purpose=purpose,
        phone=phone,
        person=person,
        code_digest="" if decoy else _digest(phone, code),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.JIAOGUAN_SMS_CODE_TTL_SECONDS),
    )
    if decoy:
        return challenge
    minutes = settings.JIAOGUAN_SMS_CODE_TTL_SECONDS // 60
    if what is None:
        # Each code says what it is for, so a code asked for by someone else stands out.
        action = action or str(_SMS_ACTIONS.get(purpose) or _("办理业务"))
        text = _(
            "【交管】您正在%(action)s，验证码为%(code)s，%(minutes)s分钟内有效。请勿告诉他人。"
        ) % {"action": action, "code": code, "minutes": minutes}
    else:
        text = _(
            "【交管】%(what)s。如您同意，请将验证码%(code)s告知对方，%(minutes)s分钟内有效；"
            "如不同意，请忽略本短信。"
        ) % {"what": what, "code": code, "minutes": minutes}
    # The code leaves only after the challenge row is committed, so a failed transaction
    # never sends a code that cannot be checked.
    transaction.on_commit(lambda: get_sms_gateway().send(phone=phone, text=text))
    return challenge


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(
            "identity.password.weak",
            " ".join(error.messages),
            fields={"password": error.messages[0]},
        ) from None


def _consume_code(*, challenge_id: int, purpose: str, code: str) -> SmsChallenge:
    """Check ``code`` against the challenge; a wrong guess is counted even though we raise."""
    now = clock.now()
    with transaction.atomic():
        challenge = (
            SmsChallenge.objects.select_for_update()
            .filter(pk=challenge_id, purpose=purpose)
            .first()
        )
        if (
            challenge is None
            or challenge.consumed_at is not None
            or challenge.expires_at <= now
            or challenge.attempts >= settings.JIAOGUAN_SMS_CODE_MAX_ATTEMPTS
        ):
            accepted = False
        else:
            accepted = bool(challenge.code_digest) and hmac.compare_digest(
                challenge.code_digest, _digest(challenge.phone, (code or "").strip())
            )
            if accepted:
                challenge.consumed_at = now
                challenge.save(update_fields=["consumed_at"])
            else:
                SmsChallenge.objects.filter(pk=challenge.pk).update(attempts=F("attempts") + 1)
    if not accepted:
        raise errors.code_invalid()
    assert challenge is not None  # only a found challenge can be accepted
    return challenge


@transaction.atomic
def registration_start(
    *, name: str, id_number: str, phone: str, ip_address: str | None = None
) -> SmsChallenge:
    """Check name, identity number and phone against the person register; send an SMS code.

    Raises ``identity.registration.*`` errors without saying which of name or number was
    wrong (so the register cannot be probed), and ``identity.sms.too_soon`` on rapid resends.
    """
    try:
        parsed = parse_id_number((id_number or "").strip())
    except InvalidIdNumber:
        raise ApplicationError(
            "identity.id_number.invalid",
            _("公民身份号码格式或校验位不正确。"),
            fields={"id_number": _("请核对公民身份号码")},
        ) from None
    phone = _check_phone(phone)
    person = Person.objects.filter(id_number=parsed.number, name=(name or "").strip()).first()
    if person is None:
        audit_record(
            actor=None,
            action="identity.registration.rejected",
            data={"reason": "not_in_register"},
            ip_address=ip_address,
        )
        raise errors.not_in_register()
    if User.objects.filter(person=person).exists():
        raise errors.already_registered()
    if User.objects.filter(phone=phone).exists():
        raise errors.phone_taken()
    challenge = _send_code(
        purpose=SmsChallenge.Purpose.REGISTER, phone=phone, person=person, ip_address=ip_address
    )
    audit_record(
        actor=None,
        action="identity.registration.code_sent",
        subject=person,
        person_id_number=person.id_number,
        ip_address=ip_address,
    )
    return challenge


def registration_complete(
    *, challenge_id: int, code: str, password: str, ip_address: str | None = None
) -> User:
    """Confirm the SMS code and open the citizen account (one per person, nationwide).

    The password is checked first, so a refused password does not use up the code. The
    unique person and phone columns decide a race between two completions.
    """
    pending = (
        SmsChallenge.objects.select_related("person")
        .filter(pk=challenge_id, purpose=SmsChallenge.Purpose.REGISTER)
        .first()
    )
    if pending is None:
        raise errors.code_invalid()
    person = pending.person
    assert person is not None  # registration_start sends register codes only to a person
    user = User(
        kind=User.Kind.CITIZEN,
        username=User.citizen_username(person.pk),
        person=person,
        phone=pending.phone,
        first_name=person.name,
    )
    _validate_password(password, user)
    _consume_code(challenge_id=challenge_id, purpose=SmsChallenge.Purpose.REGISTER, code=code)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            audit_record(
                actor=user,
                action="identity.registration.completed",
                subject=user,
                person_id_number=person.id_number,
                ip_address=ip_address,
            )
    except IntegrityError:
        raise errors.already_registered() from None
    return user


def _find_account(identifier: str) -> User | None:
    """By identity number (its check letter X in either case), officer number or phone."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    # One indexed query per kind of identifier, not one OR across the person join (which
    # would scan the accounts): identity numbers have 18 characters, phones 11 digits, and
    # a citizen's username is never typed (it is ``citizen.<person id>``).
    found = None
    if len(identifier) == 18:
        found = User.objects.filter(person__id_number=identifier).first()
    elif is_valid_mobile(identifier):
        found = User.objects.filter(phone=identifier).first()
    return found or User.objects.filter(username=identifier).exclude(kind=User.Kind.CITIZEN).first()


def login_with_password(*, identifier: str, password: str, ip_address: str | None = None) -> User:
    """Check a password log-in by identity number (or officer number) or phone number.

    After ``JIAOGUAN_LOGIN_MAX_FAILURES`` wrong passwords in a row the password log-in is
    locked for ``JIAOGUAN_LOGIN_LOCK_MINUTES``; the failure count is committed before the
    error is raised. Log-in by SMS code stays open while locked.
    """
    return _password_check(
        scope="login", identifier=identifier, password=password, ip_address=ip_address
    )


def officer_login_with_password(
    *, identifier: str, password: str, ip_address: str | None = None
) -> User:
    """The first factor of the back-office log-in: officer accounts only.

    The same counting, lockout and per-address limit as the citizen log-in (one rule, in
    ``_password_check``); a citizen's or an organisation's account, an unknown account and a
    wrong password all get the same ``identity.login.failed`` answer, and each is audited.
    A non-officer account's failure count is not touched (the back office is not its door).
    """
    return _password_check(
        scope="officer_login",
        identifier=identifier,
        password=password,
        ip_address=ip_address,
        kinds=(User.Kind.OFFICER,),
    )


def login_failure_record(*, user: User, reason: str, ip_address: str | None = None) -> None:
    """Count one failed log-in of ``user`` for a reason other than its password (a wrong
    second-factor code); locks the account like wrong passwords do. Audited."""
    _count_failure(user=user, reason=reason, ip_address=ip_address, now=clock.now())


def _password_check(
    *,
    scope: str,
    identifier: str,
    password: str,
    ip_address: str | None,
    kinds: tuple[str, ...] | None = None,
) -> User:
    _check_address(scope, ip_address, settings.JIAOGUAN_LOGINS_PER_ADDRESS_PER_HOUR)
    now = clock.now()
    user = _find_account(identifier)
    if user is None or not user.is_active or (kinds is not None and user.kind not in kinds):
        reason = "unknown_account" if user is None or not user.is_active else "not_officer"
        audit_record(
            actor=None,
            action="identity.login.failed",
            subject=user if reason == "not_officer" else None,
            data={"reason": reason, "door": scope},
            ip_address=ip_address,
        )
        if user is not None and user.is_active:
            user.check_password(password)  # the same time as a real check
        raise errors.login_failed()
    if user.locked_until and user.locked_until > now:
        audit_record(
            actor=None,
            action="identity.login.failed",
            subject=user,
            data={"reason": "locked", "door": scope},
            ip_address=ip_address,
        )
        raise errors.account_locked(settings.JIAOGUAN_LOGIN_LOCK_MINUTES)
    if user.check_password(password):
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        audit_record(
            actor=user, action="identity.login.password", subject=user, ip_address=ip_address
        )
        return user
    if _count_failure(user=user, reason="password", ip_address=ip_address, now=now, door=scope):
        raise errors.account_locked(settings.JIAOGUAN_LOGIN_LOCK_MINUTES)
    raise errors.login_failed()


def _count_failure(
    *, user: User, reason: str, ip_address: str | None, now, door: str = "login"
) -> bool:
    """Count one failure of ``user``, lock it at the limit, audit it; True once locked."""
    lock_minutes = settings.JIAOGUAN_LOGIN_LOCK_MINUTES
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        failures = User.objects.values_list("failed_login_count", flat=True).get(pk=user.pk)
        locked = failures >= settings.JIAOGUAN_LOGIN_MAX_FAILURES
        if locked:
            User.objects.filter(pk=user.pk).update(
                failed_login_count=0, locked_until=now + timedelta(minutes=lock_minutes)
            )
        audit_record(
            actor=None,
            action="identity.login.failed",
            subject=user,
            data={"failures": failures, "locked": locked, "reason": reason, "door": door},
            ip_address=ip_address,
        )
    return locked


@transaction.atomic
def login_code_request(*, phone: str, ip_address: str | None = None) -> SmsChallenge:
    """Send a log-in code to a registered phone. For an unknown phone a decoy challenge
    (nothing sent, no code opens it) under the same limits: the caller's answer is the same
    either way, challenge id included."""
    phone = _check_phone(phone)
    user = User.objects.filter(phone=phone, is_active=True).first()
    challenge = _send_code(
        purpose=SmsChallenge.Purpose.LOGIN,
        phone=phone,
        person=None,
        ip_address=ip_address,
        decoy=user is None,
    )
    if user is not None:
        audit_record(
            actor=None, action="identity.login.code_sent", subject=user, ip_address=ip_address
        )
    return challenge


def login_with_code(*, challenge_id: int, code: str, ip_address: str | None = None) -> User:
    """Log in with an SMS code sent by ``login_code_request``."""
    challenge = _consume_code(
        challenge_id=challenge_id, purpose=SmsChallenge.Purpose.LOGIN, code=code
    )
    user = User.objects.filter(phone=challenge.phone, is_active=True).first()
    if user is None:
        raise errors.code_invalid()
    audit_record(actor=user, action="identity.login.sms_code", subject=user, ip_address=ip_address)
    return user


def person_records_changed(*, person_ids) -> None:
    """Mark the register records of these persons as changed (see ``Person.records_version``).

    Every write to a person's vehicles, license, points or medical certificates calls this in
    its transaction.
    """
    ids = [pk for pk in person_ids if pk is not None]
    if ids:
        Person.objects.filter(pk__in=ids).update(records_version=F("records_version") + 1)
        records_tokens_bump(ids)


@transaction.atomic
def officer_totp_issue(*, actor, officer: User) -> str:
    """Give ``officer`` a new authenticator (TOTP) device, replacing any earlier one, and
    return its ``otpauth://`` address to show once as a QR code. Audited."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if officer.kind != User.Kind.OFFICER:
        raise ApplicationError("identity.officer.not_officer", _("该账号不是民警账号。"))
    TOTPDevice.objects.filter(user=officer).delete()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    audit_record(actor=actor, action="identity.officer.totp_issued", subject=officer)
    return device.config_url


@transaction.atomic
def password_reset_request(*, phone: str, ip_address: str | None = None) -> SmsChallenge:
    """Send a password-reset code to a registered phone; for an unknown phone a decoy
    challenge under the same limits, as ``login_code_request``."""
    phone = _check_phone(phone)
    user = User.objects.filter(phone=phone, is_active=True).first()
    challenge = _send_code(
        purpose=SmsChallenge.Purpose.PASSWORD_RESET,
        phone=phone,
        person=None,
        ip_address=ip_address,
        decoy=user is None,
    )
    if user is not None:
        audit_record(
            actor=None,
            action="identity.password_reset.code_sent",
            subject=user,
            ip_address=ip_address,
        )
    return challenge


def password_reset_complete(
    *, challenge_id: int, code: str, password: str, ip_address: str | None = None
) -> User:
    """Set a new password with the SMS code. The password is checked before the code is
    used; the lockout is lifted and every API token of the account is revoked."""
    pending = SmsChallenge.objects.filter(
        pk=challenge_id, purpose=SmsChallenge.Purpose.PASSWORD_RESET
    ).first()
    user = User.objects.filter(phone=pending.phone, is_active=True).first() if pending else None
    if user is None:
        raise errors.code_invalid()
    _validate_password(password, user)
    _consume_code(challenge_id=challenge_id, purpose=SmsChallenge.Purpose.PASSWORD_RESET, code=code)
    with transaction.atomic():
        user.set_password(password)
        user.failed_login_count, user.locked_until = 0, None
        user.save(update_fields=["password", "failed_login_count", "locked_until"])
        ApiToken.objects.filter(user=user).delete()
        audit_record(
            actor=user,
            action="identity.password_reset.completed",
            subject=user,
            ip_address=ip_address,
        )
    return user
