"""Fill the exams tables for the whole-run benchmark: APPLICANTS persons, applications and
preference lists (5 ranked sessions each) in one open window over SESSIONS sessions.

    DATABASE_URL=postgres://... .venv/bin/python bench/allocation/prepare_db.py \
        --applicants 1000000 --sessions 5000

Rows are written with COPY; the generator is seeded, so the published result hash repeats.
Expects a freshly migrated database (run.sh does that). Prints the window code.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from jiaoguan.core.fields import stored_columns, stored_values  # noqa: E402
from jiaoguan.exams import rules  # noqa: E402
from jiaoguan.exams.models import (  # noqa: E402
    BookingWindow,
    ExamPlan,
    ExamSession,
    ExamVenue,
    LicenseApplication,
    PreferenceList,
    WindowSession,
)
from jiaoguan.exams.services import anonymised_id  # noqa: E402
from jiaoguan.identity.models import Person  # noqa: E402


def copy(model, columns: str, rows) -> None:
    """COPY rows of `columns` into model's table; every other column gets its field's default.

    A column added to the model later is filled from its default, or, when it has none and
    may not be empty, this fails naming it (so the benchmark is fixed, not silently wrong).
    """
    fields = tuple(c.strip() for c in columns.split(","))
    given = stored_columns(model, fields)  # encrypted fields bring their keyed hash along
    rest = []
    for field in model._meta.concrete_fields:
        if field.column in given or field.generated or field.get_internal_type() == "BigAutoField":
            continue
        if field.has_default() or field.null or (field.empty_strings_allowed and field.blank):
            rest.append(field)
        else:
            raise SystemExit(f"prepare_db.py: {model._meta.db_table}.{field.column} needs a value")
    defaults = tuple(None if f.null and not f.has_default() else f.get_db_prep_value(
        f.get_default(), connection) for f in rest)  # fmt: skip
    names = ", ".join([*given, *(f.column for f in rest)])
    sql = f"COPY {model._meta.db_table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as c:
        for row in rows:
            c.write_row((*stored_values(model, fields, row), *defaults))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=5_000)
    parser.add_argument("--capacity", type=int, default=160)
    args = parser.parse_args()
    rng = random.Random(20261121)
    started = time.perf_counter()
    now = datetime.now(tz=UTC)
    exam_day = (now + timedelta(days=20)).date()
    with transaction.atomic():
        venues = ExamVenue.objects.bulk_create(
            ExamVenue(code=f"BV{n:03d}", name=f"基准考场{n}", region_code="320100")
            for n in range(50)
        )
        per_venue = -(-args.sessions // len(venues))
        sessions = []
        for venue in venues:
            plans = ExamPlan.objects.bulk_create(
                ExamPlan(venue=venue, exam_on=exam_day + timedelta(days=d), published_at=now)
                for d in range(-(-per_venue // 10))
            )
            for n in range(per_venue):
                plan = plans[n // 10]
                sessions.append(
                    ExamSession(
                        plan=plan,
                        code=f"{venue.code}-{plan.exam_on:%Y%m%d}-{n % 10:02d}",
                        province_code=venue.region_code[:2],
                        subject="subject_2",
                        license_class="C1",
                        starts_at=f"{8 + n % 10}:00",
                        capacity=args.capacity,
                    )
                )
        sessions = ExamSession.objects.bulk_create(sessions[: args.sessions])
        seed = bytes(rng.getrandbits(8) for _ in range(32))
        window = BookingWindow.objects.create(
            code="BENCH",
            province_code="32",
            subject="subject_2",
            opens_at=now - timedelta(days=7),
            closes_at=now - timedelta(seconds=1),
            status=BookingWindow.Status.OPEN,
            seed=seed.hex(),
            seed_sha256=rules.seed_commitment(seed),
        )
        WindowSession.objects.bulk_create(WindowSession(window=window, session=s) for s in sessions)
    ids = [s.pk for s in sessions]
    weights = [1 / (1 + n % 50) for n in range(len(ids))]
    count = args.applicants
    base = datetime(2026, 6, 1, tzinfo=UTC)
    with transaction.atomic():
        copy(
            Person,
            "id, id_number, name, gender, birth_date, region_code, address, records_version",
            (
                (n, f"B{n:017d}", "学员", "male", "2000-01-01", "320100", "", 0)
                for n in range(1, count + 1)
            ),
        )
        accepted = [base + timedelta(seconds=rng.randrange(90 * 86400)) for _ in range(count)]
        copy(
            LicenseApplication,
            "id, number, person_id, license_class, held_classes, accepted_at, status, "
            "exam_region_code",
            (
                (n, f"XB{n:012d}", n, "C1", "", accepted[n - 1], "active", "320100")
                for n in range(1, count + 1)
            ),
        )

        def lists():
            for n in range(1, count + 1):
                prefs: list[int] = []
                while len(prefs) < 5:
                    for pick in rng.choices(ids, weights, k=5):
                        if pick not in prefs and len(prefs) < 5:
                            prefs.append(pick)
                moment = accepted[n - 1]
                yield (
                    window.pk,
                    n,
                    n,
                    anonymised_id(window.code, f"XB{n:012d}"),
                    moment,
                    True,
                    json.dumps(prefs),
                    1,
                    now,
                    now,
                )

        copy(
            PreferenceList,
            "window_id, application_id, person_id, anonymised_id, sort_time, is_first_time, "
            "session_ids, version, submitted_at, changed_at",
            lists(),
        )
        with connection.cursor() as cursor:
            for table in ("identity_person", "exams_licenseapplication"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count})")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"prepared {count:,} applicants over {len(ids):,} sessions "
        f"in {time.perf_counter() - started:.1f} s; window {window.code}"
    )


if __name__ == "__main__":
    main()
