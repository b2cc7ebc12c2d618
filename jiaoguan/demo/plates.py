"""Demo number plates: a published 号段 with an open batch, and a new car of 张伟 awaiting
registration, so the selection pages have something to show. Idempotent."""

import secrets
from datetime import date, timedelta

from jiaoguan.core import clock
from jiaoguan.core.ids import vin_check_digit
from jiaoguan.identity.models import Person, User
from jiaoguan.plates import rules, services
from jiaoguan.plates.models import Batch, NewVehicle, NumberSegment

DEMO_PATTERN = "D####"


def demo_vin() -> str:
    body = "LSVDM2BR0K0000001"
    return body[:8] + vin_check_digit(body) + body[9:]


def ensure_demo_plates(*, officer: User, owner: Person, province: str, as_of: date) -> None:
    """Segment ``<province>A D####`` open since a week before ``as_of`` with a batch, and a
    new small car of ``owner`` (insured for a year)."""
    prefix = f"{province}A"
    segment = NumberSegment.objects.filter(
        plate_type="02", prefix=prefix, pattern=DEMO_PATTERN
    ).first()
    if segment is None:
        pool = rules.Pool("02", prefix, DEMO_PATTERN)
        segment = NumberSegment.objects.create(
            plate_type="02",
            prefix=prefix,
            pattern=DEMO_PATTERN,
            pool_size=pool.size,
            starts_on=as_of - timedelta(days=7),
            published_on=as_of - timedelta(days=14),
            published_by=officer,
            note="演示号段",
        )
    if not Batch.objects.filter(segment=segment, closed_at__isnull=True).exists():
        if segment.starts_on <= clock.today():
            services.batch_open(actor=officer, segment_id=segment.pk)
        else:  # a demo dated in the future: open the batch as of that day
            seed = secrets.token_hex(32)
            Batch.objects.create(
                segment=segment,
                opened_at=clock.now(),
                seed=seed,
                seed_hash=rules.seed_commitment(seed),
            )
    NewVehicle.objects.get_or_create(
        vin=demo_vin(),
        defaults={
            "owner": owner,
            "plate_type": "02",
            "prefix": prefix,
            "compulsory_insurance_until": as_of + timedelta(days=365),
            "created_at": clock.now(),
        },
    )
