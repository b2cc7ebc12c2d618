from django.db import migrations

from jiaoguan.core.families import notice_kinds_load
from jiaoguan.education.notice_kinds import NOTICE_KINDS


def load(apps, schema_editor):
    notice_kinds_load(
        apps.get_model("notices", "NoticeKind"),
        apps.get_model("notices", "NoticeTemplate"),
        NOTICE_KINDS,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0007_safety_push"),
        ("notices", "0015_safety_push_subject"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
