"""The sandbox acquirer end to end: pay page, signed notifications to the callback endpoint,
retries with growing pauses, duplicates, statements."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.models import SandboxNotification, SandboxTrade
from jiaoguan.gateways.payment import sandbox
from jiaoguan.gateways.payment.base import TradeStatus
from jiaoguan.payments.models import PaymentCallback, PaymentOrder
from tests.payments.factories import open_order, paid_params

pytestmark = pytest.mark.django_db


def test_payer_confirms_on_the_pay_page_and_the_order_is_paid(
    client, receiver, django_capture_on_commit_callbacks
):
    start = open_order(amount_fen=20000)
    page = client.get(start.pay_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "¥200.00" in text
    assert start.order.number in text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/sandbox-pay/", {"out_trade_no": start.order.number, "action": "pay"})
    assert done.status_code == 302
    assert done["Location"] == "/me/"
    order = PaymentOrder.objects.get(pk=start.order.pk)
    assert order.status == "paid"
    trade = SandboxTrade.objects.get(out_trade_no=order.number)
    assert order.provider_reference == trade.trade_no
    assert order.paid_at == trade.paid_at
    notification = SandboxNotification.objects.get(trade=trade)
    assert (notification.status, notification.attempts) == ("acknowledged", 1)
    assert receiver.credited == [order.number]


def test_payer_cancels_and_the_order_closes(client, django_capture_on_commit_callbacks):
    start = open_order()
    client.get(start.pay_url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sandbox-pay/", {"out_trade_no": start.order.number, "action": "cancel"})
    start.order.refresh_from_db()
    assert start.order.status == "closed"


def test_pay_page_refuses_a_tampered_request(client):
    start = open_order(amount_fen=20000)
    tampered = start.pay_url.replace("total_amount=200.00", "total_amount=0.01")
    page = client.get(tampered)
    assert page.status_code == 400
    assert not SandboxTrade.objects.exists()


def test_callback_endpoint_answers_plain_success_after_commit(client, receiver):
    order = open_order().order
    response = client.post("/api/v1/payments/notify/sandbox", paid_params(order))
    assert response.status_code == 200
    assert response.content == b"success"
    assert response["Content-Type"].startswith("text/plain")
    order.refresh_from_db()
    assert order.status == "paid"


def test_callback_endpoint_answers_failure_with_400_to_a_forgery(client, receiver):
    order = open_order().order
    response = client.post(
        "/api/v1/payments/notify/sandbox",
        paid_params(order, secret="forger"),
        REMOTE_ADDR="10.9.8.7",
    )
    assert (response.status_code, response.content) == (400, b"failure")
    callback = PaymentCallback.objects.get()
    assert (callback.outcome, callback.ip_address) == ("rejected", "10.9.8.7")


def _paid_trade(order: PaymentOrder, settings, **sandbox_settings) -> SandboxTrade:
    for name, value in sandbox_settings.items():
        setattr(settings, f"JIAOGUAN_PAYMENTS_SANDBOX_{name}", value)
    url = sandbox.SandboxGateway().create(sandbox_request(order))
    sandbox.trade_open(dict(parse_qsl(urlsplit(url).query)))
    return sandbox.trade_pay(order.number)


def sandbox_request(order):
    from jiaoguan.gateways.payment.base import PaymentRequest
    from jiaoguan.payments.services import notify_url_of

    return PaymentRequest(
        order.number, order.amount_fen, order.subject, "", notify_url_of("sandbox")
    )


def test_duplicates_are_sent_and_credit_once(
    receiver, settings, django_capture_on_commit_callbacks
):
    order = open_order().order
    with django_capture_on_commit_callbacks(execute=True):
        trade = _paid_trade(order, settings, DUPLICATE_PERCENT=100)
    assert SandboxNotification.objects.filter(trade=trade, status="acknowledged").count() == 2
    outcomes = sorted(PaymentCallback.objects.values_list("outcome", flat=True))
    assert outcomes == ["credited", "repeated"]
    assert receiver.credited == [order.number]


def test_waiting_notification_delivered_after_the_payment_changes_nothing(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_PAYMENTS_SANDBOX_NOTIFY_WAITING = True
    order = open_order().order
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        url = sandbox.SandboxGateway().create(sandbox_request(order))
        sandbox.trade_open(dict(parse_qsl(urlsplit(url).query)))
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.trade_pay(order.number)
    for callback in waiting:  # the "waiting" notification arrives last
        callback()
    order.refresh_from_db()
    assert order.status == "paid"
    assert list(PaymentCallback.objects.order_by("id").values_list("outcome", flat=True)) == [
        "credited",
        "noted",
    ]


def test_unacknowledged_notification_is_retried_with_growing_pauses_then_abandoned(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_PAYMENTS_SANDBOX_RETRY_SECONDS = 10
    settings.JIAOGUAN_PAYMENTS_SANDBOX_MAX_ATTEMPTS = 3
    order = open_order().order
    receiver.fail = True  # our side cannot take it: the acquirer must come back
    with django_capture_on_commit_callbacks(execute=True):
        trade = _paid_trade(order, settings)
    notification = SandboxNotification.objects.get(trade=trade)
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.last_error.startswith("503")
    first_pause = notification.not_before - notification.claimed_at
    assert timedelta(seconds=8) <= first_pause <= timedelta(seconds=10)  # 10 s less jitter
    assert delivery.deliver_one(sandbox.KIND, notification.pk).status == "not_claimed"  # not due
    with freeze_time(notification.not_before):
        second = delivery.deliver_one(sandbox.KIND, notification.pk)
    assert second.status == "retry"
    assert 16 <= second.retry_in <= 20  # doubled
    with freeze_time(notification.not_before + timedelta(seconds=20)):
        assert delivery.deliver_one(sandbox.KIND, notification.pk).status == "failed"
        assert delivery.deliver_one(sandbox.KIND, notification.pk).status == "not_claimed"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("abandoned", 3)
    order.refresh_from_db()
    assert order.status == "open"


def test_sweeper_hands_out_due_notifications_again(
    receiver, settings, django_capture_on_commit_callbacks
):
    order = open_order().order
    with django_capture_on_commit_callbacks(execute=False):  # the worker died: never sent
        trade = _paid_trade(order, settings)
    notification = SandboxNotification.objects.get(trade=trade)
    assert delivery.dispatch(sandbox.KIND) == 0  # handed out just now
    SandboxNotification.objects.filter(pk=notification.pk).update(
        dispatched_at=clock.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.sweep()[sandbox.KIND] == 1  # the one sweeper of every kind
    order.refresh_from_db()
    assert order.status == "paid"


def test_query_refund_and_statement(receiver, settings, django_capture_on_commit_callbacks):
    order = open_order(amount_fen=12345).order
    with django_capture_on_commit_callbacks(execute=True):
        trade = _paid_trade(order, settings)
    gateway = sandbox.SandboxGateway()
    assert gateway.query(order_number=order.number).status == TradeStatus.PAID
    assert gateway.query(order_number="nothing").status == TradeStatus.UNKNOWN
    first = gateway.refund(
        order_number=order.number,
        provider_reference=trade.trade_no,
        amount_fen=12345,
        refund_number="RF1",
        reason="test",
    )
    again = gateway.refund(
        order_number=order.number,
        provider_reference=trade.trade_no,
        amount_fen=12345,
        refund_number="RF1",
        reason="test",
    )
    assert first.refunded_fen == again.refunded_fen == 12345
    trade.refresh_from_db()
    assert trade.refunded_fen == 12345
    assert gateway.query(order_number=order.number).status == TradeStatus.CLOSED
    lines = gateway.statement(day=clock.local(trade.paid_at).date())
    assert [(line.kind, line.amount_fen, line.order_number) for line in lines] == [
        ("payment", 12345, order.number),
        ("refund", 12345, order.number),
    ]
    assert lines[1].refund_number == "RF1"


def test_statement_download_page(client):
    from datetime import date

    response = client.get(
        "/sandbox-pay/statements/2026-11-20.csv", sandbox.statement_query(date(2026, 11, 20))
    )
    assert response.status_code == 200
    assert "交易号" in response.content.decode()
    assert client.get("/sandbox-pay/statements/yesterday.csv").status_code == 400


def test_sandbox_is_not_served_when_disabled(client, settings):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["alipay"]
    assert client.get("/sandbox-pay/statements/2026-11-20.csv").status_code == 404
