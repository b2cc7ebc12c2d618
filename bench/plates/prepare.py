"""Prepare the plate race: one open 苏A segment ``D####``, CLIENTS citizens each with a new
car awaiting registration and a bearer token. Writes ``token vin`` lines to OUT_FILE and the
segment id to stdout. Run on an empty database (``run.sh`` flushes it first)."""

import os
import secrets
import sys
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
django.setup()

from django.db import transaction  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.core.ids import id_check_character, vin_check_digit  # noqa: E402
from jiaoguan.identity.models import ApiToken, Person, User  # noqa: E402
from jiaoguan.identity.services import token_digest  # noqa: E402
from jiaoguan.plates import rules  # noqa: E402
from jiaoguan.plates.models import Batch, NewVehicle, NumberSegment  # noqa: E402


def vin(index: int) -> str:
    body = f"LSVBE2BR0K{index:07d}"
    return body[:8] + vin_check_digit(body) + body[9:]


@transaction.atomic
def main(clients: int, out_file: str) -> None:
    officer = User.objects.create(kind=User.Kind.OFFICER, username="bench-officer", password="!")
    pool = rules.Pool("02", "苏A", "D####")
    segment = NumberSegment.objects.create(
        plate_type="02",
        prefix="苏A",
        pattern=pool.pattern,
        pool_size=pool.size,
        starts_on=clock.today(),
        published_on=clock.today() - timedelta(days=7),
        published_by=officer,
    )
    seed = secrets.token_hex(32)
    Batch.objects.create(
        segment=segment, opened_at=clock.now(), seed=seed, seed_hash=rules.seed_commitment(seed)
    )
    persons = []
    for index in range(clients):
        born = date(1960, 1, 1) + timedelta(days=index // 400)
        first17 = f"320102{born:%Y%m%d}{index % 400 * 2 + 1:03d}"
        persons.append(
            Person(
                id_number=first17 + id_check_character(first17),
                name=f"压测{index}",
                gender="male",
                birth_date=born,
                region_code="320102",
            )
        )
    persons = Person.objects.bulk_create(persons, batch_size=2000)
    users = User.objects.bulk_create(
        [
            User(kind=User.Kind.CITIZEN, username=f"bench{index}", person=person, password="!")
            for index, person in enumerate(persons)
        ],
        batch_size=2000,
    )
    NewVehicle.objects.bulk_create(
        [
            NewVehicle(
                vin=vin(index),
                owner=person,
                plate_type="02",
                prefix="苏A",
                compulsory_insurance_until=clock.today() + timedelta(days=365),
                created_at=clock.now(),
            )
            for index, person in enumerate(persons)
        ],
        batch_size=2000,
    )
    keys = [secrets.token_urlsafe(32) for _ in users]
    expires = clock.now() + timedelta(days=1)
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=user, key_digest=token_digest(key), expires_at=expires)
            for user, key in zip(users, keys, strict=True)
        ],
        batch_size=2000,
    )
    with open(out_file, "w") as out:
        for index, key in enumerate(keys):
            out.write(f"{key} {vin(index)}\n")
    print(segment.pk)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
