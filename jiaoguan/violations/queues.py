"""Officers' reads of violations: the review and dispute queues of their province and the
evidence images, each checked against the officer's permissions and jurisdiction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from jiaoguan.audit.purposes import purpose_stored
from jiaoguan.audit.services import audit_record
from jiaoguan.identity.actors import Actor, SystemActor, jurisdiction_of
from jiaoguan.identity.selectors import no_permission
from jiaoguan.violations import errors
from jiaoguan.violations.models import Dispute, EvidenceImage, ViolationRecord
from jiaoguan.violations.selectors import _EVIDENCE_POSITIONS

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def _in_jurisdiction(actor: Actor | User, records: QuerySet) -> QuerySet:
    """The records of places in the officer's province (all for a system job); the place
    is the violation's (``region_code``), whose office reviews it and answers objections."""
    who = jurisdiction_of(actor)
    if who is None:
        return records.none()
    if isinstance(who, SystemActor):
        return records
    if not who.province_code:
        return records.none()
    return records.filter(region_code__startswith=who.province_code)


def evidence_image_for_officer(
    *, actor: Actor | User, record_id: int, position: int, ip_address: str | None = None
) -> EvidenceImage:
    """One evidence image of a record of the officer's province, for an officer who reviews
    records or decides objections (or reads them). Audited (``violations.evidence.viewed``,
    purpose ``violation_handling``)."""
    if not (
        actor.has_perm("violations.review_violationrecord")
        or actor.has_perm("violations.decide_dispute")
        or actor.has_perm("violations.view_violationrecord")
    ):
        raise no_permission()
    image = EvidenceImage.objects.filter(
        record__in=_in_jurisdiction(actor, ViolationRecord.objects.all()),
        record_id=record_id,
        position=position,
    ).first()
    if image is None:
        raise errors.record_not_found()
    audit_record(
        actor=actor,
        action="violations.evidence.viewed",
        subject=image,
        purpose=purpose_stored("violation_handling", str(record_id)),
        data={"record": record_id, "position": position},
        ip_address=ip_address,
    )
    return image


def review_queue(*, actor: Actor | User, limit: int = 50):
    """Camera records waiting for review in the officer's province, oldest first."""
    if not (
        actor.has_perm("violations.review_violationrecord")
        or actor.has_perm("violations.view_violationrecord")
    ):
        raise no_permission()
    return (
        _in_jurisdiction(actor, ViolationRecord.objects.all())
        .filter(status=ViolationRecord.Status.PENDING_REVIEW)
        .select_related("reporter")
        .prefetch_related(_EVIDENCE_POSITIONS)
        .order_by("received_at")[:limit]
    )


def dispute_queue(
    *, actor: Actor | User, limit: int = 100, ip_address: str | None = None
) -> list[Dispute]:
    """Open disputes about records of the officer's province, the nearest deadline first.
    Audited (``violations.disputes.listed``, purpose ``violation_handling``)."""
    if not (
        actor.has_perm("violations.decide_dispute") or actor.has_perm("violations.view_dispute")
    ):
        raise no_permission()
    found = list(
        Dispute.objects.filter(
            status=Dispute.Status.OPEN,
            record__in=_in_jurisdiction(actor, ViolationRecord.objects.all()),
        )
        .select_related("record", "person")
        .prefetch_related(Prefetch("record__evidence", queryset=_EVIDENCE_POSITIONS.queryset))
        .order_by("due_on", "filed_at")[:limit]
    )
    audit_record(
        actor=actor,
        action="violations.disputes.listed",
        purpose=purpose_stored("violation_handling"),
        data={"count": len(found)},
        ip_address=ip_address,
    )
    return found
