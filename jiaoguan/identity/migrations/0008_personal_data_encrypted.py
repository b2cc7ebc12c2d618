"""Identity and phone numbers at rest: encrypted, found by their keyed hash (ADR 0014).

Existing rows are converted here (``core.personal_data``), and citizens' usernames, which
were their identity numbers, become ``citizen.<person id>``.
"""

from django.db import migrations, models

import jiaoguan.core.fields
from jiaoguan.core.personal_data import Column, decrypt_rows, encrypt_clear_rows

COLUMNS = [
    Column("identity_person", "id_number", "identity.person.id_number", "id_number_index", "id_number"),
    Column("identity_user", "phone", "identity.user.phone", "phone_index", "phone"),
    Column("identity_smschallenge", "phone", "identity.smschallenge.phone", "phone_index", "phone"),
]


def forwards(apps, schema_editor):
    using = schema_editor.connection.alias
    for column in COLUMNS:
        encrypt_clear_rows(column, using=using)
    schema_editor.execute(
        "UPDATE identity_user SET username = 'citizen.' || CAST(person_id AS TEXT) "
        "WHERE kind = 'citizen' AND person_id IS NOT NULL"
    )


def backwards(apps, schema_editor):
    using = schema_editor.connection.alias
    for column in COLUMNS:
        decrypt_rows(column, using=using)
    schema_editor.execute(
        "UPDATE identity_user SET username = (SELECT id_number FROM identity_person "
        "WHERE identity_person.id = identity_user.person_id) "
        "WHERE kind = 'citizen' AND person_id IS NOT NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("identity", "0007_organisation_kinds")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_index",
            field=jiaoguan.core.fields.KeyedHashField(null=True, purpose="id_number"),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=jiaoguan.core.fields.EncryptedCharField(
                index="id_number_index", max_length=18, verbose_name="公民身份号码"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_index",
            field=jiaoguan.core.fields.KeyedHashField(null=True, purpose="phone"),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=jiaoguan.core.fields.EncryptedCharField(
                blank=True, index="phone_index", max_length=11, null=True, verbose_name="手机号码"
            ),
        ),
        migrations.RemoveIndex(model_name="smschallenge", name="identity_sm_phone_397a1c_idx"),
        migrations.AddField(
            model_name="smschallenge",
            name="phone_index",
            field=jiaoguan.core.fields.KeyedHashField(null=True, purpose="phone"),
        ),
        migrations.AlterField(
            model_name="smschallenge",
            name="phone",
            field=jiaoguan.core.fields.EncryptedCharField(index="phone_index", max_length=11),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="person",
            name="id_number_index",
            field=jiaoguan.core.fields.KeyedHashField(purpose="id_number", unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone_index",
            field=jiaoguan.core.fields.KeyedHashField(null=True, purpose="phone", unique=True),
        ),
        migrations.AlterField(
            model_name="smschallenge",
            name="phone_index",
            field=jiaoguan.core.fields.KeyedHashField(purpose="phone"),
        ),
        migrations.AddIndex(
            model_name="smschallenge",
            index=models.Index(
                fields=["phone_index", "purpose", "-created_at"], name="identity_sms_phone_recent"
            ),
        ),
    ]
