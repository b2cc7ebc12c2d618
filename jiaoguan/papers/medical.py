"""身体条件证明 from hospitals (DOMAIN.md §3.6, §14.3; issue 14 scope 5).

A hospital (an organisation of kind 医疗机构) records the examination of a person through
the signed partner API (its key of scope ``drivers.medical_certificates``): the person's
identity number and name, the hospital's own certificate number, the day of the
examination and the conclusion. The certificate becomes a ``drivers.MedicalCertificate``
row (valid 6 months from the examination, 162号 art. 85), so the register's duties see it
at once: the 70+ and C5 yearly duty is met and its notice stops. ``HospitalSubmission``
keeps who sent it, when and under which number.

The same number sent again by the same hospital is the same certificate: the same content
answers the stored certificate (a retry), other content is refused (409), never a second
certificate. A renewal that needs a certificate takes the person's latest one, and one
certificate backs one live application (the database's partial unique index; a refused
or withdrawn application frees it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, PermissionDenied
from jiaoguan.drivers.rules import medical_certificate_valid_until
from jiaoguan.drivers.selectors import medical_certificates_of
from jiaoguan.drivers.services import medical_certificate_record
from jiaoguan.identity.selectors import person_matching
from jiaoguan.identity.services import person_records_changed
from jiaoguan.papers.designations import HOSPITAL_KIND, hospital_designated
from jiaoguan.papers.models import HospitalSubmission, PaperApplication

if TYPE_CHECKING:
    from jiaoguan.drivers.models import MedicalCertificate

SCOPE = "drivers.medical_certificates"
#: Application states that no longer hold their certificate.
_RELEASED = ("refused", "withdrawn")


def not_hospital() -> PermissionDenied:
    return PermissionDenied("papers.medical.not_hospital", _("只有医疗机构可以提交身体条件证明。"))


def person_unknown() -> ApplicationError:
    return ApplicationError(
        "papers.medical.person",
        _("公民身份号码与姓名不符，或者没有此人的登记信息。"),
        fields={"id_number": _("请核对公民身份号码和姓名。")},
        status=422,
    )


def issued_on_invalid(message) -> ApplicationError:
    return ApplicationError(
        "papers.medical.issued_on", message, fields={"issued_on": message}, status=422
    )


def number_reused() -> Conflict:
    return Conflict(
        "papers.medical.duplicate",
        _("本院已用该证明编号提交过内容不同的身体条件证明，同一编号不能再次使用。"),
    )


@dataclass(frozen=True)
class Submitted:
    certificate: MedicalCertificate
    submission: HospitalSubmission
    created: bool

    @property
    def valid_until(self) -> date:
        return medical_certificate_valid_until(self.certificate.issued_on)


def _digest(**content: Any) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _existing(organization_id: int, number: str, digest: str) -> Submitted | None:
    found = (
        HospitalSubmission.objects.select_related("certificate")
        .filter(organization_id=organization_id, number=number)
        .first()
    )
    if found is None:
        return None
    if found.digest != digest:
        raise number_reused()
    return Submitted(certificate=found.certificate, submission=found, created=False)


def medical_certificate_submit(
    *,
    actor: Any,
    id_number: str,
    name: str,
    number: str,
    issued_on: date,
    fit_to_drive: bool,
    doctor: str = "",
    ip_address: str | None = None,
) -> Submitted:
    """Record a hospital's certificate for the person with ``id_number`` and ``name``.

    Refused with ``papers.medical.not_hospital`` (403) for a partner that is not a medical
    institution, ``papers.medical.person`` (422) when identity number and name match nobody
    (which of them is wrong is not told), ``papers.medical.issued_on`` (422) for an
    examination in the future or already older than six months, and
    ``papers.medical.duplicate`` (409) for a number of this hospital already used with other
    content. The same content again answers the stored certificate (``created`` False).
    Audits ``papers.medical.submitted`` with the partner's key."""
    if getattr(actor, "organization_kind", None) != HOSPITAL_KIND:
        raise not_hospital()
    today = clock.today()
    if issued_on > today:
        raise issued_on_invalid(_("体检日期不能晚于今天。"))
    if medical_certificate_valid_until(issued_on) < today:
        raise issued_on_invalid(_("体检日期已超过六个月，该身体条件证明已失效。"))
    number = number.strip()
    id_number = id_number.strip().upper()
    digest = _digest(
        id_number=id_number,
        name=name.strip(),
        issued_on=issued_on,
        fit=bool(fit_to_drive),
        doctor=doctor.strip(),
    )
    previous = _existing(actor.organization_id, number, digest)
    if previous is not None:
        return previous
    person = person_matching(id_number=id_number, name=name)
    if person is None:
        raise person_unknown()
    try:
        with transaction.atomic():
            certificate = medical_certificate_record(
                person_id=person.pk,
                issued_on=issued_on,
                institution_name=actor.organization_name,
                fit_to_drive=bool(fit_to_drive),
                designated_hospital=hospital_designated(
                    organization_id=actor.organization_id, on=issued_on
                ),
            )
            submission = HospitalSubmission.objects.create(
                certificate=certificate,
                organization_id=actor.organization_id,
                number=number,
                key_id=actor.key_id,
                doctor=doctor.strip(),
                digest=digest,
                submitted_at=clock.now(),
            )
            audit_record(
                actor=actor,
                action="papers.medical.submitted",
                subject=certificate,
                person_id_number=person.id_number,
                data={
                    "number": number,
                    "issued_on": issued_on.isoformat(),
                    "fit_to_drive": bool(fit_to_drive),
                },
                ip_address=ip_address,
            )
            person_records_changed(person_ids=[person.pk])
    except IntegrityError:
        # The same number raced in from another request: it is that one, or a reuse.
        previous = _existing(actor.organization_id, number, digest)
        if previous is None:
            raise
        return previous
    return Submitted(certificate=certificate, submission=submission, created=True)


