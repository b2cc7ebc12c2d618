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
    record. ``audit_event`` builds the same row unsaved, for a caller that writes many in one
    ``bulk_create`` (in its transaction).
    """
    event = audit_event(
        actor=actor,
        action=action,
        subject=subject,
        person_id_number=person_id_number,
        purpose=purpose,
        data=data,
        ip_address=ip_address,
    )
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor: object,
    action: str,
    subject: Any = None,
    person_id_number: str = "",
    purpose: str = "",
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """The unsaved event ``audit_record`` would append (see there)."""
    user_pk = getattr(actor, "pk", None)
    if user_pk:  # a User
        actor_id, label = user_pk, str(getattr(actor, "username", ""))
    else:
        actor_id = getattr(actor, "user_id", None)
        label = getattr(actor, "audit_label", "system")
    return AuditEvent(
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


def audit_record_many(events: list[AuditEvent]) -> None:
    """Append events built by ``audit_event`` in one insert, inside the caller's transaction."""
    AuditEvent.objects.bulk_create(events)
