"""The notices of an objection's answer (dispute_upheld, dispute_rejected), and 去办理 links
that lead to the service guide of the job instead of a page that only shows dates."""

from django.db import migrations

from jiaoguan.notices import reference

#: The shipped links these kinds had before; a link an officer changed is left alone.
OLD_LINKS = {"/me/vehicles/", "/me/license/"}


def load(apps, schema_editor):
    NoticeKind = apps.get_model("notices", "NoticeKind")
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    reference.load(NoticeKind, NoticeTemplate)
    for kind in reference.kinds():
        if kind.link in OLD_LINKS:
            continue
        NoticeTemplate.objects.filter(kind__code=kind.code, link__in=OLD_LINKS).update(
            link=kind.link
        )


class Migration(migrations.Migration):
    dependencies = [("notices", "0009_run_scan_permission")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
