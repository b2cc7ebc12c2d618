"""Bookings after the allocation: cancellation, and the results exam systems report."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.drivers.services import license_class_grant
from jiaoguan.exams import errors, rules, selectors
from jiaoguan.exams.models import ExamAttempt, ExamBooking, LicenseApplication
from jiaoguan.exams.services.applications import learner_permit_issue
from jiaoguan.exams.services.lapses import application_lapse_check, application_void


@transaction.atomic
def booking_cancel(*, actor, person_id: int, booking_id: int) -> ExamBooking:
    """Cancel the person's own booking, at the latest the day before the exam (art. 46).

    The seat is not resold: it is offered again in the next window that includes the session.
    The cancellation time becomes the applicant's sort time (DOMAIN.md §7). Conditional update
    (only a booked seat can be cancelled, once). Audits ``exams.booking.cancelled``.
    """
    booking = selectors.booking_for_person(booking_id=booking_id, person_id=person_id)
    if not rules.cancellation_allowed(booking.exam_on, clock.today()):
        raise errors.cancellation_too_late()
    now = clock.now()
    updated = ExamBooking.objects.filter(pk=booking.pk, status=ExamBooking.Status.BOOKED).update(
        status=ExamBooking.Status.CANCELLED,
        outcome=ExamBooking.Outcome.CANCELLED,
        cancelled_at=now,
    )
    if not updated:
        raise errors.booking_not_open()
    booking.refresh_from_db()
    audit_record(
        actor=actor,
        action="exams.booking.cancelled",
        subject=booking,
        person_id_number=booking.application.person.id_number,
    )
    return booking


@transaction.atomic
def exam_result_record(
    *,
    actor,
    application_number: str,
    session_code: str,
    attempt: int,
    passed: bool | None,
    score: int | None,
    taken_at: datetime,
    reported_by=None,
    issuing_authority: str = "",
) -> ExamBooking:
    """Record one attempt (1, or 2 for the retake; ``passed=None`` is an absence).

    A failed first attempt leaves the booking open for its retake; any other result closes
    it. Passing 科目一 issues the learner permit; passing the last required subject grants the
    class through the drivers service (probation starts); a fifth failed booking of a skill
    subject voids the application (art. 47). Each attempt is stored once (unique per booking
    and number); sending the same result again (a retry) answers the booking unchanged, a
    different result for a recorded attempt is refused. Audits ``exams.result.recorded``.
    """
    booking = (
        ExamBooking.objects.select_for_update(of=("self",))
        .select_related("application__person", "session")
        .filter(application__number=application_number, session__code=session_code)
        .exclude(status=ExamBooking.Status.CANCELLED)
        .first()
    )
    if booking is None:
        raise errors.booking_not_found()
    recorded = booking.attempts.filter(number=attempt).values_list("passed", "score").first()
    if recorded is not None:
        if recorded == (passed, score):
            return booking
        raise errors.result_conflict()
    if booking.status != ExamBooking.Status.BOOKED:
        raise errors.booking_not_open()
    if not rules.score_agrees(
        rules.ExamSubject(booking.subject),
        LicenseClass(booking.application.license_class),
        passed=passed,
        score=score,
    ):
        raise errors.score_mismatch()
    earlier = list(booking.attempts.order_by("number").values_list("passed", flat=True))
    if attempt != len(earlier) + 1 or not (attempt == 1 or rules.retake_allowed(earlier)):
        raise errors.attempt_invalid(_("考试次序不正确：每次预约只有一次考试和一次补考。"))
    try:
        with transaction.atomic():
            ExamAttempt.objects.create(
                booking=booking,
                number=attempt,
                passed=passed,
                score=score,
                taken_at=taken_at,
                reported_by_id=getattr(actor, "organization_id", None),
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise errors.attempt_invalid(_("该次考试成绩已报送。")) from None
    results = [*earlier, passed]
    if rules.retake_allowed(results):
        outcome = ExamBooking.Outcome.PENDING
    else:
        outcome = ExamBooking.Outcome(rules.booking_outcome(results).value)
        booking.status = ExamBooking.Status.CLOSED
    booking.outcome = outcome
    booking.save(update_fields=["status", "outcome"])
    application = booking.application
    audit_record(
        actor=actor,
        action="exams.result.recorded",
        subject=booking,
        person_id_number=application.person.id_number,
        data={"attempt": attempt, "passed": passed, "score": score},
    )
    if booking.status == ExamBooking.Status.CLOSED:
        _after_booking_closed(actor, booking, application, issuing_authority)
    return booking


def _after_booking_closed(actor, booking, application, issuing_authority) -> None:
    history = selectors.application_history(application)
    if booking.outcome == ExamBooking.Outcome.PASSED:
        if booking.subject == rules.ExamSubject.SUBJECT_1:
            learner_permit_issue(actor=actor, application=application, issued_on=clock.today())
        required = rules.required_subjects(
            application.license_class, selectors.held_classes(application)
        )
        passed = {b.subject for b in history if b.outcome is rules.Outcome.PASSED}
        if set(required) <= passed:
            license_class_grant(
                actor=actor,
                person=application.person,
                license_class=application.license_class,
                obtained_on=clock.today(),
                issuing_authority=issuing_authority or _("车辆管理所"),
            )
            LicenseApplication.objects.filter(pk=application.pk).update(
                status=LicenseApplication.Status.LICENSED
            )
            return
    if rules.fifth_failure_voids_passes(history):
        application_void(
            actor=actor,
            application=application,
            reason=rules.LapseReason.FIFTH_FAILURE,
            on=clock.today(),
        )
        return
    application_lapse_check(actor=actor, application=application)
