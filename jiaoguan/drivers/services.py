"""Writes to driving licenses that other domains need (the register itself is loaded)."""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import Conflict
from jiaoguan.drivers import rules
from jiaoguan.drivers.models import DrivingLicense, LicenseClassGrant
from jiaoguan.identity.models import Person
from jiaoguan.identity.services import person_records_changed


def _new_archive_number() -> str:
    return f"{secrets.randbelow(10**12):012d}"


@transaction.atomic
def license_class_grant(
    *, actor, person: Person, license_class: str, obtained_on: date, issuing_authority: str
) -> DrivingLicense:
    """Grant ``license_class`` to ``person`` after the exams are passed (162号 art. 60).

    A first license is created valid 6 years from ``obtained_on`` (实施条例 art. 22); an
    upgrade adds the class to the existing license. Probation runs from ``obtained_on``
    (``drivers.rules.probation_periods``). Locks the person's license row; bumps the person's
    records version; audits ``drivers.license.class_granted``. Raises ``Conflict`` if the
    license already holds the class.
    """
    license_class = rules.LicenseClass(license_class).value
    license_ = DrivingLicense.objects.select_for_update().filter(person=person).first()
    if license_ is None:
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    license_ = DrivingLicense.objects.create(
                        person=person,
                        archive_number=_new_archive_number(),
                        first_issued_on=obtained_on,
                        valid_from=obtained_on,
                        validity=DrivingLicense.Validity.SIX_YEARS,
                        issuing_authority=issuing_authority,
                    )
                break
            except IntegrityError:
                continue
        assert license_ is not None
    try:
        with transaction.atomic():
            LicenseClassGrant.objects.create(
                license=license_, license_class=license_class, obtained_on=obtained_on
            )
    except IntegrityError:
        raise Conflict("drivers.license.class_held", _("已持有该准驾车型。")) from None
    person_records_changed(person_ids=[person.pk])
    audit_record(
        actor=actor,
        action="drivers.license.class_granted",
        subject=license_,
        person_id_number=person.id_number,
        data={"license_class": license_class, "obtained_on": obtained_on.isoformat()},
    )
    return license_
