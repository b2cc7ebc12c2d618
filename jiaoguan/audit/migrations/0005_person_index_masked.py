"""The audit log keeps no identity number (ADR 0014): ``person_index`` (the keyed hash, for a
citizen's "who read my record") and ``person_masked`` replace ``person_id_number``, and
actor labels that were a citizen's identity number become the account's username
(``citizen.<person id>``, identity 0008).

The append-only triggers are lifted for the conversion and put back at the end (SQLite's
table rebuilds drop them anyway).
"""

import importlib

from django.db import migrations, models

import jiaoguan.core.fields
from jiaoguan.audit import sqlite
from jiaoguan.core.crypto import blind_index
from jiaoguan.core.ids import mask_id_number

postgresql = importlib.import_module("jiaoguan.audit.migrations.0003_append_only_trigger")


def unlock(apps, schema_editor):
    statements = sqlite.DROP if schema_editor.connection.vendor == "sqlite" else [postgresql.DROP]
    for statement in statements:
        schema_editor.execute(statement)


def lock(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite.CREATE:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgresql.CREATE)


def convert(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, person_id_number FROM audit_auditevent WHERE person_id_number <> ''"
        )
        rows = cursor.fetchall()
        cursor.executemany(
            "UPDATE audit_auditevent SET person_index = %s, person_masked = %s WHERE id = %s",
            [(blind_index(n, purpose="id_number"), mask_id_number(n), pk) for pk, n in rows],
        )
        cursor.execute(
            "SELECT e.id, u.person_id FROM audit_auditevent e "
            "JOIN identity_user u ON u.id = e.actor_id "
            "WHERE u.kind = 'citizen' AND u.person_id IS NOT NULL "
            "AND e.actor_label NOT LIKE 'citizen.%%'"
        )
        cursor.executemany(
            "UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
            [(f"citizen.{person}", pk) for pk, person in cursor.fetchall()],
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_sqlite_append_only_triggers"), ("identity", "0008_personal_data_encrypted")]

    operations = [
        migrations.RunPython(unlock, lock),
        migrations.AddField(
            model_name="auditevent",
            name="person_index",
            field=jiaoguan.core.fields.KeyedHashField(
                blank=True, default="", purpose="id_number", verbose_name="涉及人员（身份号码摘要）"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="person_masked",
            field=models.CharField(blank=True, default="", max_length=18, verbose_name="涉及人员身份号码"),
            preserve_default=False,
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="auditevent", name="audit_audit_person__981040_idx"),
        migrations.RemoveField(model_name="auditevent", name="person_id_number"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["person_index", "-occurred_at"], name="audit_person_recent"),
        ),
        migrations.RunPython(lock, unlock),
    ]
