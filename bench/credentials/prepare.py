"""Prepare the credentials HTTP bench on an empty database: a small seeded jurisdiction, one
citizen account for a licence holder, and that holder's electronic licence signed now (the
run sets CREDENTIALS_QR_SECONDS long enough to outlast the load). Prints the QR string."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
django.setup()

from jiaoguan.credentials.services import driving_license_sign  # noqa: E402
from jiaoguan.demo.loader import seed  # noqa: E402
from jiaoguan.drivers.models import DrivingLicense  # noqa: E402
from jiaoguan.identity.actors import CitizenActor  # noqa: E402
from jiaoguan.identity.models import User  # noqa: E402

seed(int(sys.argv[1]) if len(sys.argv) > 1 else 50, seed=2026)
license_ = DrivingLicense.objects.filter(status="valid").select_related("person").first()
person = license_.person
user, _created = User.objects.get_or_create(
    username=User.citizen_username(person.pk),
    defaults={"kind": User.Kind.CITIZEN, "person": person, "phone": "13800000099"},
)
print(driving_license_sign(actor=CitizenActor.of_user(user)).qr)
