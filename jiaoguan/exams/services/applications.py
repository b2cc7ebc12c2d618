"""License applications (学员) and learner permits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.rules import FIRST_APPLICATION_CLASSES, LicenseClass, parse_classes
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import LearnerPermit, LicenseApplication

if TYPE_CHECKING:
    from jiaoguan.identity.models import Organization, Person


def _application_number() -> str:
    return f"XY{clock.today():%Y%m%d}{secrets.randbelow(10**8):08d}"


@transaction.atomic
def license_application_submit(
    *,
    actor,
    person: Person,
    license_class: str,
    held_classes: str = "",
    driving_school: Organization | None = None,
    basis: str = rules.ApplicationBasis.ORDINARY,
    exam_region_code: str = "",
) -> LicenseApplication:
    """Accept an application for ``license_class`` (by the person or a driving school).

    The acceptance time is the sort time of the first 科目一 booking (DOMAIN.md §7). The exam
    location is the city of ``exam_region_code``, by default the driving school's, else the
    applicant's household registration (art. 39; ``rules.location``). ``basis`` marks a
    military or foreign license holder, who must finish within 3 years (art. 45). One
    active application per person (DB constraint). Audits ``exams.application.submitted``.
    """
    try:
        target = LicenseClass(license_class)
        held = parse_classes(held_classes) if held_classes.strip() else ()
    except ValueError:
        raise errors.invalid_class() from None
    if not held and target not in FIRST_APPLICATION_CLASSES:
        raise errors.invalid_class()
    try:
        basis = rules.ApplicationBasis(basis).value
    except ValueError:
        raise errors.basis_invalid() from None
    region = (exam_region_code or "").strip() or (
        driving_school.region_code if driving_school is not None else person.region_code
    )
    if not rules.is_region_code(region):
        raise errors.region_invalid("exam_region_code")
    try:
        with transaction.atomic():
            application = LicenseApplication.objects.create(
                number=_application_number(),
                person=person,
                license_class=target.value,
                held_classes=",".join(held),
                accepted_at=clock.now(),
                driving_school=driving_school,
                basis=basis,
                exam_region_code=rules.city_region_code(region),
            )
    except IntegrityError:
        raise errors.application_exists() from None
    audit_record(
        actor=actor,
        action="exams.application.submitted",
        subject=application,
        person_id_number=person.id_number,
        data={"license_class": target.value, "basis": basis, "exam_region": region},
    )
    return application


def learner_permit_issue(
    *, actor, application: LicenseApplication, issued_on: date
) -> LearnerPermit:
    """Issue the learner permit after 科目一 (art. 40); valid 3 years, never past the upper
    application age of the class (art. 41).

    Runs inside the caller's transaction (the result that passed 科目一).
    """
    valid_until = rules.permit_valid_until(
        issued_on,
        upper_age_reached_on=rules.upper_age_reached_on(
            LicenseClass(application.license_class), application.person.birth_date, issued_on
        ),
    )
    permit, created = LearnerPermit.objects.get_or_create(
        application=application,
        defaults={"issued_on": issued_on, "valid_until": valid_until},
    )
    if created:
        audit_record(
            actor=actor,
            action="exams.permit.issued",
            subject=permit,
            person_id_number=application.person.id_number,
        )
    return permit


def anonymised_id(window_code: str, application_number: str) -> str:
    """The applicant's public id in a window's published allocation: fixed by facts that
    exist before the window opens, so it cannot be chosen after the seed is known."""
    return hashlib.sha256(f"{window_code}:{application_number}".encode()).hexdigest()[:16]
