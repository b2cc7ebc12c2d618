"""Chaos: 10,000 orders, real Celery workers on a Redis broker, a killed worker.

The sandbox acquirer sends every notification of 8,000 genuine payments, a fifth of them
twice, each held back a random moment (so they arrive out of order, some "waiting for
payment" notifications after the payment's), plus cancellations and 300 forgeries (bad
signature, wrong amount, unknown order). The first worker is killed (SIGKILL, its whole
process group) mid-run; a second takes over, with the sweeper running as beat would.
Afterwards the paid orders are exactly the genuine payments, each credited once, every
forgery was rejected and stored, and reconciliation with the acquirer's statement finds
no difference.

Runs on PostgreSQL when ``CHAOS_BROKER_URL`` is set (CI sets it), on its own Redis database:
``PAYMENTS_CHAOS_BROKER_URL`` (default ``redis://127.0.0.1:6379/10``).
``JIAOGUAN_REQUIRE_CHAOS=1`` turns a missing broker into a failure instead of a skip;
``PAYMENTS_CHAOS_ORDERS`` makes the run smaller while working on it.
"""

import os
import random
import subprocess
import time
import uuid

import pytest
from django.db import connection, transaction
from django.db.models import Count

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.models import SandboxNotification, SandboxTrade
from jiaoguan.gateways.payment import sandbox
from jiaoguan.identity.actors import system_actor
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentCallback, PaymentOrder, ReconciliationRun
from tests import chaos
from tests.chaos import celery_on, kill, require_broker

SYSTEM = system_actor("test")

pytestmark = [pytest.mark.postgres, pytest.mark.chaos]

