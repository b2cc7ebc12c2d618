"""Chaos: shipments through the sandbox courier with real Celery workers on Redis, pushes
duplicated, reordered and delayed, failed attempts and returns, a killed worker.

Every shipment is booked once (one parcel per reference), every tracking event is stored
once, and every shipment ends in the state its story (replayed from the seed) ends in:
delivered, or returned to the sender after its failed attempts.

Runs on PostgreSQL when ``CHAOS_BROKER_URL`` or ``POSTAL_CHAOS_BROKER_URL`` is set, on its
own Redis database (default ``redis://127.0.0.1:6379/5``); ``POSTAL_CHAOS_SHIPMENTS``
(default 300) sets the size.
"""

import os
import subprocess
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.db.models import Count

from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.models import SandboxCourierPush, SandboxParcel
from jiaoguan.gateways.postal.sandbox import courier
from jiaoguan.identity.actors import system_actor
from jiaoguan.papers.models import Shipment, TrackingEvent
from jiaoguan.papers.postal import services
from tests import chaos
from tests.chaos import celery_on, kill, require_broker
from tests.papers.postal_factories import NANJING_OFFICE, make_address

pytestmark = [pytest.mark.postgres, pytest.mark.chaos]

SHIPMENTS = int(os.environ.get("POSTAL_CHAOS_SHIPMENTS", "300"))
ENABLED = bool(os.environ.get("CHAOS_BROKER_URL") or os.environ.get("POSTAL_CHAOS_BROKER_URL"))
BROKER = os.environ.get("POSTAL_CHAOS_BROKER_URL", "redis://127.0.0.1:6379/5")
MISBEHAVIOUR = {
    "POSTAL_SANDBOX_SEED": "14",
    "POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT": "20",
    "POSTAL_SANDBOX_RETURN_PERCENT": "5",
    "POSTAL_SANDBOX_DUPLICATE_PERCENT": "30",
    "POSTAL_SANDBOX_REORDER_PERCENT": "30",
    "POSTAL_SANDBOX_DELAY_SECONDS": "2",
}

# The sweeper runs in this process: it must know the workers' short leases, or it leaves a
# killed worker's rows alone for the default five minutes.
LEASES = {
    "POSTAL_SANDBOX_RETRY_SECONDS": "1",
    "POSTAL_SANDBOX_STUCK_SECONDS": "5",
    "POSTAL_BOOKING_RETRY_SECONDS": "1",
    "POSTAL_BOOKING_STUCK_SECONDS": "5",
}


@pytest.fixture
def broker(settings):
    require_broker(ENABLED, "set CHAOS_BROKER_URL (or POSTAL_CHAOS_BROKER_URL) for the chaos test")
    for name, value in {**MISBEHAVIOUR, **LEASES}.items():
        setattr(settings, f"JIAOGUAN_{name}", int(value))
    with celery_on(BROKER) as redis_client:
        yield redis_client


def start_worker(name: str, log) -> subprocess.Popen:
    env = {
        **MISBEHAVIOUR,
        "POSTAL_SANDBOX_SECRET": django_settings.JIAOGUAN_POSTAL_SANDBOX_SECRET,
        **LEASES,
        "POSTAL_SANDBOX_TRANSPORT": "inprocess",
        "LOG_LEVEL": "ERROR",
    }
    return chaos.start_worker(name=name, broker=BROKER, env=env, log=log, loglevel="ERROR")


def finished() -> int:
    return Shipment.objects.filter(state__in=["delivered", "returned"]).count()


def unfinished_rows() -> int:
    pushes = SandboxCourierPush.objects.filter(status__in=["pending", "sending"]).count()
    bookings = Shipment.objects.filter(status__in=["queued", "sending"]).count()
    return pushes + bookings


@pytest.mark.django_db(transaction=True)
def test_every_shipment_is_booked_once_and_ends_as_its_story_does(broker, tmp_path):
    started = time.monotonic()
    address = make_address()
    dispatcher = system_actor("papers.dispatch")
    log_path = tmp_path / "workers.log"
    with open(log_path, "wb") as log:
        first = start_worker("postal-chaos1", log)
        try:
            for _index in range(SHIPMENTS):
                services.shipment_create(
                    actor=dispatcher,
                    case_reference=uuid.uuid4(),
                    leg="document",
                    applicant_person_id=address.person_id,
                    address_id=address.pk,
                    office=NANJING_OFFICE,
                    province_code="32",
                    description="机动车驾驶证",
                )
            deadline = time.monotonic() + 300
            while finished() < SHIPMENTS // 3 and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            kill(first)
        finished_before_kill = finished()
        second = start_worker("postal-chaos2", log)
        try:
            deadline = time.monotonic() + 900
            while time.monotonic() < deadline:
                if unfinished_rows() == 0:
                    break
                if broker.llen("celery") == 0:
                    delivery.sweep()  # the sweeper, as beat runs it
                time.sleep(2)
        finally:
            kill(second)
    elapsed = time.monotonic() - started
    log_text = log_path.read_text(errors="replace")

    assert unfinished_rows() == 0, log_text[-3000:]
    assert Shipment.objects.filter(status="booked").count() == SHIPMENTS
    # booked once: one parcel per shipment reference, one shipment per waybill
    assert SandboxParcel.objects.count() == SHIPMENTS
    assert not SandboxParcel.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1)
    pushes = SandboxCourierPush.objects.count()
    events = TrackingEvent.objects.count()
    assert not (
        TrackingEvent.objects.values("provider", "event_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    expected_events, outcomes = 0, {}
    for parcel in SandboxParcel.objects.all():
        story = courier.parcel_story_events(parcel)
        expected_events += len(story)
        shipment = Shipment.objects.get(waybill_number=parcel.waybill_number)
        assert shipment.state == story[-1]["status"], parcel.waybill_number
        outcomes[shipment.state] = outcomes.get(shipment.state, 0) + 1
    assert events == expected_events
    assert pushes > events  # duplicates were sent, and stored once
    assert finished() == SHIPMENTS
    print(
        f"\npostal chaos: {SHIPMENTS} shipments, {pushes} pushes, {events} events stored, "
        f"outcomes {outcomes}, {finished_before_kill} finished before the kill, "
        f"{elapsed:.0f} s"
    )
