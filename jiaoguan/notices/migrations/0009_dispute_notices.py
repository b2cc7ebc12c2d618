"""The notices of an objection's answer (dispute_upheld, dispute_rejected)."""

from django.db import migrations

from jiaoguan.notices import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("notices", "NoticeKind"), apps.get_model("notices", "NoticeTemplate")
    )


class Migration(migrations.Migration):
    dependencies = [("notices", "0008_push_devices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
