"""Refunds of duplicate payments: retried after a retryable acquirer error, failed after a
permanent one, swept when a worker dropped them; the sweep command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.gateways.payment.sandbox import SandboxGateway
from jiaoguan.payments import services
from jiaoguan.payments.models import PaymentOrder, Refund
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


def test_retryable_error_leaves_the_refund_pending_for_later(duplicate, monkeypatch, settings):
    settings.JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS = 30
    monkeypatch.setattr(SandboxGateway, "refund", failing(RetryableProviderError("timeout")))
    outcome = services.refund_execute(refund_id=duplicate.pk)
    assert (outcome.status, outcome.retry_in) == ("pending", 30)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.attempts, duplicate.last_error) == ("pending", 1, "timeout")
    assert services.refund_execute(refund_id=duplicate.pk).status == "not_claimed"  # leased
    monkeypatch.undo()
    Refund.objects.filter(pk=duplicate.pk).update(next_attempt_at=clock.now() - timedelta(1))
    assert services.refunds_dispatch() == 1  # the sweeper; eager in tests
    duplicate.refresh_from_db()
    assert duplicate.status == "succeeded"
    assert PaymentOrder.objects.get(pk=duplicate.order_id).status == "refunded"
    assert SandboxRefund.objects.get().refund_number == duplicate.number


def test_permanent_error_fails_the_refund_for_an_officer(duplicate, monkeypatch):
    monkeypatch.setattr(SandboxGateway, "refund", failing(PermanentProviderError("TRADE_NOT_PAID")))
    assert services.refund_execute(refund_id=duplicate.pk).status == "failed"
    duplicate.refresh_from_db()
    assert duplicate.status == "failed"
    assert PaymentOrder.objects.get(pk=duplicate.order_id).status == "duplicate"
    assert AuditEvent.objects.filter(action="payments.refund.fail").exists()


def test_last_attempt_fails_the_refund(duplicate, monkeypatch, settings):
    settings.JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS = 1
    monkeypatch.setattr(SandboxGateway, "refund", failing(RetryableProviderError("timeout")))
    assert services.refund_execute(refund_id=duplicate.pk).status == "failed"


def test_sweep_command_hands_out_pending_refunds(duplicate):
    out = StringIO()
    call_command("payments", "sweep", stdout=out)
    assert "refunds: 1" in out.getvalue()
    duplicate.refresh_from_db()
    assert duplicate.status == "succeeded"


def test_payment_order_open_refuses_an_unknown_payer():
    with pytest.raises(ApplicationError) as refused:
        open_order(payer_person_id=987654321)
    assert refused.value.fields.keys() == {"payer_person_id"}
