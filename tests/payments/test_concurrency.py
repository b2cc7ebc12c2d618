"""Many deliveries at once on PostgreSQL: a notification credits once, two orders of one
reference end with one credited and the other refunded, opening races a credit safely."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentCallback, PaymentOrder, Refund
from tests.payments.factories import PURPOSE, next_reference, open_order, paid_params

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 12


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


def acquirer_paid(order: PaymentOrder) -> SandboxTrade:
    """The sandbox holds the trade as paid (so a refund of it can go through)."""
    now = clock.now().replace(microsecond=0)
    return SandboxTrade.objects.create(
        out_trade_no=order.number,
        trade_no=f"SBXC{order.pk:012d}",
        amount_fen=order.amount_fen,
        subject=order.subject,
        notify_url="http://127.0.0.1/unused",
        status=SandboxTrade.Status.SUCCESS,
        created_at=now,
        paid_at=now,
    )


def deliver(params):
    return services.callback_process(provider="sandbox", params=params).outcome


def test_concurrent_deliveries_of_one_notification_credit_once(receiver):
    order = open_order().order
    params = paid_params(order)

    outcomes = at_once(lambda _: deliver(params))

    assert outcomes.count("credited") == 1
    assert set(outcomes) == {"credited", "repeated"}
    assert receiver.credited == [order.number]
    order.refresh_from_db()
    assert order.status == "paid"
    assert PaymentCallback.objects.filter(order=order).count() == WORKERS


def test_two_orders_of_one_reference_paid_at_once_one_credited_one_refunded(receiver):
    reference = next_reference()
    superseded = open_order(reference=reference, amount_fen=20000).order
    current = open_order(reference=reference, amount_fen=20600).order
    notifications = []
    for order in (superseded, current):
        trade = acquirer_paid(order)
        notifications.append(paid_params(order, trade_no=trade.trade_no))

    outcomes = at_once(lambda index: deliver(notifications[index % 2]))

    assert outcomes.count("credited") == 1
    assert outcomes.count("duplicate_payment") == 1
    assert set(outcomes) == {"credited", "duplicate_payment", "repeated"}
    statuses = dict(
        PaymentOrder.objects.filter(reference=reference).values_list("number", "status")
    )
    assert statuses == {current.number: "paid", superseded.number: "refunded"}
    assert receiver.credited == [current.number]
    refund = Refund.objects.get()
    assert (refund.order_id, refund.status) == (superseded.pk, "succeeded")
    assert SandboxRefund.objects.get().amount_fen == 20000


def test_opening_a_new_amount_while_the_old_order_is_credited_never_credits_twice(receiver):
    """The race the credited constraint guards: a payment_order_open for a grown amount
    running while the old order's payment is taken. Whatever wins, one order is credited and
    any order opened in the race and paid too is refunded."""
    for _ in range(5):
        reference = next_reference()
        old = open_order(reference=reference, amount_fen=20000).order
        params = paid_params(old, trade_no=acquirer_paid(old).trade_no)

        def race(index, reference=reference, params=params):
            if index == 0:
                return deliver(params)
            try:
                return open_order(reference=reference, amount_fen=20600).order.number
            except ApplicationError as error:
                return error.code

        results = at_once(race, count=2)
        newer = PaymentOrder.objects.filter(reference=reference, status="open").first()
        if newer is not None:  # opened in the race: the payer pays it as well
            deliver(paid_params(newer, trade_no=acquirer_paid(newer).trade_no))
        orders = PaymentOrder.objects.filter(purpose=PURPOSE, reference=reference)
        assert orders.filter(status="paid").count() == 1, results
        assert orders.exclude(status__in=["paid", "refunded", "closed"]).count() == 0
    assert len(receiver.credited) == 5


def test_concurrent_opens_of_one_reference_leave_one_open_order():
    reference = next_reference()

    def opening(_):
        try:
            return open_order(reference=reference, amount_fen=20000).order.pk
        except ApplicationError as error:
            return error.code

    results = at_once(opening)
    orders = PaymentOrder.objects.filter(reference=reference)
    assert orders.count() == 1
    assert orders.get().status == "open"
    assert set(results) <= {orders.get().pk, "payments.order.busy"}
