"""Objections to camera records (处理程序规定 art. 5): filed online by the owner or an
authorised driver, decided by the office where the violation happened within 5 working days."""

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import field_error
from jiaoguan.identity.selectors import no_permission
from jiaoguan.violations import errors
from jiaoguan.violations.models import Dispute, ViolationRecord
from jiaoguan.violations.rules import records
from jiaoguan.violations.selectors import may_handle_vehicle
from jiaoguan.violations.services.records import record_mark_deleted

REASON_LENGTH = (10, 1000)


@transaction.atomic
def dispute_file(*, actor, record_id: int, reason: str) -> Dispute:
    """File an objection to an unhandled record of one's own or an authorised vehicle. It
    goes to the office where the violation happened, due in 5 working days; the record
    cannot be handled while it is open. Audited."""
    person = getattr(actor, "person", None)
    if person is None:
        raise no_permission()
    reason = (reason or "").strip()
    if not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1]:
        raise errors.dispute_reason_required()
    record = (
        ViolationRecord.objects.select_for_update()
        .select_related("reporter")
        .filter(pk=record_id)
        .first()
    )
    if record is None or not may_handle_vehicle(person_id=person.pk, vehicle_id=record.vehicle_id):
        raise errors.record_not_found()
    if record.status != ViolationRecord.Status.ENTERED:
        raise errors.not_handleable()
    filed_at = clock.now()
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                record=record,
                person=person,
                office=record.reporter.name,
                province_code=record.region_code[:2],
                office_code=record.reporter.credit_code,
                reason=reason,
                filed_at=filed_at,
                due_on=clock.add_working_days(clock.today(), records.DISPUTE_WORKING_DAYS),
            )
    except IntegrityError:
        raise errors.dispute_open() from None
    audit_record(
        actor=actor,
        action="violations.dispute.filed",
        subject=dispute,
        person_id_number=person.id_number,
        data={"record": record.pk, "due_on": dispute.due_on.isoformat()},
    )
    return dispute


@transaction.atomic
def dispute_decide(
    *, actor, dispute_id: int, upheld: bool, answer: str, deletion_reason: str = ""
) -> Dispute:
    """The office where the violation happened answers an objection. Upheld, the record is
    deleted for one of the reasons of art. 22; rejected, it may be handled again. Audited."""
    if not actor.has_perm("violations.decide_dispute"):
        raise no_permission()
    answer = (answer or "").strip()
    if not answer:
        raise field_error("violations.dispute.answer", "answer", errors.ANSWER_REQUIRED)
    if upheld and deletion_reason not in ViolationRecord.DeletionReason.values:
        raise field_error("violations.review.reason", "reason", errors.DELETION_REASON_REQUIRED)
    dispute = Dispute.objects.select_for_update().filter(pk=dispute_id).first()
    if dispute is None:
        raise errors.dispute_not_found()
    if dispute.status != Dispute.Status.OPEN:
        raise errors.dispute_not_open()
    dispute.status = Dispute.Status.UPHELD if upheld else Dispute.Status.REJECTED
    dispute.answer, dispute.decided_at, dispute.decided_by = answer, clock.now(), actor
    dispute.save(update_fields=["status", "answer", "decided_at", "decided_by"])
    if upheld:
        record = ViolationRecord.objects.select_for_update().get(pk=dispute.record_id)
        record_mark_deleted(record, actor=actor, reason=deletion_reason, note=answer)
    audit_record(
        actor=actor,
        action="violations.dispute.decided",
        subject=dispute,
        data={"upheld": upheld, "overdue": clock.today() > dispute.due_on},
    )
    return dispute
