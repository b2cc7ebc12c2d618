"""Applications that run out: the permit's 3 years (art. 41), a license holder's 3 years
(art. 45), the fifth failed booking (art. 47). A void application's passed subjects no
longer count; the applicant may start a new application."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import rules, selectors
from jiaoguan.exams.models import LicenseApplication


def application_void(
    *, actor, application: LicenseApplication, reason: rules.LapseReason, on: date
) -> bool:
    """Mark ``application`` void for ``reason`` from ``on``. Conditional update (only an
    active application), so a second caller changes nothing and returns False. Runs in the
    caller's transaction. Audits ``exams.application.voided``."""
    updated = LicenseApplication.objects.filter(
        pk=application.pk, status=LicenseApplication.Status.ACTIVE
    ).update(
        status=LicenseApplication.Status.VOID,
        voided_on=on,
        void_reason=rules.LapseReason(reason).value,
    )
    if updated:
        audit_record(
            actor=actor,
            action="exams.application.voided",
            subject=application,
            person_id_number=application.person.id_number,
            data={"reason": rules.LapseReason(reason).value, "on": on.isoformat()},
        )
    return bool(updated)


def application_lapse_reason(
    application: LicenseApplication, as_of: date
) -> rules.LapseReason | None:
    """Whether ``application``'s period ended unfinished on ``as_of`` (``rules.deadlines``)."""
    history = selectors.application_history(application)
    permit = getattr(application, "permit", None)
    return rules.application_lapse(
        as_of=as_of,
        required=rules.required_subjects(
            LicenseClass(application.license_class), selectors.held_classes(application)
        ),
        passed={b.subject for b in history if b.outcome is rules.Outcome.PASSED},
        permit_valid_until=permit.valid_until if permit is not None else None,
        completion_deadline=selectors.completion_deadline(application),
        pending_exams_on=[b.exam_on for b in history if b.outcome is rules.Outcome.PENDING],
    )


def application_lapse_check(*, actor, application: LicenseApplication) -> bool:
    """Void ``application`` now if its period has ended unfinished; True if it was voided.
    Runs in the caller's transaction (a result that closed the last pending booking)."""
    today = clock.today()
    reason = application_lapse_reason(application, today)
    if reason is None:
        return False
    return application_void(actor=actor, application=application, reason=reason, on=today)


def applications_lapse(*, actor=None, as_of: date | None = None) -> int:
    """Void every active application whose permit or license holder's period has ended
    without the required subjects passed; returns the count. Idempotent; run daily
    (Celery beat ``exams.tasks.applications_lapse``, or ``jiaoguan exams lapse``).

    Candidates are read coarsely (a permit past its last day, or a license holder's
    application accepted more than three years ago); the rule decides each one under the
    application's row lock, one transaction per application, so a result being recorded at
    the same moment is either seen or sees the void.
    """
    today = as_of or clock.today()
    # Three years are at least 1,095 days: anything accepted later cannot have run out.
    holder_cutoff = datetime.combine(
        today - timedelta(days=365 * rules.LICENSE_HOLDER_COMPLETION_YEARS - 1),
        time.min,
        tzinfo=clock.TIMEZONE,
    )
    candidates = LicenseApplication.objects.filter(status=LicenseApplication.Status.ACTIVE).filter(
        Q(permit__valid_until__lt=today)
        | (~Q(basis=LicenseApplication.Basis.ORDINARY) & Q(accepted_at__lt=holder_cutoff))
    )
    count = 0
    for pk in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            application = (
                LicenseApplication.objects.select_for_update(of=("self",))
                .select_related("person", "permit")
                .filter(pk=pk, status=LicenseApplication.Status.ACTIVE)
                .first()
            )
            if application is None:
                continue
            reason = application_lapse_reason(application, today)
            if reason is not None and application_void(
                actor=actor, application=application, reason=reason, on=today
            ):
                count += 1
    return count
