"""The database itself refuses to change or delete an audit event, on SQLite as on
PostgreSQL (this file runs on whichever the suite uses: .ci/run runs both) (issue 12)."""

import pytest
from django.db import DatabaseError, connection, transaction

from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    audit_record(actor=None, action="test.happened", data={"n": 1})
    return AuditEvent.objects.get(action="test.happened")


def _refused(statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


def test_queryset_update_is_refused(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten"))
    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


def test_queryset_delete_is_refused(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_and_delete_are_refused(event):
    table = AuditEvent._meta.db_table

    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])

        return run

    _refused(raw(f"UPDATE {table} SET action = 'test.rewritten' WHERE id = %s"))
    _refused(raw(f"DELETE FROM {table} WHERE id = %s"))
    _refused(raw(f"DELETE FROM {table} WHERE id >= %s"))
    assert AuditEvent.objects.get(pk=event.pk).action == "test.happened"


def test_the_model_refuses_too(event):
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_transactional_tests_still_empties_the_table():
    """Its teardown flushes the database (TRUNCATE on PostgreSQL, DELETE on SQLite)."""
    audit_record(actor=None, action="test.flushed")
    assert AuditEvent.objects.filter(action="test.flushed").exists()
