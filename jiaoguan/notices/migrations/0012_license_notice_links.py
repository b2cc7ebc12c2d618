"""The seized and cancelled license notices lead to the guide that says what to do (issue 13):
templates still holding the old link to the licence page are moved; edited ones are kept."""

from django.db import migrations

LINKS = {
    "license_seized": "/guides/license-seizure/",
    "license_cancelled": "/guides/license-restoration/",
}


def forward(apps, schema_editor):
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for code, link in LINKS.items():
        NoticeTemplate.objects.filter(kind__code=code, link="/me/license/").update(link=link)


def backward(apps, schema_editor):
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for code, link in LINKS.items():
        NoticeTemplate.objects.filter(kind__code=code, link=link).update(link="/me/license/")


class Migration(migrations.Migration):
    dependencies = [("notices", "0011_case_step_subject")]

    operations = [migrations.RunPython(forward, backward)]
