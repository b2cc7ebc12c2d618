"""A reply's recipient encrypted while it waits to be sent (ADR 0014)."""

from django.db import migrations

import jiaoguan.core.fields
from jiaoguan.core.personal_data import Column, decrypt_rows, encrypt_clear_rows

COLUMN = Column("hotline_reply", "recipient", "hotline.reply.recipient")


def forwards(apps, schema_editor):
    encrypt_clear_rows(COLUMN, using=schema_editor.connection.alias)


def backwards(apps, schema_editor):
    decrypt_rows(COLUMN, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="reply",
            name="recipient",
            field=jiaoguan.core.fields.EncryptedCharField(
                blank=True, max_length=20, verbose_name="接收号码（发送后清除）"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
