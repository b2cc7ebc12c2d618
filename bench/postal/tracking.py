"""Tracking events applied per second: signed sandbox pushes posted to
``/api/v1/postal/events/sandbox`` through Django's test client (in-process, no HTTP server),
one event per push, as the sandbox courier sends them; p50/p99 per push.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jg_postal \
        .venv/bin/python bench/postal/tracking.py [--shipments 200] [--duplicates 20]

Creates a test database (``test_<name>``) and drops it afterwards. One process, one
connection: the figure is what one web worker applies; more workers add up until the
database is the limit.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.test")
os.environ.setdefault("POSTAL_SANDBOX_AUTOPUSH", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shipments", type=int, default=200)
    parser.add_argument("--duplicates", type=int, default=20, help="percent pushed twice")
    args = parser.parse_args()
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def run(args) -> None:
    import random

    from jiaoguan.core import clock
    from jiaoguan.gateways.postal.sandbox import common
    from jiaoguan.identity.actors import system_actor
    from jiaoguan.papers.models import Shipment, TrackingEvent
    from jiaoguan.papers.postal import services
    from tests.identity.factories import make_citizen
    from tests.papers.postal_factories import NANJING_OFFICE

    user = make_citizen()
    from jiaoguan.identity.actors import actor_for_user

    address = services.address_add(
        actor=actor_for_user(user),
        person_id=user.person_id,
        recipient_name="张伟",
        phone="13812345678",
        region_code="320102",
        detail="北京东路 41 号",
    )
    from jiaoguan.core import s10

    waybills = []
    for index in range(args.shipments):
        shipment = services.shipment_create(
            actor=system_actor("bench"),
            case_reference=uuid.uuid4(),
            leg="document",
            applicant_person_id=address.person_id,
            address_id=address.pk,
            office=NANJING_OFFICE,
            province_code="32",
            description="机动车驾驶证",
        )
        waybill = s10.s10_number("EB", index)
        Shipment.objects.filter(pk=shipment.pk).update(waybill_number=waybill, status="booked")
        waybills.append(waybill)
    story = ["collected", "in_transit", "in_transit", "out_for_delivery", "delivered"]
    rng = random.Random(14)
    start = clock.now()
    pushes = []
    for waybill in waybills:
        for step, status in enumerate(story):
            event = {
                "event_id": f"{waybill}-{step:02d}",
                "status": status,
                "occurred_at": (start + timedelta(hours=step)).isoformat(),
                "description": status,
                "region_code": "320102",
            }
            body = common.dumps({"waybill_number": waybill, "events": [event]})
            pushes.append(body)
            if rng.randrange(100) < args.duplicates:
                pushes.append(body)
    rng.shuffle(pushes)  # out of order across and within shipments
    client = Client()
    timings = []
    began = time.perf_counter()
    for body in pushes:
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/postal/events/sandbox",
            data=body,
            content_type="application/json",
            headers=common.signed_headers(body),
        )
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content
    elapsed = time.perf_counter() - began
    delivered = Shipment.objects.filter(state="delivered").count()
    stored = TrackingEvent.objects.count()
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(
        f"{connection.vendor}: {len(pushes)} pushes ({stored} events, "
        f"{len(pushes) - stored} duplicates) in {elapsed:.2f} s = {len(pushes) / elapsed:.0f} "
        f"pushes/s; p50 {statistics.median(timings) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; "
        f"{delivered}/{len(waybills)} delivered"
    )
    assert delivered == len(waybills)


if __name__ == "__main__":
    main()
