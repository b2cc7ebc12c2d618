"""Opening orders and taking notifications exactly once (sandbox signatures)."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.money import Money
from jiaoguan.gateways.models import SandboxRefund
from jiaoguan.gateways.payment import sandbox
from jiaoguan.gateways.payment.base import PaymentRequest
from jiaoguan.payments import selectors, services
from jiaoguan.payments.models import PaymentCallback, PaymentOrder, Refund
from tests.identity.factories import make_person
from tests.payments.factories import PURPOSE, next_reference, open_order, paid_params

pytestmark = pytest.mark.django_db


def take(params, provider="sandbox"):
    return services.callback_process(provider=provider, params=params, ip_address="127.0.0.1")


def test_payment_order_open_gives_a_signed_sandbox_pay_url():
    person = make_person()
    start = open_order(amount_fen=20000, payer_person_id=person.pk)
    order = start.order
    assert order.status == "open"
    assert order.amount == Money(20000)
    assert start.pay_url.startswith("/sandbox-pay/?")
    assert "total_amount=200.00" in start.pay_url
    assert "sign=" in start.pay_url
    assert selectors.orders_of_person(person_id=person.pk) == [order]
    assert AuditEvent.objects.filter(
        action="payments.order.open", subject_id=str(order.pk)
    ).exists()


def test_payment_order_open_reuses_the_open_order_when_the_amount_is_unchanged():
    reference = next_reference()
    first = open_order(reference=reference).order
    again = open_order(reference=reference).order
    assert again.pk == first.pk
    assert PaymentOrder.objects.filter(reference=reference).count() == 1


def test_payment_order_open_closes_the_open_order_when_the_amount_changed():
    reference = next_reference()
    first = open_order(reference=reference, amount_fen=20000).order
    grown = open_order(reference=reference, amount_fen=20600).order
    first.refresh_from_db()
    assert first.status == "closed"
    assert first.closed_at is not None
    assert grown.pk != first.pk
    assert grown.status == "open"
    assert grown.amount_fen == 20600


def test_payment_order_open_refuses_a_reference_already_paid(receiver):
    start = open_order()
    assert take(paid_params(start.order)).outcome == "credited"
    with pytest.raises(ApplicationError) as refused:
        open_order(reference=start.order.reference)
    assert refused.value.code == "payments.order.already_paid"
    assert refused.value.status == 409


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"amount": Money(0)}, "payments.order.amount_invalid"),
        ({"provider": "nowhere"}, "payments.provider.unavailable"),
        ({"reference": ""}, "payments.order.invalid"),
        ({"subject": "长" * 200}, "payments.order.invalid"),
    ],
)
def test_payment_order_open_refuses_bad_input(fields, code):
    arguments = {
        "actor": None,
        "purpose": PURPOSE,
        "reference": next_reference(),
        "amount": Money(100),
        "payer_person_id": None,
        "subject": "测试",
        "return_url": "/me/",
        **fields,
    }
    with pytest.raises(ApplicationError) as refused:
        services.payment_order_open(**arguments)
    assert refused.value.code == code


def test_good_notification_credits_once_and_sends_order_paid(receiver):
    order = open_order().order
    answer = take(paid_params(order))
    assert (answer.outcome, answer.body, answer.status) == ("credited", "success", 200)
    order.refresh_from_db()
    assert order.status == "paid"
    assert order.provider_reference == f"SBXT{order.pk:012d}"
    assert receiver.credited == [order.number]
    assert selectors.order_paid_for(purpose=PURPOSE, reference=order.reference) == order
    assert AuditEvent.objects.filter(action="payments.order.paid").count() == 1


def test_same_notification_twice_credits_once(receiver):
    order = open_order().order
    params = paid_params(order)
    assert take(params).outcome == "credited"
    again = take(params)
    assert (again.outcome, again.body) == ("repeated", "success")
    assert receiver.credited == [order.number]
    assert PaymentCallback.objects.filter(order=order).count() == 2


def test_notification_for_paid_order_answers_success_without_crediting_again(receiver):
    order = open_order().order
    take(paid_params(order))
    later = take(paid_params(order, notify_id="another", notify_time="2026-11-21 11:00:00"))
    assert later.body == "success"
    assert later.outcome == "repeated"
    assert receiver.credited == [order.number]


def test_tampered_notification_is_rejected_and_logged(receiver, caplog):
    order = open_order(amount_fen=20000).order
    params = paid_params(order)
    params["total_amount"] = "2.00"  # changed after signing
    answer = take(params)
    assert (answer.outcome, answer.reason, answer.body, answer.status) == (
        "rejected",
        "signature_invalid",
        "failure",
        400,
    )
    order.refresh_from_db()
    assert order.status == "open"
    assert receiver.credited == []
    callback = PaymentCallback.objects.get(pk=answer.callback_id)
    assert callback.outcome == "rejected"
    assert callback.params["total_amount"] == "2.00"
    assert AuditEvent.objects.filter(action="payments.callback.reject").count() == 1
    assert "signature_invalid" in caplog.text


def test_notification_signed_with_another_key_is_rejected(receiver):
    order = open_order().order
    answer = take(paid_params(order, secret="an-attacker-secret"))
    assert answer.reason == "signature_invalid"
    assert receiver.credited == []


def test_notification_without_signature_is_rejected(receiver):
    order = open_order().order
    params = paid_params(order)
    del params["sign"]
    assert take(params).reason == "signature_missing"


def test_signed_notification_with_wrong_amount_is_rejected(receiver):
    order = open_order(amount_fen=20000).order
    answer = take(paid_params(order, total_amount="199.99"))
    assert (answer.outcome, answer.reason, answer.status) == ("rejected", "amount_mismatch", 400)
    order.refresh_from_db()
    assert order.status == "open"
    assert order.provider_reference is None
    assert receiver.credited == []


def test_notification_for_unknown_order_is_rejected(receiver):
    order = open_order().order
    answer = take(paid_params(order, out_trade_no="JG000000NOSUCHORDER"))
    assert (answer.outcome, answer.reason) == ("rejected", "unknown_order")
    assert PaymentCallback.objects.get(pk=answer.callback_id).order is None


def test_notification_for_unknown_provider_is_rejected():
    answer = take({"out_trade_no": "x"}, provider="nowhere")
    assert (answer.outcome, answer.status) == ("rejected", 404)


def test_trade_reference_held_by_another_order_is_rejected(receiver):
    first, second = open_order().order, open_order().order
    take(paid_params(first, trade_no="SBXSAME"))
    answer = take(paid_params(second, trade_no="SBXSAME"))
    assert (answer.outcome, answer.reason) == ("rejected", "reference_reused")
    assert receiver.credited == [first.number]


def test_receiver_failure_rolls_the_credit_back_and_asks_for_a_resend(receiver):
    order = open_order().order
    receiver.fail = True
    answer = take(paid_params(order))
    assert (answer.outcome, answer.body, answer.status) == ("failed", "failure", 503)
    order.refresh_from_db()
    assert order.status == "open"
    assert order.provider_reference is None
    receiver.fail = False
    assert take(paid_params(order)).outcome == "credited"
    assert receiver.credited == [order.number]


def test_waiting_notification_after_payment_changes_nothing(receiver):
    order = open_order().order
    take(paid_params(order))
    late = take(paid_params(order, trade_status="WAIT_BUYER_PAY"))
    assert (late.outcome, late.body) == ("noted", "success")
    order.refresh_from_db()
    assert order.status == "paid"


def test_closed_notification_closes_an_open_order(receiver):
    order = open_order().order
    answer = take(paid_params(order, trade_status="TRADE_CLOSED"))
    assert answer.outcome == "noted"
    order.refresh_from_db()
    assert order.status == "closed"


def test_second_order_of_a_reference_paid_is_refunded_not_credited(
    receiver, django_capture_on_commit_callbacks
):
    reference = next_reference()
    first = open_order(reference=reference, amount_fen=20000).order
    second = open_order(reference=reference, amount_fen=20600).order  # closes the first
    for order in (first, second):  # the payer had both pay pages open and paid both
        sandbox.trade_open(_pay_params(order))
    with django_capture_on_commit_callbacks(execute=True):
        sandbox.trade_pay(second.number)
        sandbox.trade_pay(first.number)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == "paid"
    assert first.status == "refunded"
    refund = Refund.objects.get(order=first)
    assert (refund.status, refund.reason, refund.amount_fen) == ("succeeded", "order_closed", 20000)
    assert SandboxRefund.objects.get(refund_number=refund.number).amount_fen == 20000
    assert receiver.credited == [second.number]


def test_order_opened_in_a_race_with_a_credit_is_refunded_as_paid_twice(receiver):
    first = open_order().order
    assert take(paid_params(first)).outcome == "credited"
    # The state a payment_order_open racing the credit leaves: a second open order of a
    # reference already credited (the open order's check ran before the credit committed).
    second = PaymentOrder.objects.create(
        number="JGTESTSECOND0001",
        purpose=PURPOSE,
        reference=first.reference,
        amount_fen=first.amount_fen,
        subject="测试",
        provider="sandbox",
        created_at=first.created_at,
    )
    answer = take(paid_params(second))
    assert (answer.outcome, answer.reason, answer.body) == (
        "duplicate_payment",
        "paid_twice",
        "success",
    )
    second.refresh_from_db()
    assert second.status in ("duplicate", "refunded")
    assert Refund.objects.get(order=second).reason == "paid_twice"
    assert receiver.credited == [first.number]


def _pay_params(order: PaymentOrder) -> dict[str, str]:
    """What the payer's browser brings to the sandbox pay page for ``order``."""
    url = sandbox.SandboxGateway().create(
        PaymentRequest(
            order.number, order.amount_fen, order.subject, "/me/", services.notify_url_of("sandbox")
        )
    )
    return dict(parse_qsl(urlsplit(url).query))
