"""Real-name registration and log-in for app and API clients; answers carry a bearer token."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from jiaoguan.api.auth import CitizenToken
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.core.opaque import PATTERN, opaque_id, opaque_pk
from jiaoguan.identity import services

router = Router(tags=["accounts"])

# A challenge id is opaque (core/opaque.py): no sequence to read, and the same shape whether
# or not the phone is registered (an unknown phone's is a decoy's).
CHALLENGE = "identity.sms_challenge"
ChallengeId = Annotated[
    str,
    Field(min_length=40, max_length=400, pattern=PATTERN, description="opaque challenge id"),
]


def _challenge_out(challenge) -> str:
    return opaque_id(challenge.pk, purpose=CHALLENGE)


def _challenge_pk(token: str) -> int:
    """The challenge's row id; 0 (no such row: "code invalid") for a token not ours."""
    return opaque_pk(token, purpose=CHALLENGE) or 0


class RegistrationStartIn(Schema):
    name: str
    id_number: str
    phone: str


class ChallengeOut(Schema):
    challenge_id: str
    message: str


class RegistrationCompleteIn(Schema):
    challenge_id: ChallengeId
    code: str
    password: str


class PasswordLoginIn(Schema):
    identifier: str
    password: str


class CodeRequestIn(Schema):
    phone: str


class CodeLoginIn(Schema):
    challenge_id: ChallengeId
    code: str


class PasswordResetIn(Schema):
    challenge_id: ChallengeId
    code: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"


@router.post("/registrations", response={201: ChallengeOut})
def registration_start(request, payload: RegistrationStartIn):
    """Step 1: verify name and identity number against the person register; SMS a code."""
    challenge = services.registration_start(
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        ip_address=client_address(request),
    )
    return Status(
        201, {"challenge_id": _challenge_out(challenge), "message": _("验证码已发送，请查收短信。")}
    )


@router.post("/registrations/confirm", response={201: TokenOut})
def registration_complete(request, payload: RegistrationCompleteIn):
    """Step 2: confirm the SMS code and set a password; the account opens."""
    user = services.registration_complete(
        challenge_id=_challenge_pk(payload.challenge_id),
        code=payload.code,
        password=payload.password,
        ip_address=client_address(request),
    )
    return Status(201, {"token": services.api_token_issue(user=user)})


@router.post("/tokens", response=TokenOut)
def login_password(request, payload: PasswordLoginIn):
    """Log in with identity number or phone number and password."""
    user = services.login_with_password(
        identifier=payload.identifier, password=payload.password, ip_address=client_address(request)
    )
    return {"token": services.api_token_issue(user=user)}


def _code_sent_if_registered(challenge) -> Status:
    """The same answer for known and unknown phones, so the API reveals nothing."""
    return Status(
        202,
        {
            "challenge_id": _challenge_out(challenge),  # a decoy's for an unknown phone
            "message": _("如该号码已注册，验证码已发送。"),
        },
    )


@router.post("/login-codes", response={202: ChallengeOut})
def login_code_request(request, payload: CodeRequestIn):
    """Send a log-in code to a registered phone (the answer is the same for any phone)."""
    challenge = services.login_code_request(phone=payload.phone, ip_address=client_address(request))
    return _code_sent_if_registered(challenge)


@router.post("/tokens/by-code", response=TokenOut)
def login_code(request, payload: CodeLoginIn):
    """Log in with the SMS code."""
    user = services.login_with_code(
        challenge_id=_challenge_pk(payload.challenge_id),
        code=payload.code,
        ip_address=client_address(request),
    )
    return {"token": services.api_token_issue(user=user)}


@router.post("/password-resets", response={202: ChallengeOut})
def password_reset_request(request, payload: CodeRequestIn):
    """Send a password-reset code to a registered phone (the same answer for any phone)."""
    challenge = services.password_reset_request(
        phone=payload.phone, ip_address=client_address(request)
    )
    return _code_sent_if_registered(challenge)


@router.post("/password-resets/confirm", response={204: None})
def password_reset_complete(request, payload: PasswordResetIn):
    """Set a new password with the code; every token of the account is revoked."""
    services.password_reset_complete(
        challenge_id=_challenge_pk(payload.challenge_id),
        code=payload.code,
        password=payload.password,
        ip_address=client_address(request),
    )
    return Status(204, None)


@router.delete("/tokens/current", response={204: None}, auth=CitizenToken())
def logout(request):
    """Revoke the bearer token this request carries (log this device out)."""
    services.api_token_revoke(key=request.headers["Authorization"].split(" ", 1)[1].strip())
    return Status(204, None)


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/accounts", router, position=20),
]
