"""Changing the exam location (162号 art. 39): small classes, after passing some subjects,
when the residence changes, at most 3 times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import errors, rules, selectors
from jiaoguan.exams.models import (
    BookingWindow,
    ExamBooking,
    ExamLocationChange,
    LicenseApplication,
    PreferenceList,
)

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person


def exam_location_change(
    *,
    actor,
    person: Person,
    region_code: str,
    residence_address: str,
    ip_address: str | None = None,
) -> ExamLocationChange:
    """Move ``person``'s active application to the exam location of ``region_code`` (its
    city), on the new residence the applicant declares.

    Refused (``exams.location.*``, every reason of ``rules.location_change_refusals``) for a
    class other than C1–C6, before any subject is passed, after 3 changes, to the same city,
    or while a booking is pending or a preference list waits in an open window (both belong
    to the old location). Holds the application's row lock; the unique (application,
    sequence) and the check ``sequence <= 3`` hold the limit even against a writer that
    skipped the lock. Audits ``exams.location.changed``.
    """
    region_code = (region_code or "").strip()
    residence_address = (residence_address or "").strip()
    if not residence_address:
        raise errors.residence_missing()
    with transaction.atomic():
        application = (
            LicenseApplication.objects.select_for_update()
            .filter(person=person, status=LicenseApplication.Status.ACTIVE)
            .first()
        )
        if application is None:
            raise errors.no_application()
        history = selectors.application_history(application)
        changes_made = application.location_changes.count()
        refusals = rules.location_change_refusals(
            license_class=LicenseClass(application.license_class),
            passed={b.subject for b in history if b.outcome is rules.Outcome.PASSED},
            changes_made=changes_made,
            current_region=application.exam_region_code,
            new_region=region_code,
            booking_pending=application.bookings.filter(status=ExamBooking.Status.BOOKED).exists(),
            listed_in_open_window=PreferenceList.objects.filter(
                application=application, window__status=BookingWindow.Status.OPEN
            ).exists(),
        )
        if refusals:
            raise errors.location_refused(refusals)
        new_region = rules.city_region_code(region_code)
        try:
            with transaction.atomic():
                change = ExamLocationChange.objects.create(
                    application=application,
                    sequence=changes_made + 1,
                    from_region_code=application.exam_region_code,
                    to_region_code=new_region,
                    residence_address=residence_address,
                    changed_at=clock.now(),
                )
        except IntegrityError:
            raise errors.location_concurrent() from None
        LicenseApplication.objects.filter(pk=application.pk).update(exam_region_code=new_region)
        audit_record(
            actor=actor,
            action="exams.location.changed",
            subject=application,
            person_id_number=person.id_number,
            data={
                "from": change.from_region_code,
                "to": new_region,
                "sequence": change.sequence,
            },
            ip_address=ip_address,
        )
    return change
