"""电子证照 (DOMAIN §9, §15.4; ADR 0015): the electronic driving licence and inspection mark
as signed QR payloads; the public keys and the verification anyone may call.

- ``GET /v1/credentials/keys``: the issuer's public keys (JWK, OKP/Ed25519) with validity,
  so a verifier checks a payload offline.
- ``POST /v1/credentials/verify``: the signature and the live status from the register. No
  log-in; a request signed with a partner key (rental firms, insurers: any organisation the
  platform issued a key to) is an authorised verifier and sees the full name and licence number too.
- ``POST /v1/me/credentials/...``: the logged-in citizen's own credential, signed now.
"""

from datetime import datetime

from ninja import Router, Schema
from pydantic import Field

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.core import clock, signing
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.credentials import selectors, services
from jiaoguan.credentials.verification import (
    credential_verify,
    verifier_anonymous,
    verifier_partner,
)
from jiaoguan.identity.selectors import partner_for_request

router = Router(tags=["credentials"])
me_router = Router(tags=["credentials", "me"], auth=citizen_auth)


class CredentialKeyOut(Schema):
    kty: str = Field(description="OKP")
    crv: str = Field(description="Ed25519")
    alg: str = Field(description="EdDSA (COSE algorithm -8)")
    use: str = Field(description="sig")
    kid: str = Field(description="密钥编号：与二维码 COSE 头部的 kid 相同")
    x: str = Field(description="公钥（32 字节，base64url 无填充）")
    created_at: datetime = Field(description="启用时间：此后签发的二维码用它验证")
    signs_until: datetime = Field(description="停止签发时间")
    not_after: datetime = Field(description="验证截止时间：此后它签的二维码一律无效")


class KeysOut(Schema):
    format: str = Field(
        description="二维码内容：'JG1:' + base64url(COSE_Sign1，RFC 9052)，"
        "载荷为 CWT 声明（RFC 8392）"
    )
    qr_seconds: int = Field(description="二维码有效秒数（到期前重新生成）")
    keys: list[CredentialKeyOut]


@router.get("/keys", response=KeysOut)
def keys(request):
    """The issuer's public keys that still verify, newest first (key rotation: an old key
    stays listed until its last QR has expired)."""
    return {
        "format": "JG1:base64url(COSE_Sign1(EdDSA; CWT claims iss, exp, iat, cti, "
        "-65537 kind, -65538 fields))",
        "qr_seconds": services.qr_seconds(),
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": key.algorithm,
                "use": "sig",
                "kid": key.key_id,
                "x": key.public_key,
                "created_at": clock.local(key.created_at),
                "signs_until": clock.local(key.signs_until),
                "not_after": clock.local(key.not_after),
            }
            for key in selectors.issuer_keys_published()
        ],
    }


class VerifyIn(Schema):
    qr: str = Field(description="扫码得到的内容（以 JG1: 开头）；过长的内容答复 valid=false")


class CredentialVerifyOut(Schema):
    valid: bool = Field(description="签名有效且未过期")
    status: str = Field(description="normal（黑码）或 abnormal（红码）；无效的一律 abnormal")
    reason: str = Field(description="原因代码：驾驶证或车辆状态，或无效的原因")
    reason_text: str
    kind: str = Field(description="dl 电子驾驶证，im 检验标志电子凭证；无效时为空")
    credential_id: str
    issued_at: datetime | None = Field(description="二维码生成时间")
    expires_at: datetime | None
    authorised: bool = Field(description="核验方为授权单位或民警：可见完整姓名与证号")
    disclosed: dict[str, str] = Field(
        description="可见字段：n 姓名（遮挡）、c 准驾车型、v 有效期至；"
        "检验标志 p 号牌、t 车辆类型、v 检验有效期至；"
        "授权核验方另见 name、license_number、issuing_authority、cycle_points（或 vin、owner_name）"
    )


