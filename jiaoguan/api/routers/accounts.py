"""Real-name registration and log-in for app and API clients; answers carry a bearer token."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from jiaoguan.api.auth import CitizenToken
from jiaoguan.api.errors import error_responses
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


ID_NUMBER = r"^[0-9]{17}[0-9Xx]$"
PHONE = r"^1[3-9][0-9]{9}$"
SMS_CODE = r"^[0-9]{6}$"


def _password():
    return Field(min_length=8, max_length=128, description="at least 8 characters, not common")


class RegistrationStartIn(Schema):
    name: str = Field(min_length=1, max_length=50, description="姓名, as in the register")
    id_number: str = Field(pattern=ID_NUMBER, description="居民身份证号码 (18 characters)")
    phone: str = Field(pattern=PHONE, description="mainland mobile number, 11 digits")


class ChallengeOut(Schema):
    challenge_id: str
    message: str


class RegistrationCompleteIn(Schema):
    challenge_id: ChallengeId
    code: str = Field(pattern=SMS_CODE, description="the 6-digit code texted")
    password: str = _password()


class PasswordLoginIn(Schema):
    identifier: str = Field(
        min_length=1, max_length=18, description="identity number or phone number"
    )
    password: str = Field(min_length=1, max_length=128)


class CodeRequestIn(Schema):
    phone: str = Field(pattern=PHONE, description="mainland mobile number, 11 digits")


class CodeLoginIn(Schema):
    challenge_id: ChallengeId
    code: str = Field(pattern=SMS_CODE, description="the 6-digit code texted")


class PasswordResetIn(Schema):
    challenge_id: ChallengeId
    code: str = Field(pattern=SMS_CODE, description="the 6-digit code texted")
    password: str = _password()


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"


@router.post("/registrations", response={201: ChallengeOut, **error_responses(400, 409, 429)})
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


@router.post("/registrations/confirm", response={201: TokenOut, **error_responses(400, 409, 429)})
def registration_complete(request, payload: RegistrationCompleteIn):
    """Step 2: confirm the SMS code and set a password; the account opens."""
    user = services.registration_complete(
        challenge_id=_challenge_pk(payload.challenge_id),
        code=payload.code,
        password=payload.password,
        ip_address=client_address(request),
    )
    return Status(201, {"token": services.api_token_issue(user=user)})


@router.post("/tokens", response={200: TokenOut, **error_responses(400, 403, 429)})
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


@router.post("/login-codes", response={202: ChallengeOut, **error_responses(429)})
def login_code_request(request, payload: CodeRequestIn):
    """Send a log-in code to a registered phone (the answer is the same for any phone)."""
    challenge = services.login_code_request(phone=payload.phone, ip_address=client_address(request))
    return _code_sent_if_registered(challenge)


@router.post("/tokens/by-code", response={200: TokenOut, **error_responses(400, 403, 429)})
def login_code(request, payload: CodeLoginIn):
    """Log in with the SMS code."""
    user = services.login_with_code(
        challenge_id=_challenge_pk(payload.challenge_id),
        code=payload.code,
        ip_address=client_address(request),
    )
    return {"token": services.api_token_issue(user=user)}


@router.post("/password-resets", response={202: ChallengeOut, **error_responses(429)})
def password_reset_request(request, payload: CodeRequestIn):
    """Send a password-reset code to a registered phone (the same answer for any phone)."""
    challenge = services.password_reset_request(
        phone=payload.phone, ip_address=client_address(request)
    )
    return _code_sent_if_registered(challenge)


@router.post("/password-resets/confirm", response={204: None, **error_responses(400, 429)})
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
