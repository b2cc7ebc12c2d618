"""On SQLite too the database refuses to change or delete an audit event (see
jiaoguan/audit/sqlite.py; PostgreSQL's trigger is migration 0003)."""

from django.db import migrations

from jiaoguan.audit import sqlite


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite.CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite.DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]
    operations = [migrations.RunPython(create, drop)]
