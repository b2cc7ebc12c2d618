from django.db import migrations

from jiaoguan.applications.notice_kinds import NOTICE_KINDS
from jiaoguan.core.families import notice_kinds_load


def load(apps, schema_editor):
    notice_kinds_load(
        apps.get_model("notices", "NoticeKind"),
        apps.get_model("notices", "NoticeTemplate"),
        NOTICE_KINDS,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_review_produce_dispatch_permissions"),
        ("notices", "0011_case_step_subject"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
