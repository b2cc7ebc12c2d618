"""身体条件证明 from hospitals (DOMAIN §3.6, §14.3): a hospital signs each request with its
partner key of scope ``drivers.medical_certificates`` and records the examination of a
person (``POST``), or lists what it has sent (``GET``: its staff's view). The citizen sees
the hospital, the date and the validity on the licence service pages."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status
from pydantic import Field

from jiaoguan.api.auth import partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.idempotency import idempotent
from jiaoguan.api.types import InputDate, Text
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.papers import medical

hospital_router = Router(tags=["papers", "partner"], auth=partner_auth(medical.SCOPE))


class MedicalCertificateIn(Schema):
    id_number: str = Field(pattern=r"^[0-9]{17}[0-9Xx]$", description="受检人公民身份号码")
    name: Text = Field(min_length=1, max_length=50, description="受检人姓名")
    number: str = Field(
        pattern=r"^[0-9A-Za-z-]{1,40}$", description="本院身体条件证明编号 (unique per hospital)"
    )
    issued_on: InputDate = Field(description="体检日期 (the certificate is valid 6 months)")
    fit_to_drive: bool = Field(description="体检结论：符合驾驶条件")
    doctor: Text = Field("", max_length=50, description="体检医生")


class MedicalCertificateOut(Schema):
    number: str
    issued_on: date
    valid_until: date = Field(description="有效期至 (6 months from the examination)")
    fit_to_drive: bool
    submitted_at: datetime
    created: bool = Field(description="false: the same certificate was already recorded")


def _out(submission, certificate, created: bool) -> dict:
    return {
        "number": submission.number,
        "issued_on": certificate.issued_on,
        "valid_until": medical.medical_certificate_valid_until(certificate.issued_on),
        "fit_to_drive": certificate.fit_to_drive,
        "submitted_at": clock.local(submission.submitted_at),
        "created": created,
    }


@hospital_router.post(
    "",
    response={200: MedicalCertificateOut, 201: MedicalCertificateOut, **error_responses(409, 422)},
)
@idempotent(responses={200: MedicalCertificateOut, 201: MedicalCertificateOut})
def submit(request, payload: MedicalCertificateIn):
    """Record a person's examination (201; the same number with the same content again
    answers 200 with ``created`` false; the same number with other content 409). The person
    is found by identity number and name together; a mismatch answers 422 without saying
    which is wrong. An examination older than six months is refused: it is no longer valid."""
    done = medical.medical_certificate_submit(
        actor=request.auth,
        id_number=payload.id_number,
        name=payload.name,
        number=payload.number,
        issued_on=payload.issued_on,
        fit_to_drive=payload.fit_to_drive,
        doctor=payload.doctor,
        ip_address=client_address(request),
    )
    return Status(
        201 if done.created else 200, _out(done.submission, done.certificate, done.created)
    )


class HospitalSubmissionsQuery(Schema):
    limit: int = Field(50, ge=1, le=200)


@hospital_router.get("", response=list[MedicalCertificateOut])
def submitted(request, params: Query[HospitalSubmissionsQuery]):
    """What this hospital has sent, newest first."""
    return [
        _out(submission, submission.certificate, False)
        for submission in medical.submissions_of_hospital(
            organization_id=request.auth.organization_id, limit=params.limit
        )
    ]


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/partner/medical-certificates", hospital_router, position=169),
]
