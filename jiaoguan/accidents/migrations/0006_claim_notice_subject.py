"""The claim notices' subject is the claim, no longer the vehicle (a party whose vehicle is
in no register here, another province's, is told too)."""

from django.db import migrations

CODES = ["accident_claim_assessed", "accident_claim_paid", "accident_claim_rejected"]


def to_claim(apps, schema_editor):
    apps.get_model("notices", "NoticeKind").objects.filter(code__in=CODES).update(subject="claim")


def to_vehicle(apps, schema_editor):
    apps.get_model("notices", "NoticeKind").objects.filter(code__in=CODES).update(
        subject="vehicle"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accidents", "0005_insurers"),
        ("notices", "0016_claim_subject"),
    ]

    operations = [migrations.RunPython(to_claim, to_vehicle)]
