"""Refunds of duplicate payments: retried after a retryable acquirer error, failed after a
permanent one, swept when a worker dropped them; the sweep command."""

import random
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.gateways.payment.sandbox import SandboxGateway
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentOrder, Refund
from jiaoguan.payments.services.callbacks import REFUNDS
from tests.payments.factories import next_reference, open_order, paid_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(receiver, django_capture_on_commit_callbacks):
    """A superseded order paid after the new one was credited: its refund is pending."""
    reference = next_reference()
    old = open_order(reference=reference, amount_fen=20000).order
    new = open_order(reference=reference, amount_fen=20600).order
    services.callback_process(provider="sandbox", params=paid_params(new))
    now = clock.now().replace(microsecond=0)
    trade = SandboxTrade.objects.create(
        out_trade_no=old.number,
        trade_no="SBXREFUND0001",
        amount_fen=old.amount_fen,
        subject=old.subject,
        notify_url="http://127.0.0.1/unused",
        status=SandboxTrade.Status.SUCCESS,
        created_at=now,
        paid_at=now,
    )
    with django_capture_on_commit_callbacks(execute=False):  # the refund task not yet run
        answer = services.callback_process(
            provider="sandbox", params=paid_params(old, trade_no=trade.trade_no)
        )
    assert answer.outcome == "duplicate_payment"
    return Refund.objects.get(order=old)


def failing(error):
    def refund(self, **kwargs):
        raise error

    return refund


def refund_execute(refund: Refund):
    return delivery.deliver_one(REFUNDS, refund.pk)


def test_retryable_error_leaves_the_refund_pending_for_later(
    duplicate, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS = 30
    monkeypatch.setattr(SandboxGateway, "refund", failing(RetryableProviderError("timeout")))
    outcome = refund_execute(duplicate)
    assert outcome.status == "retry"
    assert 24 <= outcome.retry_in <= 30
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.attempts, duplicate.last_error) == ("pending", 1, "timeout")
    assert refund_execute(duplicate).status == "not_claimed"  # not due before its back-off
    monkeypatch.undo()
    an_hour_ago = clock.now() - timedelta(hours=1)  # due, and its task lost with a worker
    Refund.objects.filter(pk=duplicate.pk).update(not_before=an_hour_ago, dispatched_at=an_hour_ago)
    with django_capture_on_commit_callbacks(execute=True):  # the tasks go out on commit
        assert delivery.dispatch(REFUNDS) == 1  # the sweeper; eager in tests
    duplicate.refresh_from_db()
    assert duplicate.status == "succeeded"
    assert PaymentOrder.objects.get(pk=duplicate.order_id).status == "refunded"
    assert SandboxRefund.objects.get().refund_number == duplicate.number


def test_permanent_error_fails_the_refund_for_an_officer(duplicate, monkeypatch):
    monkeypatch.setattr(SandboxGateway, "refund", failing(PermanentProviderError("TRADE_NOT_PAID")))
    assert refund_execute(duplicate).status == "failed"
    duplicate.refresh_from_db()
    assert duplicate.status == "failed"
    assert PaymentOrder.objects.get(pk=duplicate.order_id).status == "duplicate"
    assert AuditEvent.objects.filter(action="payments.refund.fail").count() == 1


def test_a_refund_succeeds_once_through_a_lost_answer(duplicate, settings):
    """The acquirer paid the refund but its answer was lost: the retry, under the same refund
    number, is paid once, and the success is written and audited once."""
    settings.JIAOGUAN_PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT = 100
    random.seed(3)  # the first call fails after paying (see SandboxGateway.refund)
    while (outcome := refund_execute(duplicate)).status == "retry":
        Refund.objects.filter(pk=duplicate.pk).update(not_before=clock.now())
        if SandboxRefund.objects.exists():
            settings.JIAOGUAN_PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT = 0
    assert outcome.status == "succeeded"
    assert SandboxRefund.objects.filter(refund_number=duplicate.number).count() == 1
    trade = SandboxTrade.objects.get(out_trade_no=duplicate.order.number)
    assert trade.refunded_fen == duplicate.amount_fen
    assert AuditEvent.objects.filter(action="payments.refund.succeed").count() == 1


def test_last_attempt_fails_the_refund(duplicate, monkeypatch, settings):
    settings.JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS = 1
    monkeypatch.setattr(SandboxGateway, "refund", failing(RetryableProviderError("timeout")))
    assert refund_execute(duplicate).status == "failed"


def test_sweep_command_hands_out_pending_refunds(duplicate, django_capture_on_commit_callbacks):
    Refund.objects.filter(pk=duplicate.pk).update(dispatched_at=None)  # its task was lost
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("payments", "sweep", stdout=out)
    assert "refunds: 1" in out.getvalue()
    duplicate.refresh_from_db()
    assert duplicate.status == "succeeded"


def test_payment_order_open_refuses_an_unknown_payer():
    with pytest.raises(ApplicationError) as refused:
        open_order(payer_person_id=987654321)
    assert refused.value.fields.keys() == {"payer_person_id"}
