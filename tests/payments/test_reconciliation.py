"""Reconciliation: the acquirer's statement against our orders and refunds, by service,
command and officer page."""

from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import SandboxTrade
from jiaoguan.gateways.payment import sandbox
from jiaoguan.gateways.payment.base import PaymentRequest
from jiaoguan.identity.actors import system_actor
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentOrder, ReconciliationRun
from tests.identity.factories import make_officer
from tests.payments.factories import next_reference, open_order

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


@pytest.fixture
def pay(django_capture_on_commit_callbacks):
    """The payer pays at the sandbox; ``deliver`` says whether its notification arrives."""

    def paying(order: PaymentOrder, *, deliver: bool = True) -> SandboxTrade:
        request = PaymentRequest(
            order.number, order.amount_fen, order.subject, "", services.notify_url_of("sandbox")
        )
        url = sandbox.SandboxGateway().create(request)
        sandbox.trade_open(dict(parse_qsl(urlsplit(url).query)))
        with django_capture_on_commit_callbacks(execute=deliver):
            return sandbox.trade_pay(order.number)

    return paying


def paid_day(trade: SandboxTrade):
    return clock.local(trade.paid_at).date()


def test_consistent_day_has_no_differences(receiver, pay):
    trades = [pay(open_order(amount_fen=100 * n).order) for n in (1, 2, 3)]
    run = services.reconciliation_run(actor=SYSTEM, day=paid_day(trades[0]))
    assert (run.status, run.statement_lines, run.matched, run.differences_count) == (
        "finished",
        3,
        3,
        0,
    )
    assert AuditEvent.objects.filter(action="payments.reconciliation.run").count() == 1


def test_refunded_duplicate_payment_reconciles(receiver, pay):
    reference = next_reference()
    first = open_order(reference=reference, amount_fen=20000).order
    second = open_order(reference=reference, amount_fen=20600).order
    pay(second)
    trade = pay(first)
    first.refresh_from_db()
    assert first.status == "refunded"
    run = services.reconciliation_run(actor=SYSTEM, day=paid_day(trade))
    assert (run.statement_lines, run.matched, run.differences_count) == (3, 3, 0)


def test_payment_whose_notification_never_came_is_a_difference(receiver, pay):
    delivered = pay(open_order().order)
    lost_order = open_order(amount_fen=5000).order
    pay(lost_order, deliver=False)
    run = services.reconciliation_run(actor=SYSTEM, day=paid_day(delivered))
    assert (run.matched, run.differences_count) == (1, 1)
    difference = run.differences.get()
    assert (difference.kind, difference.entry, difference.order_number) == (
        "missing_here",
        "payment",
        lost_order.number,
    )
    assert (difference.ours_fen, difference.theirs_fen) == (None, 5000)


def test_amount_and_missing_there_differences(receiver, pay):
    trade = pay(open_order(amount_fen=20000).order)
    SandboxTrade.objects.filter(pk=trade.pk).update(amount_fen=19900)  # the acquirer says otherwise
    ghost = open_order().order
    PaymentOrder.objects.filter(pk=ghost.pk).update(
        status="paid", provider_reference="SBXNOTATTHEACQUIRER", paid_at=trade.paid_at
    )
    run = services.reconciliation_run(actor=SYSTEM, day=paid_day(trade))
    kinds = sorted(run.differences.values_list("kind", "ours_fen", "theirs_fen"))
    assert kinds == [("amount", 20000, 19900), ("missing_there", 20000, None)]


def test_reconciliation_refuses_a_future_day():
    with pytest.raises(ApplicationError) as refused:
        services.reconciliation_run(actor=SYSTEM, day=clock.today() + timedelta(days=1))
    assert refused.value.code == "payments.reconciliation.day_invalid"


def test_unreadable_statement_makes_a_failed_run(settings):
    settings.JIAOGUAN_PAYMENTS_PROVIDERS = ["sandbox", "alipay"]
    settings.ALIPAY_APP_ID = ""  # not configured: the call cannot be signed
    run = services.reconciliation_run(actor=SYSTEM, day=clock.today(), provider="alipay")
    assert run.status == "failed"
    assert "not configured" in run.error


def test_command_prints_zero_differences_and_fails_on_any(receiver, pay):
    trade = pay(open_order().order)
    out = StringIO()
    call_command("payments", "reconcile", paid_day(trade).isoformat(), stdout=out)
    assert "1 matched, 0 differences" in out.getvalue()
    pay(open_order().order, deliver=False)
    with pytest.raises(CommandError, match="1 differences"):
        call_command("payments", "reconcile", paid_day(trade).isoformat(), stdout=StringIO())
    assert ReconciliationRun.objects.count() == 2


@pytest.fixture
def officer_client(client):
    officer = make_officer(
        username="jc0077",
        permissions=("payments.view_paymentorder", "payments.reconcile_payments"),
    )
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_officer_page_lists_orders_callbacks_and_runs_reconciliation(officer_client, receiver, pay):
    trade = pay(open_order().order)
    response = officer_client.post("/backoffice/payments/", {"day": paid_day(trade).isoformat()})
    assert response.status_code == 302
    page = officer_client.get("/backoffice/payments/")
    text = page.content.decode()
    assert page.status_code == 200
    assert trade.out_trade_no in text
    assert 'id="reconciliation-runs"' in text
    assert 'id="payment-callbacks"' in text
    assert officer_client.get("/backoffice/payments/?outcome=rejected").status_code == 200
    bad = officer_client.post("/backoffice/payments/", {"day": "not a day"}, follow=True)
    assert "YYYY-MM-DD" in bad.content.decode()


def test_officer_page_needs_an_officer(client):
    assert client.get("/backoffice/payments/").status_code == 302
