"""Prepare a national day's mix on a seeded register (bench/seed): citizen accounts and what
each operation of the mix needs, written as one JSON file for ``locustfile.py``.

- ``CITIZENS`` licence holders with a vehicle, spread over the register, each with an account
  (a phone, one password for all, a bearer token);
- for each of them ``VIOLATIONS`` camera records entered on their car, to be handled and paid;
- an open subject-2 booking window whose sessions a fifth of them rank (a class D
  application with 科目一 passed, as the demo's 张伟);
- a published 苏A plate segment with an open batch and one new car per citizen to draw for;
- the sandbox acquirer's signed notifications of ``ORDERS`` paid fine orders (bench/payments);
- a camera system's partner key (``violations.ingest``) and the plates it reports;
- the demo's road events and service guides (bench/public).

Run on a copy of the seeded register (``run.sh`` makes one):
    DATABASE_URL=... python bench/national-day/prepare.py OUT_DIR
"""

import base64
import importlib.util
import json
import os
import random
import secrets
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.demo import exams as demo_exams  # noqa: E402
from jiaoguan.demo.violations import _evidence  # noqa: E402
from jiaoguan.drivers.models import DrivingLicense  # noqa: E402
from jiaoguan.identity.actors import system_actor  # noqa: E402
from jiaoguan.identity.models import ApiToken, Organization, PartnerKey, User  # noqa: E402
from jiaoguan.identity.services import partner_key_issue, token_digest  # noqa: E402
from jiaoguan.plates import rules as plate_rules  # noqa: E402
from jiaoguan.plates.models import Batch, NewVehicle, NumberSegment  # noqa: E402
from jiaoguan.vehicles.models import Vehicle  # noqa: E402
from jiaoguan.violations.models import ViolationRecord  # noqa: E402

PASSWORD = "Bench-Password-2026"
PHONE_BASE = 13700000000
#: A parking violation of no points (苏's fine): handling it online is never refused for points.
CODE = "1039"
REGION = "320102"


