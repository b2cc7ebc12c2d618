"""Writes of the identity domain for organisation accounts (``organisations``): the
organisation's register entry, its staff's log-in accounts with their authenticator (TOTP),
and the staff log-in's first factor. The organisations family calls these; it never writes
the identity tables itself."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import ApplicationError, Conflict
from jiaoguan.identity.models import Organization, User
from jiaoguan.identity.services.accounts import _password_check


@transaction.atomic
def organization_register(
    *,
    actor,
    name: str,
    credit_code: str,
    kind: str,
    region_code: str,
    contact_phone: str = "",
) -> Organization:
    """The organisation's entry with this 统一社会信用代码: the existing one (an organisation
    already known, e.g. as an owner of vehicles or a partner) or a new one. Audited when
    created. The caller has validated the code."""
    existing = Organization.objects.filter(credit_code=credit_code).first()
    if existing is not None:
        return existing
    organization = Organization.objects.create(
        name=name,
        credit_code=credit_code,
        kind=kind,
        region_code=region_code,
        contact_phone=contact_phone,
    )
    audit_record(
        actor=actor,
        action="identity.organization.registered",
        subject=organization,
        data={"credit_code": credit_code, "kind": kind},
    )
    return organization


@transaction.atomic
def organization_user_create(
    *, actor, organization_id: int, username: str, name: str, password: str
) -> tuple[User, str]:
    """An organisation user's log-in account, with a new authenticator (TOTP) device.

    Returns the account and the device's ``otpauth://`` address, to show once as a QR code.
    Refuses a taken username (``identity.organization_user.username_taken``) and a weak
    password (``identity.organization_user.password_weak``). Audited."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    username = (username or "").strip()
    if not username or len(username) > 150 or not username.isascii() or " " in username:
        raise ApplicationError(
            "identity.organization_user.username_invalid",
            _("登录名须为不含空格的字母、数字或符号。"),
            fields={"username": _("请换一个登录名")},
            status=422,
        )
    candidate = User(username=username, kind=User.Kind.ORGANIZATION, first_name=name[:150])
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise ApplicationError(
            "identity.organization_user.password_weak",
            " ".join(error.messages),
            fields={"password": " ".join(error.messages)},
            status=422,
        ) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username,
                password=password,
                kind=User.Kind.ORGANIZATION,
                organization_id=organization_id,
                first_name=name[:150],
            )
    except IntegrityError:
        raise Conflict(
            "identity.organization_user.username_taken",
            _("该登录名已被使用。"),
            fields={"username": _("请换一个登录名")},
        ) from None
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    audit_record(
        actor=actor,
        action="identity.organization_user.created",
        subject=user,
        data={"organization": organization_id},
    )
    return user, device.config_url


@transaction.atomic
def organization_user_deactivate(*, actor, user_id: int) -> None:
    """Close an organisation user's account: it can no longer log in. Audited."""
    user = User.objects.select_for_update().get(pk=user_id, kind=User.Kind.ORGANIZATION)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        user.api_tokens.all().delete()
        audit_record(actor=actor, action="identity.organization_user.deactivated", subject=user)


def organization_login_with_password(
    *, identifier: str, password: str, ip_address: str | None = None
) -> User:
    """The first factor of the organisation staff log-in: organisation accounts only, with
    the citizen log-in's counting, lockout and per-address limit; anyone else gets
    ``identity.login.failed``."""
    return _password_check(
        scope="organization_login",
        identifier=identifier,
        password=password,
        ip_address=ip_address,
        kinds=(User.Kind.ORGANIZATION,),
    )
