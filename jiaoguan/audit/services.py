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


def person_index_of(id_number: str) -> str:
    """The keyed index an event keeps of a person's id number (``person_id_number``), for a
    caller that keeps it instead of the number (a cache must not hold id numbers)."""
    return AuditEvent._meta.get_field("person_index").digest(id_number)


def audit_record_many(events: list[AuditEvent]) -> None:
    """Append events built by ``audit_event`` in one insert, inside the caller's transaction."""
    AuditEvent.objects.bulk_create(events)


def _insert_parts(obj: Any, connection) -> tuple[str, list[str], list[Any]]:
    """The table, quoted columns and prepared values that inserting ``obj`` writes."""
    meta = obj._meta
    columns, values = [], []
    for field in meta.concrete_fields:
        if field.primary_key and getattr(obj, field.attname) is None:
            continue  # the sequence's
        value = field.pre_save(obj, True)
        columns.append(connection.ops.quote_name(field.column))
        values.append(field.get_db_prep_save(value, connection))
    return connection.ops.quote_name(meta.db_table), columns, values


def audit_record_beside(row: Any, event: AuditEvent, *, wait_for_disk: bool = True) -> None:
    """Insert ``row`` (an unsaved model instance of the caller's, without relations to
    save first; or None) and ``event`` (from ``audit_event``) together, atomically: on
    PostgreSQL in one statement (one round trip, no transaction of its own: a data-modifying
    ``WITH``), elsewhere as two inserts in a transaction. For hot paths that record and audit
    every request (the credentials' verification); the rows' ids are not read back.

    ``wait_for_disk=False`` (PostgreSQL, outside a transaction): this statement's commit does
    not wait for the WAL flush (``synchronous_commit`` off for its own transaction only). The
    rows are committed, visible and never lost by the application; a crash of the database
    server within a fraction of a second may lose them (never half of them)."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        with transaction.atomic():
            if row is not None:
                row.save(force_insert=True)
            event.save(force_insert=True)
        return
    ctes, values = [], []
    if not wait_for_disk and not connection.in_atomic_block:  # else the caller's transaction
        ctes.append("unflushed AS (SELECT set_config('synchronous_commit', 'off', true))")
    if row is not None:
        table, columns, row_values = _insert_parts(row, connection)
        marks = ", ".join(["%s"] * len(columns))
        ctes.append(f"recorded AS (INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}))")
        values.extend(row_values)
    table, columns, event_values = _insert_parts(event, connection)
    marks = ", ".join(["%s"] * len(columns))
    source = " FROM unflushed" if ctes and ctes[0].startswith("unflushed") else ""
    sql = (
        f"WITH {', '.join(ctes)} " if ctes else ""
    ) + f"INSERT INTO {table} ({', '.join(columns)}) SELECT {marks}{source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *event_values])
