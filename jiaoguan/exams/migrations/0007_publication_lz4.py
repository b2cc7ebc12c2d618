"""The allocation publication's two large values (about 100 MB for 1,000,000 applicants)
compressed by TOAST with lz4 instead of the default pglz: the same size on disk, written in
a quarter of the time (issue 21, the exam close). PostgreSQL 14 and later, where the server
was built with lz4; elsewhere nothing changes."""

from django.db import migrations

COLUMNS = ("input_data", "result_data")


def _lz4_available(cursor) -> bool:
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def _set_compression(method: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if method == "lz4" and not _lz4_available(cursor):
                return
            table = apps.get_model("exams", "AllocationPublication")._meta.db_table
            for column in COLUMNS:
                cursor.execute(
                    f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}"
                )

    return apply


class Migration(migrations.Migration):
    dependencies = [("exams", "0006_plan_exams_permission")]

    operations = [migrations.RunPython(_set_compression("lz4"), _set_compression("pglz"))]