def _bench_module(name: str):
    """Another benchmark's prepare.py (their builders, not copies of them)."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}_prepare", ROOT / "bench" / name / "prepare.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _citizens(count: int) -> list[dict]:
    """Holders of a valid licence with a vehicle, every k-th of the register, with accounts."""
    holders = (
        Vehicle.objects.filter(
            owner_person__driving_license__status=DrivingLicense.Status.VALID,
            owner_person__account__isnull=True,
        )
        .order_by("owner_person_id")
        .values_list("owner_person_id", "pk", "plate_number", "plate_type")
    )
    total = holders.count()
    step = max(1, total // max(count, 1))
    picked, seen = [], set()
    for person_id, vehicle_id, plate, plate_type in holders[: count * step : step]:
        if person_id not in seen:
            seen.add(person_id)
            picked.append((person_id, vehicle_id, plate, plate_type))
    hashed = make_password(PASSWORD)  # one hash for all: the log-in still checks it in full
    users = User.objects.bulk_create(
        [
            User(
                kind=User.Kind.CITIZEN,
                username=f"nd{index}",
                person_id=person_id,
                phone=str(PHONE_BASE + index),
                password=hashed,
            )
            for index, (person_id, *_rest) in enumerate(picked)
        ],
        batch_size=2000,
    )
    keys = [secrets.token_urlsafe(32) for _ in users]
    expires = clock.now() + timedelta(days=2)
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=user, key_digest=token_digest(key), expires_at=expires)
            for user, key in zip(users, keys, strict=True)
        ],
        batch_size=2000,
    )
    return [
        {
            "token": key,
            "phone": user.phone,
            "person_id": person_id,
            "vehicle_id": vehicle_id,
            "plate": plate,
            "plate_type": plate_type,
        }
        for user, key, (person_id, vehicle_id, plate, plate_type) in zip(
            users, keys, picked, strict=True
        )
    ]


def _violations(citizens: list[dict], per_citizen: int) -> list[list]:
    camera = Organization.objects.create(
        name="压测交通技术监控系统",
        credit_code="11320100BENCH0001X",
        kind=Organization.Kind.ENFORCEMENT_SYSTEM,
        region_code="320100",
    )
    today = clock.today()
    rows = []
    for citizen in citizens:
        for n in range(per_citizen):
            occurred = datetime.combine(today - timedelta(days=3 + n), time(9), clock.TIMEZONE)
            record_id = f"ND-{citizen['vehicle_id']}-{n}"
            rows.append(
                ViolationRecord(
                    reporter=camera,
                    device_id=f"{REGION}-CAM-0001",
                    device_record_id=record_id,
                    content_digest=record_id.ljust(64, "0")[:64],
                    code=CODE,
                    plate_number=citizen["plate"],
                    plate_type=citizen["plate_type"],
                    vehicle_id=citizen["vehicle_id"],
                    occurred_at=occurred,
                    place="中山路（违停）",
                    region_code=REGION,
                    status=ViolationRecord.Status.ENTERED,
                    entered_on=today - timedelta(days=2 + n),
                )
            )
    created = ViolationRecord.objects.bulk_create(rows, batch_size=2000)
    tokens = {c["vehicle_id"]: c["token"] for c in citizens}
    return [[tokens[r.vehicle_id], r.pk] for r in created]


def _exams(citizens: list[dict]) -> dict:
    """An open window of class D subject-2 sessions; the citizens given apply for class D."""
    now, today = clock.now(), clock.today()
    venues = [
        demo_exams.ExamVenue.objects.create(
            code=f"ND{n}", name=f"压测考场{n}", region_code="320100"
        )
        for n in range(3)
    ]
    subject_1 = demo_exams._sessions(
        venues[0], today - timedelta(days=60), "subject_1", ["D"], 100000
    )[0]
    sessions = [
        s
        for venue in venues
        for s in demo_exams._sessions(
            venue, today + timedelta(days=26), "subject_2", ["D", "D", "D"], 50
        )
    ]
    window = demo_exams._window("ND-1", sessions, now - timedelta(days=1), now + timedelta(days=5))
    people = demo_exams.Person.objects.in_bulk([c["person_id"] for c in citizens])
    with transaction.atomic():
        for number, citizen in enumerate(citizens, start=1):
            demo_exams._applicant(
                people[citizen["person_id"]],
                number,
                "D",
                now - timedelta(days=70),
                subject_1,
                held="C1",
            )
    return {
        "window": window.code,
        "sessions": [s.pk for s in sessions],
        "applicants": [c["token"] for c in citizens],
    }


def _plates(citizens: list[dict]) -> dict:
    officer = User.objects.create(kind=User.Kind.OFFICER, username="nd-officer", password="!")
    pool = plate_rules.Pool("02", "苏A", "D####")
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
        segment=segment,
        opened_at=clock.now(),
        seed=seed,
        seed_hash=plate_rules.seed_commitment(seed),
    )
    vin = _bench_module("plates").vin
    NewVehicle.objects.bulk_create(
        [
            NewVehicle(
                vin=vin(index),
                owner_id=citizen["person_id"],
                plate_type="02",
                prefix="苏A",
                compulsory_insurance_until=clock.today() + timedelta(days=365),
                created_at=clock.now(),
            )
            for index, citizen in enumerate(citizens)
        ],
        batch_size=2000,
    )
    return {
        "segment": segment.pk,
        "draws": [[c["token"], vin(index)] for index, c in enumerate(citizens)],
    }


def _partner(citizens: list[dict]) -> dict:
    camera = Organization.objects.get(credit_code="11320100BENCH0001X")
    key, secret = partner_key_issue(
        actor=system_actor("bench"),
        organization=camera,
        scopes=[PartnerKey.Scope.VIOLATIONS_INGEST],
    )
    picture = base64.b64encode(_evidence("苏A BENCH 1345")).decode()
    return {
        "key_id": key.key_id,
        "secret": secret,
        "evidence": picture,
        "plates": [[c["plate"], c["plate_type"]] for c in citizens],
        "region": REGION,
    }


def main(out_dir: str) -> None:
    citizens_wanted = int(os.environ.get("CITIZENS", "2000"))
    per_citizen = int(os.environ.get("VIOLATIONS", "3"))
    orders = int(os.environ.get("ORDERS", "20000"))
    events = int(os.environ.get("EVENTS", "300"))
    out = Path(out_dir)
    random.seed(20261203)
    with transaction.atomic():
        citizens = _citizens(citizens_wanted)
        violations = _violations(citizens, per_citizen)
        plates = _plates(citizens)
        partner = _partner(citizens)
    exams = _exams(citizens[: max(1, len(citizens) // 5)])
    _bench_module("payments").main(orders, 0, 0, str(out / "notifications.txt"))
    _bench_module("public").main(events, events // 10)
    fixture = {
        "password": PASSWORD,
        "citizens": [{"token": c["token"], "phone": c["phone"]} for c in citizens],
        "vehicles": [[c["token"], c["vehicle_id"]] for c in citizens],
        "violations": violations,
        "exams": exams,
        "plates": plates,
        "partner": partner,
        "notifications": str(out / "notifications.txt"),
        "as_of": clock.today().isoformat(),
    }
    (out / "fixture.json").write_text(json.dumps(fixture))
    print(
        f"{len(citizens)} citizens, {len(violations)} violations, "
        f"{len(exams['applicants'])} exam applicants, {len(plates['draws'])} cars to draw for, "
        f"{orders} paid orders' notifications"
    )


if __name__ == "__main__":
    main(sys.argv[1])
