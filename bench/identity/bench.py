"""Look-up by identity number, by phone, and the password log-in, beside a primary-key read.

Run by run.sh on the seeded benchmark database. Opens ACCOUNTS citizen accounts (phone and
password, hashed with the deployment's hasher) for randomly chosen people, then times, each
in one process and one connection:

- ``pk``: ``Person.objects.get(pk=…)`` — the baseline, the same round trip with no value to
  find by;
- ``id_number``: ``Person.objects.get(id_number=…)``;
- ``phone``: ``User.objects.get(phone=…)``;
- ``login``: ``identity.services.login_with_password`` by identity number (the hasher
  dominates it; ``login_lookup`` is its look-up part alone, ``_find_account``).

Run: DATABASE_URL=… python bench/identity/bench.py [LOOKUPS] [LOGINS]
"""

import os
import random
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from jiaoguan.identity.models import Person, User  # noqa: E402
from jiaoguan.identity.services import accounts, login_with_password  # noqa: E402

LOOKUPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
LOGINS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
ACCOUNTS = 500
PASSWORD = "Bench-2026-password"
PHONE_BASE = 16600000000


def username(person: Person) -> str:
    # The naming rule differs between versions; either is fine for the benchmark.
    rule = getattr(User, "citizen_username", None)
    return rule(person.pk) if rule else person.id_number


def open_accounts(rng: random.Random, top: int) -> list[tuple[Person, str]]:
    chosen = rng.sample(range(1, top + 1), min(ACCOUNTS, top // 2))
    people = list(Person.objects.filter(pk__in=chosen).exclude(account__isnull=False))
    digest = make_password(PASSWORD)
    with transaction.atomic():
        User.objects.bulk_create(
            User(
                kind=User.Kind.CITIZEN,
                username=username(person),
                person=person,
                phone=str(PHONE_BASE + index),
                password=digest,
            )
            for index, person in enumerate(people)
        )
    return [(person, str(PHONE_BASE + index)) for index, person in enumerate(people)]


def timed(name: str, calls, repeat: int) -> None:
    laps = []
    started = time.perf_counter()
    for call in calls[:repeat]:
        lap = time.perf_counter()
        call()
        laps.append(time.perf_counter() - lap)
    elapsed = time.perf_counter() - started
    laps.sort()
    p99 = laps[int(len(laps) * 0.99) - 1] if len(laps) >= 100 else laps[-1]
    print(
        f"{name:<12} {len(laps):>7} calls  {len(laps) / elapsed:>9,.0f} /s  "
        f"p50 {statistics.median(laps) * 1000:6.3f} ms  p99 {p99 * 1000:6.3f} ms"
    )


def main() -> None:
    rng = random.Random(2026)
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    User.objects.filter(phone__in=[str(PHONE_BASE + n) for n in range(ACCOUNTS)]).delete()
    opened = open_accounts(rng, top)
    people = list(Person.objects.filter(pk__in=rng.sample(range(1, top + 1), min(5_000, top))))
    hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    print(f"register: {top:,} people; {len(opened)} accounts opened; hasher {hasher}")
    picks = [rng.choice(people) for _ in range(LOOKUPS)]
    phones = [rng.choice(opened)[1] for _ in range(LOOKUPS)]
    logins = [rng.choice(opened)[0].id_number for _ in range(LOGINS)]
    timed("pk", [lambda p=p: Person.objects.get(pk=p.pk) for p in picks], LOOKUPS)
    timed(
        "id_number", [lambda p=p: Person.objects.get(id_number=p.id_number) for p in picks], LOOKUPS
    )
    timed("phone", [lambda n=n: User.objects.get(phone=n) for n in phones], LOOKUPS)
    timed("login_lookup", [lambda i=i: accounts._find_account(i) for i in logins * 20], LOGINS * 20)
    timed(
        "login",
        [
            lambda i=i: login_with_password(identifier=i, password=PASSWORD, ip_address=None)
            for i in logins
        ],
        LOGINS,
    )


if __name__ == "__main__":
    main()
