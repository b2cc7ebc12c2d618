from django.db.models import QuerySet

from jiaoguan.audit.models import AuditEvent

READ_ACTIONS_PREFIX = "backoffice.lookup"


def audit_reads_of_person(*, id_number: str, limit: int = 50) -> QuerySet[AuditEvent]:
    """Officer reads of one person's records, newest first: what the citizen may see."""
    return AuditEvent.objects.filter(
        person_index=id_number, action__startswith=READ_ACTIONS_PREFIX
    ).only("occurred_at", "actor_label", "action", "purpose")[:limit]
