from typing import Any

from jiaoguan.audit.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    subject: Any = None,
    person_id_number: str = "",
    purpose: str = "",
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event inside the caller's transaction.

    ``actor`` is a user, a partner (anything with an ``audit_label``) or None (the platform
    itself, or an anonymous caller); ``subject`` is any model instance. Called by every write
    service and by every officer read of a person's record.
    """
    actor_user = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_label=(
            actor_user.get_username() if actor_user else getattr(actor, "audit_label", "system")
        ),
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        person_id_number=person_id_number,
        purpose=purpose,
        data=data or {},
        ip_address=ip_address,
    )
