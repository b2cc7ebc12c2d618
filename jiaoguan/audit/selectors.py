from typing import Any

from django.db.models import QuerySet

from jiaoguan.audit.models import AuditEvent

READ_ACTIONS_PREFIX = "backoffice.lookup"


def audit_reads_of_person(*, id_number: str, limit: int = 50) -> QuerySet[AuditEvent]:
    """Officer reads of one person's records, newest first: what the citizen may see."""
    return AuditEvent.objects.filter(
        person_index=id_number, action__startswith=READ_ACTIONS_PREFIX
    ).only("occurred_at", "actor_label", "action", "purpose")[:limit]


def audit_trail_of(subject: Any, *, limit: int = 200) -> QuerySet[AuditEvent]:
    """The audit events about one record, oldest first: its history as the back office shows
    it. Who may see the record decides who may see its trail (the caller's selector)."""
    return AuditEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).order_by("id")[:limit]