@router.post("/verify", response={200: CredentialVerifyOut, **error_responses(401, 403, 429)})
def verify(request, body: VerifyIn):
    """Verify a scanned payload: ``valid``, ``status`` (black ``normal`` / red ``abnormal``)
    with its ``reason``, and the fields this verifier may see. A tampered, expired,
    wrong-key or oversized payload is ``valid: false`` with its reason. Signed with a
    partner key the caller is an authorised verifier; a wrong signature is refused (401).
    Every check is recorded and shown to the holder."""
    if request.headers.get(signing.KEY_HEADER):
        partner = partner_for_request(
            key_id=request.headers.get(signing.KEY_HEADER, ""),
            timestamp=request.headers.get(signing.TIMESTAMP_HEADER, ""),
            nonce=request.headers.get(signing.NONCE_HEADER, ""),
            signature=request.headers.get(signing.SIGNATURE_HEADER, ""),
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            body=request.body,
            scopes=(),  # any valid partner key: an organisation the platform registered
        )
        verifier = verifier_partner(partner)
    else:
        verifier = verifier_anonymous()
    result = credential_verify(qr=body.qr, verifier=verifier, ip_address=client_address(request))
    return {
        "valid": result.valid,
        "status": result.status,
        "reason": result.reason,
        "reason_text": result.reason_text,
        "kind": result.kind,
        "credential_id": result.credential_id,
        "issued_at": clock.local(result.issued_at) if result.issued_at else None,
        "expires_at": clock.local(result.expires_at) if result.expires_at else None,
        "authorised": result.authorised,
        "disclosed": result.disclosed,
    }


class SignedOut(Schema):
    qr: str = Field(description="二维码内容（以 JG1: 开头），按原样编码为二维码")
    issued_at: datetime = Field(description="生成时间（页面上显示）")
    expires_at: datetime = Field(description="到期时间：此前重新生成")
    credential_id: str
    disclosed: dict[str, str] = Field(
        description="二维码本身携带的字段（另有 s：生成时的状态 normal/abnormal，供离线核验）"
    )


def _signed(signed: services.Signed) -> dict:
    return {
        "qr": signed.qr,
        "issued_at": clock.local(signed.issued_at),
        "expires_at": clock.local(signed.expires_at),
        "credential_id": str(signed.credential.public_id),
        "disclosed": signed.fields,
    }


@me_router.post("/driving-license", response={200: SignedOut, **error_responses(404, 409)})
def my_driving_license(request):
    """My electronic driving licence (电子驾驶证), signed now and valid for ``qr_seconds``
    (default 60): call again before ``expires_at``. A cancelled or revoked licence gets
    none (409)."""
    return _signed(services.driving_license_sign(actor=request.auth))


@me_router.post(
    "/inspection-mark/{vehicle_id}", response={200: SignedOut, **error_responses(403, 409)}
)
def my_inspection_mark(request, vehicle_id: int):
    """The electronic inspection mark (检验标志电子凭证) of one of my vehicles, signed now.
    Another person's vehicle (or no such vehicle) is refused (403
    ``credentials.vehicle.not_owned``); a vehicle whose inspection is not valid gets none
    (409 ``credentials.mark.inspection_not_valid``)."""
    return _signed(services.inspection_mark_sign(actor=request.auth, vehicle_id=vehicle_id))


class CredentialVerificationOut(Schema):
    verified_at: datetime
    credential: str = Field(description="driving_license 或 inspection_mark")
    verifier_kind: str = Field(description="anonymous、officer 或 partner")
    verifier: str = Field(description="核验方：民警、单位名称；公众为空")
    valid: bool
    status: str


@me_router.get("/verifications", response=list[CredentialVerificationOut])
def my_verifications(request):
    """Who verified my credentials (谁核验了我的证照), newest first: every check of a
    payload whose signature held, valid or not (an expired screenshot shows too)."""
    return [
        {
            "verified_at": clock.local(check.verified_at),
            "credential": check.credential.kind,
            "verifier_kind": check.verifier_kind,
            "verifier": check.verifier_label,
            "valid": check.valid,
            "status": check.status,
        }
        for check in selectors.verifications_of_person(person_id=request.auth.person_id)
    ]


mounts = [
    ApiMount("/v1/credentials", router, position=180),
    ApiMount("/v1/me/credentials", me_router, position=181),
]
