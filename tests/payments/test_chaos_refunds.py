"""Chaos: refunds of duplicate payments on the delivery engine, with real Celery workers on a
Redis broker, a misbehaving acquirer and a killed worker.

The sandbox acquirer answers a fifth of the refund requests with a retryable error, half of
them after paying the refund (a lost answer); the first worker is killed (SIGKILL, its whole
process group) mid-run and a second takes over, with the sweeper running as beat would.
Afterwards every refund succeeded, each was paid out once (the refund number is the
acquirer's idempotency key), each success was audited once, and reconciliation with the
acquirer's statement finds no difference.

Runs on PostgreSQL when ``CHAOS_BROKER_URL`` is set (CI sets it), on the payments chaos
test's Redis database (``PAYMENTS_CHAOS_BROKER_URL``); ``JIAOGUAN_REQUIRE_CHAOS=1`` turns a
missing broker into a failure instead of a skip; ``PAYMENTS_CHAOS_REFUNDS`` sets the size
(default 600, about half a minute on a loaded 2-core machine).
"""

import os
import random
import subprocess
import time
import uuid

import pytest
from django.db.models import Count, F

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.identity.actors import system_actor
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentOrder, Refund
from jiaoguan.payments.services.callbacks import REFUNDS
from tests import chaos
from tests.chaos import celery_on, kill, require_broker
from tests.payments.test_chaos import BROKER, ENABLED

pytestmark = [pytest.mark.postgres, pytest.mark.chaos]

COUNT = int(os.environ.get("PAYMENTS_CHAOS_REFUNDS", "600"))


@pytest.fixture
def broker(settings):
    require_broker(
        ENABLED, "set CHAOS_BROKER_URL (or PAYMENTS_CHAOS_BROKER_URL) for the chaos test"
    )
    settings.JIAOGUAN_PAYMENTS_REFUND_STUCK_SECONDS = 5
    with celery_on(BROKER) as redis_client:
        yield redis_client


def start_worker(name: str, log) -> subprocess.Popen:
    env = {
        "PAYMENTS_REFUND_RETRY_SECONDS": "1",
        "PAYMENTS_REFUND_STUCK_SECONDS": "5",
        "PAYMENTS_REFUND_MAX_ATTEMPTS": "30",
        "PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT": "20",
        "LOG_LEVEL": "ERROR",
    }
    return chaos.start_worker(name=name, broker=BROKER, env=env, log=log, loglevel="ERROR")


def make_refunds() -> list[Refund]:
    """Duplicate payments (paid at the acquirer, kept as duplicates here) and their pending
    refunds, in bulk: the chaos is in the refunds, not in the payments."""
    now = clock.now().replace(microsecond=0)
    orders = PaymentOrder.objects.bulk_create(
        PaymentOrder(
            number=f"JG{clock.local(now):%y%m%d}{uuid.uuid4().hex[:16].upper()}",
            purpose="tests.chaos.refunds",
            reference=f"CHAOS-RF-{index:06d}",
            amount_fen=random.randint(1, 2000) * 100,
            subject="测试罚款",
            provider="sandbox",
            status=PaymentOrder.Status.DUPLICATE,
            provider_reference=f"SBXRF{index:012d}",
            created_at=now,
            paid_at=now,
        )
        for index in range(COUNT)
    )
    SandboxTrade.objects.bulk_create(
        SandboxTrade(
            out_trade_no=order.number,
            trade_no=order.provider_reference,
            amount_fen=order.amount_fen,
            subject=order.subject,
            notify_url="http://127.0.0.1:9/unused",
            status=SandboxTrade.Status.SUCCESS,
            created_at=now,
            paid_at=now,
        )
        for order in orders
    )
    return Refund.objects.bulk_create(
        Refund(
            order=order,
            number=f"RF{order.number}",
            amount_fen=order.amount_fen,
            reason="paid_twice",
            created_at=now,
            not_before=now,
        )
        for order in orders
    )


def succeeded() -> int:
    return Refund.objects.filter(status="succeeded").count()


@pytest.mark.django_db(transaction=True)
def test_every_refund_is_paid_once_through_lost_answers_and_a_killed_worker(broker, tmp_path):
    random.seed(20261202)
    started = time.monotonic()
    refunds = make_refunds()
    log_path = tmp_path / "workers.log"
    with open(log_path, "wb") as log:
        first = start_worker("refunds-chaos1", log)
        try:
            assert delivery.dispatch(REFUNDS) == COUNT  # the tasks go to the broker on commit
            deadline = time.monotonic() + 240
            while succeeded() < COUNT // 3 and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            kill(first)
        succeeded_before_kill = succeeded()
        second = start_worker("refunds-chaos2", log)
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if not Refund.objects.filter(status__in=["pending", "sending"]).exists():
                    break
                if broker.llen("celery") == 0:
                    delivery.sweep()  # the sweeper, as beat runs it
                time.sleep(1)
        finally:
            kill(second)

    print(log_path.read_text()[-3000:])  # shown when an assertion fails
    statuses = dict(Refund.objects.values_list("status").annotate(n=Count("id")).order_by())
    attempts = dict(Refund.objects.values_list("attempts").annotate(n=Count("id")).order_by())
    print(
        f"{COUNT} refunds in {time.monotonic() - started:.0f} s; {statuses}; attempts {attempts};"
        f" {succeeded_before_kill} before the kill"
    )

    assert 0 < succeeded_before_kill < COUNT, "the worker was killed mid-run"
    assert statuses == {"succeeded": COUNT}
    assert max(attempts) > 1, "the acquirer misbehaved, so some refunds were asked again"
    # Paid out once each: one acquirer refund per refund number, no trade refunded twice.
    assert SandboxRefund.objects.count() == COUNT
    assert not SandboxTrade.objects.filter(refunded_fen__gt=F("amount_fen")).exists()
    assert SandboxTrade.objects.filter(refunded_fen=F("amount_fen")).count() == COUNT
    assert PaymentOrder.objects.filter(status="refunded").count() == COUNT
    # Each success written and audited once.
    audits = AuditEvent.objects.filter(action="payments.refund.succeed")
    assert audits.count() == COUNT
    assert set(audits.values_list("subject_id", flat=True)) == {str(r.pk) for r in refunds}
    # The acquirer's statement agrees with our refunds (and the payments behind them).
    run = services.reconciliation_run(actor=system_actor("tests"), day=clock.today())
    assert (run.status, run.differences_count) == ("finished", 0), list(
        run.differences.values_list("kind", "entry", "order_number")[:10]
    )
    assert run.matched == 2 * COUNT
