"""The partner keys issued before organisation accounts existed become keys of those
organisations: each organisation holding a key (or an organisation user) gets an account
(origin ``partner``), each key a grant (origin ``partner``), and each organisation user
becomes one of its administrators. A rerun adds nothing; reversing removes what it added."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Organization = apps.get_model("identity", "Organization")
    PartnerKey = apps.get_model("identity", "PartnerKey")
    User = apps.get_model("identity", "User")
    Account = apps.get_model("organisations", "Account")
    KeyGrant = apps.get_model("organisations", "KeyGrant")
    Staff = apps.get_model("organisations", "Staff")
    now = timezone.now()
    with_keys = set(PartnerKey.objects.values_list("organization_id", flat=True))
    with_users = set(
        User.objects.filter(kind="organization", organization__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    for organization in Organization.objects.filter(pk__in=with_keys | with_users):
        account, _ = Account.objects.get_or_create(
            organization=organization,
            defaults={
                "origin": "partner",
                "status": "open" if organization.is_active else "suspended",
                "opened_at": organization.registered_at or now,
            },
        )
        for key in PartnerKey.objects.filter(organization=organization):
            KeyGrant.objects.get_or_create(
                key=key, defaults={"account": account, "origin": "partner"}
            )
        for user in User.objects.filter(kind="organization", organization=organization):
            Staff.objects.get_or_create(
                user=user,
                defaults={
                    "account": account,
                    "name": user.first_name or user.username,
                    "role": "administrator",
                    "added_at": now,
                    "removed_at": None if user.is_active else now,
                },
            )


def backwards(apps, schema_editor):
    Account = apps.get_model("organisations", "Account")
    accounts = Account.objects.filter(origin="partner")
    apps.get_model("organisations", "KeyGrant").objects.filter(account__in=accounts).delete()
    apps.get_model("organisations", "Staff").objects.filter(account__in=accounts).delete()
    accounts.delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
