from django.db import migrations

from jiaoguan.accidents.notice_kinds import NOTICE_KINDS
from jiaoguan.core.families import notice_kinds_load


def load(apps, schema_editor):
    notice_kinds_load(
        apps.get_model("notices", "NoticeKind"),
        apps.get_model("notices", "NoticeTemplate"),
        NOTICE_KINDS,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accidents", "0003_photos_and_sms_signature"),
        ("notices", "0014_payment_subject"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
