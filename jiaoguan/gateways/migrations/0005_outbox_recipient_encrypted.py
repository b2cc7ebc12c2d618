"""The outbox's recipients (phone numbers, device tokens) encrypted at rest (ADR 0014)."""

from django.db import migrations

import jiaoguan.core.fields
from jiaoguan.core.personal_data import Column, decrypt_rows, encrypt_clear_rows

COLUMN = Column(
    "gateways_outboxmessage", "recipient", "gateways.outboxmessage.recipient",
    "recipient_index", "recipient",
)  # fmt: skip


def forwards(apps, schema_editor):
    encrypt_clear_rows(COLUMN, using=schema_editor.connection.alias)


def backwards(apps, schema_editor):
    decrypt_rows(COLUMN, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("gateways", "0004_sandbox_notification_delivery")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="recipient_index",
            field=jiaoguan.core.fields.KeyedHashField(null=True, purpose="recipient"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="recipient",
            field=jiaoguan.core.fields.EncryptedCharField(
                index="recipient_index", max_length=64, verbose_name="接收方"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="outboxmessage",
            name="recipient_index",
            field=jiaoguan.core.fields.KeyedHashField(db_index=True, purpose="recipient"),
        ),
    ]
