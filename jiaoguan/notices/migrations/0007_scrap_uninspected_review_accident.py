from django.db import migrations

from jiaoguan.notices import reference


def load(apps, schema_editor):
    reference.load(apps.get_model("notices", "NoticeKind"), apps.get_model("notices", "NoticeTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0006_violation_notices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