ORDERS = int(os.environ.get("PAYMENTS_CHAOS_ORDERS", "10000"))
GENUINE = ORDERS * 8 // 10
CANCELLED = ORDERS // 20
FORGED_EACH = max(ORDERS // 100, 3)  # of each kind
ENABLED = bool(os.environ.get("CHAOS_BROKER_URL") or os.environ.get("PAYMENTS_CHAOS_BROKER_URL"))
BROKER = os.environ.get("PAYMENTS_CHAOS_BROKER_URL", "redis://127.0.0.1:6379/10")
EXPECTED_REASON = {
    "signature": "signature_invalid",
    "amount": "amount_mismatch",
    "unknown_order": "unknown_order",
}


@pytest.fixture
def broker(settings):
    require_broker(
        ENABLED, "set CHAOS_BROKER_URL (or PAYMENTS_CHAOS_BROKER_URL) for the chaos test"
    )
    settings.JIAOGUAN_PAYMENTS_SANDBOX_DUPLICATE_PERCENT = 20
    settings.JIAOGUAN_PAYMENTS_SANDBOX_DELAY_SECONDS = 2
    settings.JIAOGUAN_PAYMENTS_SANDBOX_STUCK_SECONDS = 5
    with celery_on(BROKER) as redis_client:
        yield redis_client


def start_worker(name: str, log) -> subprocess.Popen:
    env = {
        "PAYMENTS_SANDBOX_TRANSPORT": "inprocess",
        "PAYMENTS_SANDBOX_RETRY_SECONDS": "1",
        "PAYMENTS_SANDBOX_MAX_ATTEMPTS": "8",
        "PAYMENTS_SANDBOX_STUCK_SECONDS": "5",  # the lease: a killed worker's sends taken over
        "LOG_LEVEL": "ERROR",
    }
    return chaos.start_worker(name=name, broker=BROKER, env=env, log=log, loglevel="ERROR")


def credited() -> int:
    return PaymentOrder.objects.filter(status="paid").count()


def make_orders() -> list[PaymentOrder]:
    """The orders and the acquirer's waiting trades (the payers opened their pay pages), in
    bulk: the chaos is in the notifications, not in opening orders."""
    now = clock.now()
    notify_url = services.notify_url_of("sandbox")
    orders = PaymentOrder.objects.bulk_create(
        (
            PaymentOrder(
                number=f"JG{clock.local(now):%y%m%d}{uuid.uuid4().hex[:16].upper()}",
                purpose="tests.chaos",
                reference=f"CHAOS-{index:06d}",
                amount_fen=random.randint(1, 2000) * 100,
                subject="测试罚款",
                provider="sandbox",
                created_at=now,
            )
            for index in range(ORDERS)
        ),
        batch_size=2000,
    )
    SandboxTrade.objects.bulk_create(
        (
            SandboxTrade(
                out_trade_no=order.number,
                amount_fen=order.amount_fen,
                subject=order.subject,
                notify_url=notify_url,
                created_at=now,
            )
            for order in orders
        ),
        batch_size=2000,
    )
    return orders


@pytest.mark.django_db(transaction=True)
def test_payments_are_credited_exactly_once_through_duplicates_forgeries_and_a_killed_worker(
    broker, tmp_path
):
    random.seed(20261121)
    started = time.monotonic()
    with connection.cursor() as cursor:  # the acquirer's side here need not wait for the disk
        cursor.execute("SET synchronous_commit TO OFF")
    orders = make_orders()
    random.shuffle(orders)
    paid = orders[:GENUINE]
    cancelled = orders[GENUINE : GENUINE + CANCELLED]
    unpaid = orders[GENUINE:]
    log_path = tmp_path / "workers.log"
    with open(log_path, "wb") as log:
        first = start_worker("payments-chaos1", log)
        try:
            for order in paid[: GENUINE // 10]:  # "waiting" notices, due to arrive late
                sandbox.notifications_queue(SandboxTrade.objects.get(out_trade_no=order.number))
            for start in range(0, GENUINE, 200):
                with transaction.atomic():  # notifications go to the broker on commit
                    for order in paid[start : start + 200]:
                        sandbox.trade_pay(order.number)
            for order in cancelled:
                sandbox.trade_cancel(order.number)
            forged = []
            for kind in EXPECTED_REASON:
                for order in random.sample(paid, FORGED_EACH // 2) + random.sample(
                    unpaid, FORGED_EACH - FORGED_EACH // 2
                ):
                    forged.append(sandbox.notification_forge(order.number, kind))
            queued = time.monotonic()
            deadline = time.monotonic() + 300  # generous: a loaded 2-core machine is slow
            while credited() < GENUINE // 3 and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            kill(first)
        credited_before_kill = credited()
        second = start_worker("payments-chaos2", log)
        try:
            deadline = time.monotonic() + 900
            while time.monotonic() < deadline:
                unfinished = SandboxNotification.objects.filter(
                    status__in=["pending", "sending"]
                ).count()
                if unfinished == 0:
                    break
                if broker.llen("celery") == 0:
                    delivery.sweep()  # the sweeper, as beat runs it
                time.sleep(2)
        finally:
            kill(second)

    finished = time.monotonic()
    print(log_path.read_text()[-3000:])  # shown when an assertion fails
    print(f"queued in {queued - started:.0f} s, all delivered after {finished - started:.0f} s")
    outcomes = dict(
        PaymentCallback.objects.values_list("outcome").annotate(n=Count("id")).order_by()
    )
    notifications = dict(
        SandboxNotification.objects.values_list("status").annotate(n=Count("id")).order_by()
    )
    print(outcomes, notifications, credited_before_kill)

    assert 0 < credited_before_kill < GENUINE, "the worker was killed mid-run"
    assert notifications.get("pending", 0) == notifications.get("sending", 0) == 0
    # Paid orders are exactly the genuine payments, each credited once.
    paid_numbers = set(PaymentOrder.objects.filter(status="paid").values_list("number", flat=True))
    assert paid_numbers == {order.number for order in paid}
    credits = PaymentCallback.objects.filter(outcome="credited")
    assert credits.count() == GENUINE
    assert not credits.values("order").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert AuditEvent.objects.filter(action="payments.order.paid").count() == GENUINE
    assert outcomes.get("repeated", 0) > 0, "some notifications came twice"
    assert outcomes.get("noted", 0) >= GENUINE // 10 + CANCELLED
    assert PaymentOrder.objects.filter(status="closed").count() == CANCELLED
    assert not PaymentOrder.objects.filter(status__in=["duplicate", "refunded"]).exists()
    # Every forgery was rejected and stored with its reason, and audited.
    assert len(forged) == 3 * FORGED_EACH
    for notification in forged:
        rejected = PaymentCallback.objects.filter(notify_id=f"sbx-{notification.pk}")
        assert rejected.exists(), notification.pk
        assert set(rejected.values_list("outcome", "reason")) == {
            ("rejected", EXPECTED_REASON[notification.forgery])
        }
    assert AuditEvent.objects.filter(action="payments.callback.reject").count() == outcomes.get(
        "rejected"
    )
    assert outcomes.get("rejected") >= len(forged)
    assert not PaymentCallback.objects.filter(outcome="failed").exists()
    # The acquirer's statements agree with our orders.
    days = {
        clock.local(moment).date()
        for moment in SandboxTrade.objects.filter(paid_at__isnull=False).values_list(
            "paid_at", flat=True
        )
    }
    for day in days:
        run = services.reconciliation_run(actor=SYSTEM, day=day)
        assert (run.status, run.differences_count) == ("finished", 0), list(
            run.differences.values_list("kind", "order_number")[:10]
        )
    assert sum(run.matched for run in ReconciliationRun.objects.all()) == GENUINE
