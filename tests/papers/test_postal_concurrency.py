"""Tracking on PostgreSQL with real concurrency: the same event delivered by eight workers
at once is stored and applied once; eight different events at once leave the shipment in
the state of the latest."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.gateways.postal.base import TrackingStatus as T
from jiaoguan.identity.actors import system_actor
from jiaoguan.papers.models import Shipment, TrackingEvent
from jiaoguan.papers.postal import services
from tests.papers.postal_factories import courier_event, hours, make_shipment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 8
TRACKING = system_actor("papers.tracking")


def at_once(function, count=WORKERS):
    start = threading.Barrier(count)

    def run(index):
        start.wait()
        try:
            return function(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def shipment(settings):
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False
    shipment = make_shipment()  # transaction=True: the booking ran on commit
    shipment.refresh_from_db()
    assert shipment.waybill_number
    return shipment


def test_the_same_event_from_eight_workers_at_once_is_applied_once(shipment):
    event = courier_event(shipment.waybill_number, T.COLLECTED, key="same-event")
    outcomes = at_once(lambda _i: services.tracking_event_apply(actor=TRACKING, event=event))
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * (WORKERS - 1)
    assert TrackingEvent.objects.filter(event_key="same-event").count() == 1
    assert AuditEvent.objects.filter(action="papers.shipment.track").count() == 1
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.COLLECTED


def test_eight_different_events_at_once_end_in_the_latest_state(shipment):
    t0 = clock.now()
    story = [
        (T.COLLECTED, 1), (T.IN_TRANSIT, 2), (T.IN_TRANSIT, 3), (T.OUT_FOR_DELIVERY, 4),
        (T.FAILED_ATTEMPT, 5), (T.OUT_FOR_DELIVERY, 6), (T.DELIVERED, 7), (T.IN_TRANSIT, 8),
    ]  # fmt: skip

    def apply(index: int) -> str:
        status, hour = story[index]
        event = courier_event(shipment.waybill_number, status, t0 + hours(hour), key=f"e{index}")
        return services.tracking_event_apply(actor=TRACKING, event=event)

    at_once(apply)
    shipment.refresh_from_db()
    # whatever order they ran in, the delivered event (the latest of the highest rank) wins
    # and the later in-transit one cannot move a finished shipment
    assert shipment.state == Shipment.State.DELIVERED
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 8
