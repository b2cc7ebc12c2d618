"""Refunds on PostgreSQL with real concurrency: eight officers refusing one paid case at
once, and eight refund requests of one order at once, give the fee back once."""

import pytest

from jiaoguan.gateways.models import SandboxRefund
from jiaoguan.papers.payment import fee_refund
from jiaoguan.papers.services import paper_application_act
from jiaoguan.payments.models import PaymentOrder, Refund
from tests.papers.factories import make_papers_officer
from tests.papers.test_dispatch_concurrency import WORKERS, at_once
from tests.papers.test_refunds import paid_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_officers_refusing_a_paid_case_at_once_refund_it_once():
    _citizen, application = paid_application()
    officers = [make_papers_officer() for _ in range(WORKERS)]
    outcomes = at_once(
        lambda i: (
            paper_application_act(
                actor=officers[i], reference=application.reference, action="refuse", reason="x"
            ).state
        )
    )
    assert sorted(outcomes) == ["papers.application.state"] * (WORKERS - 1) + ["refused"]
    refund = Refund.objects.get()
    assert refund.status == "succeeded"  # sent on commit, eager in tests
    assert SandboxRefund.objects.count() == 1
    assert refund.order.status == PaymentOrder.Status.REFUNDED


def test_eight_refund_requests_of_one_order_at_once_write_one_refund():
    _citizen, application = paid_application()
    officer = make_papers_officer()
    refunds = at_once(
        lambda _i: fee_refund(actor=officer, application=application, action="refuse")
    )
    # the same refund, or None once it is paid back (the order is no longer credited)
    assert len({refund.pk for refund in refunds if refund is not None}) == 1
    assert Refund.objects.count() == 1
    assert SandboxRefund.objects.count() == 1
