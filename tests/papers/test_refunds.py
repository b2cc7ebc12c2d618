"""The 工本费 given back when a paid case ends without its document: an officer's refusal
(or the applicant's withdrawal before acceptance) asks the acquirer once, however often it
is asked; the sandbox acquirer pays it back, the order is refunded and the payer told."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.notices.models import Notice
from jiaoguan.papers.payment import fee_refund
from jiaoguan.papers.services import (
    license_renewal_submit,
    paper_application_act,
    paper_application_pay,
)
from jiaoguan.payments import services as payments
from jiaoguan.payments.models import PaymentOrder, Refund
from tests.papers.factories import make_papers_officer, make_renewal_ready
from tests.payments.factories import paid_params

pytestmark = pytest.mark.django_db


def paid_application():
    """A renewal whose 工本费 the citizen paid through the sandbox acquirer."""
    citizen, license = make_renewal_ready()
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="玄武邮政支局"
    )
    order = paper_application_pay(actor=citizen, reference=application.reference, return_url="/me/")
    order = order.order
    now = clock.now().replace(microsecond=0)
    trade = SandboxTrade.objects.create(
        out_trade_no=order.number,
        trade_no=f"SBXPAPERS{order.pk:06d}",
        amount_fen=order.amount_fen,
        subject=order.subject,
        notify_url="http://127.0.0.1/unused",
        status=SandboxTrade.Status.SUCCESS,
        created_at=now,
        paid_at=now,
    )
    answer = payments.callback_process(
        provider="sandbox", params=paid_params(order, trade_no=trade.trade_no)
    )
    assert answer.outcome == "credited"
    return citizen, application


def test_refusing_a_paid_case_refunds_the_fee_and_tells_the_payer(
    django_capture_on_commit_callbacks,
):
    citizen, application = paid_application()
    officer = make_papers_officer()
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(
            actor=officer, reference=application.reference, action="refuse", reason="照片不合格"
        )
    refund = Refund.objects.get()
    assert (refund.status, refund.amount_fen, refund.reason) == (
        "succeeded",
        1000,
        "business_refused",
    )
    assert refund.order.status == PaymentOrder.Status.REFUNDED
    assert SandboxRefund.objects.get().amount_fen == 1000  # the acquirer paid it back
    requested = AuditEvent.objects.get(action="payments.refund.request")
    assert requested.actor_label == officer.username
    assert AuditEvent.objects.filter(action="payments.refund.succeed").count() == 1
    notice = Notice.objects.get(kind__code="refund_succeeded")
    assert notice.person_id == citizen.person_id
    assert notice.subject_id == refund.order_id
    assert notice.subject_label.endswith("¥10.00")


def test_a_refund_is_asked_once_however_often(django_capture_on_commit_callbacks):
    _citizen, application = paid_application()
    officer = make_papers_officer()
    with django_capture_on_commit_callbacks(execute=False):
        paper_application_act(
            actor=officer, reference=application.reference, action="refuse", reason="照片不合格"
        )
        first = Refund.objects.get()
        again = fee_refund(actor=officer, application=application, action="refuse")
    assert again == first
    assert Refund.objects.count() == 1
    assert AuditEvent.objects.filter(action="payments.refund.request").count() == 1


def test_the_one_to_one_refund_is_the_databases_too():
    from django.db import IntegrityError, transaction

    _citizen, application = paid_application()
    refund = fee_refund(actor=make_papers_officer(), application=application, action="refuse")
    with pytest.raises(IntegrityError), transaction.atomic():
        Refund.objects.create(
            order=refund.order,
            number="RF-second",
            amount_fen=1,
            reason="x",
            created_at=clock.now(),
            not_before=clock.now(),
        )


def test_an_unpaid_refused_case_refunds_nothing():
    citizen, license = make_renewal_ready()
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="玄武邮政支局"
    )
    paper_application_act(
        actor=make_papers_officer(), reference=application.reference, action="refuse", reason="x"
    )
    assert not Refund.objects.exists()


def test_withdrawing_a_paid_application_before_acceptance_refunds_it(
    django_capture_on_commit_callbacks,
):
    citizen, application = paid_application()
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(actor=citizen, reference=application.reference, action="withdraw")
    assert Refund.objects.get().reason == "business_withdrawn"
    assert Refund.objects.get().status == "succeeded"


def test_a_refused_refund_at_the_acquirer_fails_for_an_officer_and_tells_nobody(
    django_capture_on_commit_callbacks,
):
    _citizen, application = paid_application()
    SandboxTrade.objects.update(status=SandboxTrade.Status.CLOSED)  # the acquirer says no
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(
            actor=make_papers_officer(),
            reference=application.reference,
            action="refuse",
            reason="x",
        )
    refund = Refund.objects.get()
    assert refund.status == "failed"
    assert "TRADE_NOT_PAID" in refund.last_error
    assert refund.order.status == PaymentOrder.Status.PAID
    assert AuditEvent.objects.filter(action="payments.refund.fail").count() == 1
    assert not Notice.objects.filter(kind__code="refund_succeeded").exists()


def test_a_refused_case_cannot_be_paid_again():
    _citizen, application = paid_application()
    paper_application_act(
        actor=make_papers_officer(), reference=application.reference, action="refuse", reason="x"
    )
    with pytest.raises(ApplicationError) as refused:
        paper_application_pay(
            actor=application.person.account, reference=application.reference, return_url="/me/"
        )
    assert refused.value.code == "papers.application.state"
