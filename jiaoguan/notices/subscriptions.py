"""What the notices app does when a domain below it tells it something (ADR 0009).

All run inside the publisher's transaction: the notice and its messages commit or roll back
with the change that caused them, and the unique key (kind, subject, event) shared with the
daily scans keeps them to one notice per event.
"""

from jiaoguan.accidents.events import ClaimProgressed
from jiaoguan.applications.events import ApplicantNoticeDue
from jiaoguan.core import clock
from jiaoguan.core.events import Phase, subscriber
from jiaoguan.core.money import Money
from jiaoguan.drivers.events import PointsChanged
from jiaoguan.education.events import ReductionDecided, SafetyItemPushed
from jiaoguan.inspections.events import AppointmentBooked
from jiaoguan.notices import events
from jiaoguan.payments.events import RefundSucceeded
from jiaoguan.violations.events import DisputeDecided, RecordEntered


@subscriber(RecordEntered, phase=Phase.IN_TRANSACTION)
def record_entered_notice(event: RecordEntered) -> None:
    events.notice_for_record_entered(
        record_id=event.record_id,
        vehicle_id=event.vehicle_id,
        plate_number=event.plate_number,
        occurred_at=event.occurred_at,
    )


@subscriber(PointsChanged, phase=Phase.IN_TRANSACTION)
def points_changed_notice(event: PointsChanged) -> None:
    events.notice_for_points_changed(license_id=event.license_id, cycle_points=event.cycle_points)


@subscriber(DisputeDecided, phase=Phase.IN_TRANSACTION)
def dispute_decided_notice(event: DisputeDecided) -> None:
    events.notice_for_dispute_decided(
        person_id=event.person_id,
        record_id=event.record_id,
        plate_number=event.plate_number,
        upheld=event.upheld,
        decided_at=event.decided_at,
    )


@subscriber(ApplicantNoticeDue, phase=Phase.IN_TRANSACTION)
def applicant_notice_due_notice(event: ApplicantNoticeDue) -> None:
    events.notice_for_case_transition(
        transition_id=event.transition_id,
        kind=event.kind,
        state=event.state,
        person_id=event.applicant_person_id,
        at=event.at,
    )


@subscriber(AppointmentBooked, phase=Phase.IN_TRANSACTION)
def inspection_booked_notice(event: AppointmentBooked) -> None:
    starts = clock.local(event.starts_at)
    events.notice_for_inspection_booked(
        appointment_id=event.appointment_id,
        person_id=event.person_id,
        label=f"{event.plate_number} {event.station_name} {starts:%m-%d %H:%M}",
        starts_at=event.starts_at,
    )


@subscriber(RefundSucceeded, phase=Phase.IN_TRANSACTION)
def refund_succeeded_notice(event: RefundSucceeded) -> None:
    events.notice_for_refund_succeeded(
        order_id=event.order_id,
        person_id=event.payer_person_id,
        label=f"{event.subject} ¥{Money(event.amount_fen).yuan}",
        refunded_at=event.refunded_at,
    )


@subscriber(ClaimProgressed, phase=Phase.IN_TRANSACTION)
def claim_progressed_notice(event: ClaimProgressed) -> None:
    amount = "" if event.amount_fen is None else f" ¥{Money(event.amount_fen).yuan}"
    events.notice_for_claim_progressed(
        claim_id=event.claim_id,
        person_id=event.person_id,
        progress=event.progress,
        label=f"{event.plate_number}{amount}",
        at=event.at,
    )


@subscriber(ReductionDecided, phase=Phase.IN_TRANSACTION)
def reduction_decided_notice(event: ReductionDecided) -> None:
    events.notice_for_reduction_decided(
        license_id=event.license_id,
        person_id=event.person_id,
        label=event.label,
        at=event.at,
    )


@subscriber(SafetyItemPushed, phase=Phase.IN_TRANSACTION)
def safety_item_pushed_notices(event: SafetyItemPushed) -> None:
    events.notices_for_safety_pushed(item_id=event.item_id, title=event.title, at=event.at)
