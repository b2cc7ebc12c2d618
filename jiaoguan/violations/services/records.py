"""Records from enforcement devices, and their review by officers."""

import hashlib
import json
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, field_error
from jiaoguan.core.events import publish
from jiaoguan.core.ids import InvalidPlateNumber, parse_plate_number
from jiaoguan.core.places import is_region_code, region_covers
from jiaoguan.identity.actors import permission_require
from jiaoguan.identity.selectors import Partner
from jiaoguan.identity.services import person_records_changed
from jiaoguan.vehicles.selectors import vehicle_id_for_plate, vehicle_owner_person_id
from jiaoguan.violations import errors
from jiaoguan.violations.events import RecordEntered
from jiaoguan.violations.evidence import CheckedImage, evidence_check
from jiaoguan.violations.models import EvidenceImage, ViolationRecord
from jiaoguan.violations.rules import records
from jiaoguan.violations.standards import violation_code_on


def _submission_digest(fields: dict, images: list[CheckedImage]) -> str:
    canonical = json.dumps(
        {**fields, "evidence": [image.sha256 for image in images]},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def violation_record_ingest(
    *,
    actor: Partner,
    device_id: str,
    record_id: str,
    code: str,
    plate_number: str,
    plate_type: str,
    occurred_at: datetime,
    place: str,
    region_code: str,
    measurement: str = "",
    evidence: list[bytes],
) -> tuple[ViolationRecord, bool]:
    """Store a record uploaded by an enforcement system for review. Returns the record and
    whether it is new: the same record sent again (same device record id, same content)
    returns the stored one; different content under a used id is refused (409).

    Checks the code (in effect on the day), plate, time, region (within the partner
    organisation's: ``violations.ingest.region_not_covered``, 403) and evidence images.
    Audited under the partner's key.
    """
    try:
        plate = parse_plate_number(plate_number, plate_type)
    except InvalidPlateNumber:
        raise errors.plate_invalid() from None
    if not records.plausible_capture_time(occurred_at, now=clock.now()):
        raise errors.occurred_at_implausible()
    if not is_region_code(region_code):
        raise errors.region_invalid()
    # A key uploads only records of its organisation's region (docs/partners.md).
    if not region_covers(actor.region_code, region_code):
        raise errors.region_not_covered(region_code)
    if violation_code_on(code=code, on=clock.local(occurred_at).date()) is None:
        raise errors.code_unknown(code)
    images = evidence_check(evidence)
    fields = {
        "device_id": device_id,
        "code": code,
        "plate_number": str(plate),
        "plate_type": plate_type,
        "occurred_at": occurred_at.isoformat(),
        "place": place,
        "region_code": region_code,
        "measurement": measurement,
    }
    digest = _submission_digest(fields, images)
    try:
        with transaction.atomic():
            record = ViolationRecord.objects.create(
                reporter_id=actor.organization_id,
                device_record_id=record_id,
                content_digest=digest,
                vehicle_id=vehicle_id_for_plate(plate_number=str(plate), plate_type=plate_type),
                **{**fields, "occurred_at": occurred_at},
            )
            EvidenceImage.objects.bulk_create(
                EvidenceImage(
                    record=record,
                    position=position,
                    content_type=image.content_type,
                    sha256=image.sha256,
                    content=image.content,
                )
                for position, image in enumerate(images)
            )
            audit_record(
                actor=actor,
                action="violations.record.received",
                subject=record,
                data={"device_record_id": record_id, "code": code},
            )
    except IntegrityError:
        stored = ViolationRecord.objects.filter(
            reporter_id=actor.organization_id, device_record_id=record_id
        ).first()
        if stored is None:  # not the duplicate constraint: let it surface
            raise
        if stored.content_digest != digest:
            raise errors.record_conflict() from None
        return stored, False
    return record, True


def _reviewable(actor, record_id: int) -> ViolationRecord:
    permission_require(actor, "violations.review_violationrecord")
    record = ViolationRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        raise NotFound("violations.record.not_found", _("没有找到该记录。"))
    permission_require(actor, "violations.review_violationrecord", province_code=record.region_code)
    return record


@transaction.atomic
def violation_record_confirm(*, actor, record_id: int) -> ViolationRecord:
    """An officer confirms a record under review: it is entered and queryable from today,
    and ``RecordEntered`` lets the notices app write the owner's notice in the same
    transaction. Locks the record. Audited."""
    record = _reviewable(actor, record_id)
    if record.status != ViolationRecord.Status.PENDING_REVIEW:
        raise errors.record_not_reviewable()
    record.status = ViolationRecord.Status.ENTERED
    record.reviewed_at, record.reviewed_by = clock.now(), actor
    record.entered_on = clock.today()
    record.save(update_fields=["status", "reviewed_at", "reviewed_by", "entered_on"])
    audit_record(actor=actor, action="violations.record.confirmed", subject=record)
    owner_records_changed(record)
    publish(
        RecordEntered(
            record_id=record.pk,
            vehicle_id=record.vehicle_id,
            plate_number=record.plate_number,
            occurred_at=record.occurred_at,
        )
    )
    return record


@transaction.atomic
def violation_record_delete(
    *, actor, record_id: int, reason: str, note: str = ""
) -> ViolationRecord:
    """An officer deletes a record for one of the reasons of 处理程序规定 art. 22: while under
    review, or within 3 working days of its entry if not yet handled. Locks the record.
    Audited."""
    permission_require(actor, "violations.review_violationrecord")
    if reason not in ViolationRecord.DeletionReason.values:
        raise field_error("violations.review.reason", "reason", errors.DELETION_REASON_REQUIRED)
    if reason == ViolationRecord.DeletionReason.OTHER and not note.strip():
        raise field_error("violations.review.note", "note", _("其他原因须说明。"))
    record = _reviewable(actor, record_id)
    status = record.status
    if status == ViolationRecord.Status.ENTERED:
        assert record.entered_on is not None
        until = clock.add_working_days(record.entered_on, records.DELETION_WORKING_DAYS)
        if not records.still_deletable(today=clock.today(), deletable_until=until):
            raise errors.deletion_too_late()
    elif status != ViolationRecord.Status.PENDING_REVIEW:
        raise (
            errors.record_not_reviewable()
            if status == ViolationRecord.Status.DELETED
            else errors.deletion_too_late()
        )
    record_mark_deleted(record, actor=actor, reason=reason, note=note)
    audit_record(
        actor=actor, action="violations.record.deleted", subject=record, data={"reason": reason}
    )
    return record


def record_mark_deleted(record: ViolationRecord, *, actor, reason: str, note: str) -> None:
    """Write a locked record's deletion (the caller checked why it may be deleted, and
    audits): an entered record leaves its owner's records, so their version moves on."""
    was_entered = record.status == ViolationRecord.Status.ENTERED
    record.status = ViolationRecord.Status.DELETED
    record.reviewed_at, record.reviewed_by = clock.now(), actor
    record.deletion_reason, record.deletion_note = reason, note.strip()[:200]
    record.save(
        update_fields=["status", "reviewed_at", "reviewed_by", "deletion_reason", "deletion_note"]
    )
    if was_entered:
        owner_records_changed(record)


def owner_records_changed(record: ViolationRecord, *, owner_person_id: int | None = None) -> None:
    """The vehicle owner's records changed (their cached answers are stale). ``owner_person_id``
    when the caller has read it already."""
    owner_id = owner_person_id
    if owner_id is None and record.vehicle_id:
        owner_id = vehicle_owner_person_id(vehicle_id=record.vehicle_id)
    person_records_changed(person_ids=[owner_id])
