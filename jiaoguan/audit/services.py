from typing import Any

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.ids import mask_id_number


def audit_record(
    *,
    actor: object,
    action: str,
    subject: Any = None,
    person_id_number: str = "",
    purpose: str = "",
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event inside the caller's transaction.

    ``actor`` is an ``identity.actors`` actor (its ``audit_label`` and ``user_id`` are
    recorded), a user, or None (the platform itself, or an anonymous caller); ``subject`` is
    any model instance. Called by every write service and by every officer read of a person's
    record.
    """
    user_pk = getattr(actor, "pk", None)
    if user_pk:  # a User
        actor_id, label = user_pk, str(getattr(actor, "username", ""))
    else:
        actor_id = getattr(actor, "user_id", None)
        label = getattr(actor, "audit_label", "system")
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=label,
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        person_index=person_id_number,
        person_masked=mask_id_number(person_id_number) if person_id_number else "",
        purpose=purpose,
        data=data or {},
        ip_address=ip_address,
    )
