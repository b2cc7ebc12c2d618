"""Open citizen accounts on the benchmark database through the real registration flow
(name and number checked against the register, SMS code read from the outbox) and write a
bearer token for each, one per line. Picks persons who hold a license and own vehicles.

Run: DATABASE_URL=... python bench/queries/prepare.py COUNT TOKENS_FILE
"""

import os
import re
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.db import transaction  # noqa: E402

from jiaoguan.gateways.models import OutboxMessage  # noqa: E402
from jiaoguan.identity import services  # noqa: E402
from jiaoguan.identity.models import Person, User  # noqa: E402

count, tokens_file = int(sys.argv[1]), sys.argv[2]
PHONE_BASE = 13990000000


def account_for(index: int, person: Person) -> User:
    phone = str(PHONE_BASE + index)
    user = User.objects.filter(person=person).first()
    if user is not None:
        return user
    with transaction.atomic():  # the SMS leaves on commit
        challenge = services.registration_start(
            name=person.name, id_number=person.id_number, phone=phone
        )
    body = OutboxMessage.objects.filter(recipient=phone).order_by("-pk").first().body
    return services.registration_complete(
        challenge_id=challenge.pk,
        code=re.search(r"(\d{6})", body).group(1),
        password="Bench-Password-2026",
    )


# Every 97th license holder with a vehicle: spread over the whole register.
people = (
    Person.objects.filter(driving_license__isnull=False, vehicles__isnull=False)
    .distinct()
    .order_by("pk")
    .values_list("pk", flat=True)
)
picked = list(people[: count * 97 : 97])
with open(tokens_file, "w") as out:
    for index, person in enumerate(Person.objects.filter(pk__in=picked).order_by("pk")):
        user = account_for(index, person)
        out.write(services.api_token_issue(user=user) + "\n")
print(f"{len(picked)} accounts, tokens in {tokens_file}")
