"""Many claimers at once on PostgreSQL: no row is ever held by two of them, and each row of
overlapping batches is sent exactly once."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.delivery import engine
from jiaoguan.gateways.models import SandboxNotification
from tests.delivery.probe import rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CLAIMERS = 8


def at_once(function, count=CLAIMERS):
    start = threading.Barrier(count)

    def run(index):
        start.wait()
        try:
            return function(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_claimers_never_hold_the_same_row(probe):
    ids = rows(200)
    for _round in range(3):
        SandboxNotification.objects.filter(pk__in=ids).update(status="pending", claimed_at=None)

        def claim(index: int) -> list[int]:
            batch = random.Random(index).sample(ids, 120)  # overlapping, in other orders
            return engine.claim(probe, batch, clock.now())

        claimed = at_once(claim)
        flat = [pk for batch in claimed for pk in batch]
        assert len(flat) == len(set(flat)), "a row was claimed twice"
        assert sum(1 for batch in claimed if batch) > 1, "the claimers really overlapped"
        held = set(
            SandboxNotification.objects.filter(status="sending").values_list("pk", flat=True)
        )
        assert held == set(flat)


def test_concurrent_deliveries_of_overlapping_batches_send_each_row_once(probe):
    ids = rows(60)

    def deliver(index: int) -> dict:
        batch = ids[index * 5 :] + ids[: index * 5]
        return engine.deliver(probe, batch[:40])

    at_once(deliver)
    sent = [pk for pk, _key, _attempts in probe.calls]
    assert len(sent) == len(set(sent))
    done = SandboxNotification.objects.filter(pk__in=set(sent))
    assert set(done.values_list("status", "attempts")) == {("acknowledged", 1)}