@dataclass(frozen=True)
class CertificateView:
    id: int
    hospital: str
    number: str
    issued_on: date
    valid_until: date
    fit_to_drive: bool
    submitted_at: datetime | None
    used: bool
    designated_hospital: bool = False

    def valid_on(self, day: date) -> bool:
        return self.fit_to_drive and self.issued_on <= day <= self.valid_until


def _views(certificates: list[MedicalCertificate], open_key: str = "") -> list[CertificateView]:
    ids = [c.pk for c in certificates]
    submissions = {
        s.certificate_id: s for s in HospitalSubmission.objects.filter(certificate_id__in=ids)
    }
    holders = PaperApplication.objects.filter(medical_certificate_id__in=ids).exclude(
        state__in=_RELEASED
    )
    if open_key:
        # Held by this document's own open application: that is "already applied", not
        # "certificate used" (the submission refuses it as an open application).
        holders = holders.exclude(document_key=open_key, state__in=PaperApplication.OPEN_STATES)
    used = set(holders.values_list("medical_certificate_id", flat=True))
    views = []
    for certificate in certificates:
        submission = submissions.get(certificate.pk)
        views.append(
            CertificateView(
                id=certificate.pk,
                hospital=certificate.institution_name,
                number=submission.number if submission else "",
                issued_on=certificate.issued_on,
                valid_until=medical_certificate_valid_until(certificate.issued_on),
                fit_to_drive=certificate.fit_to_drive,
                submitted_at=submission.submitted_at if submission else certificate.submitted_at,
                used=certificate.pk in used,
                designated_hospital=certificate.designated_hospital,
            )
        )
    return views


def latest_certificate(
    *, person_id: int, as_of: date, document_key: str = ""
) -> CertificateView | None:
    """The person's latest certificate examined by ``as_of`` (the hospital's latest
    conclusion is the one that counts, fit or not), and whether a live application holds it
    (other than the open application of ``document_key``)."""
    certificates = medical_certificates_of(person_id=person_id, as_of=as_of, limit=1)
    views = _views(certificates, open_key=document_key)
    return views[0] if views else None


def certificates_of_person(*, person_id: int, limit: int = 10) -> list[CertificateView]:
    """The person's certificates, newest first: which hospital sent what and when."""
    return _views(medical_certificates_of(person_id=person_id, limit=limit))


def submissions_of_hospital(*, organization_id: int, limit: int = 50):
    """What this hospital sent, newest first (its staff's list)."""
    return (
        HospitalSubmission.objects.select_related("certificate")
        .filter(organization_id=organization_id)
        .order_by("-submitted_at", "-pk")[:limit]
    )
