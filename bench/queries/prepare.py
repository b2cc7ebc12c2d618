"""Open a citizen account on the benchmark database through the real registration flow and
print a bearer token for it. Picks a person who owns vehicles and holds a license.

Run: DATABASE_URL=... python bench/queries/prepare.py
"""

import os
import re
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.db.models import Count  # noqa: E402

from jiaoguan.gateways.models import OutboxMessage  # noqa: E402
from jiaoguan.identity import services  # noqa: E402
from jiaoguan.identity.models import Person, User  # noqa: E402

PHONE = "13999990000"

person = (
    Person.objects.filter(driving_license__isnull=False, account__isnull=True)
    .annotate(n=Count("vehicles"))
    .filter(n__gte=2)
    .order_by("pk")
    .first()
)
user = User.objects.filter(phone=PHONE).first()
if user is None:
    challenge = services.registration_start(
        name=person.name, id_number=person.id_number, phone=PHONE
    )
    body = OutboxMessage.objects.filter(recipient=PHONE).order_by("-pk").first().body
    code = re.search(r"(\d{6})", body).group(1)
    user = services.registration_complete(
        challenge_id=challenge.pk, code=code, password="Bench-Password-2026"
    )
print(services.api_token_issue(user=user))
