"""Paying a decision's fine online: the amount with its late penalty, the credit recorded
once on the decision, and clients paying and handling the same violation at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.payments import services as payments
from jiaoguan.payments.models import PaymentOrder
from jiaoguan.violations.models import PenaltyDecision
from jiaoguan.violations.services import fine_payment_start, violation_handle
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.payments.factories import paid_params
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record, shipped_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    person = make_person()
    make_license(person=person)
    return make_citizen(person=person)


def handled(owner) -> PenaltyDecision:
    record = make_entered_record(make_vehicle(owner=owner.person))
    return violation_handle(actor=owner, record_id=record.pk)


def pay(order: PaymentOrder) -> str:
    return payments.callback_process(provider="sandbox", params=paid_params(order)).outcome


def test_paying_records_the_payment_and_stops_the_carry_over(owner):
    decision = handled(owner)
    start = fine_payment_start(actor=owner, number=decision.number, return_url="/me/")
    assert start.order.amount_fen == 20000
    assert start.order.reference == decision.number
    assert pay(start.order) == "credited"
    decision.refresh_from_db()
    assert (decision.paid_fen, decision.payment_order) == (20000, start.order.number)
    assert PointsRecord.objects.get(decision=decision).fine_paid
    with pytest.raises(ApplicationError) as caught:
        fine_payment_start(actor=owner, number=decision.number, return_url="/me/")
    assert caught.value.code == "violations.payment.already_paid"


@pytest.mark.parametrize(("days_since_service", "total_fen"), [(15, 20000), (16, 20600)])
def test_the_order_carries_the_late_penalty_from_day_16(owner, days_since_service, total_fen):
    decision = handled(owner)
    PenaltyDecision.objects.filter(pk=decision.pk).update(
        served_on=clock.today() - timedelta(days=days_since_service)
    )
    start = fine_payment_start(actor=owner, number=decision.number, return_url="/me/")
    assert start.order.amount_fen == total_fen


def test_the_same_notification_twice_pays_once(owner):
    decision = handled(owner)
    order = fine_payment_start(actor=owner, number=decision.number, return_url="/me/").order
    assert [pay(order), pay(order)] == ["credited", "repeated"]
    assert PaymentOrder.objects.filter(reference=decision.number, status="paid").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clients_paying_and_handling_one_violation_at_once_make_one_decision_and_one_payment():
    """Eight clients of the owner each handle the record and pay whatever order they get, all
    at the same moment: one decision, one credited payment, every other payment refunded."""
    shipped_reference_data()
    person = make_person()
    make_license(person=person)
    citizen = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=person))
    clients = 8
    start_line = threading.Barrier(clients)

    def client(_index: int) -> str:
        start_line.wait()
        try:
            try:
                violation_handle(actor=citizen, record_id=record.pk)
            except ApplicationError as error:
                if error.code != "violations.handling.not_open":
                    return error.code
            number = PenaltyDecision.objects.get(record=record).number
            try:
                order = fine_payment_start(actor=citizen, number=number, return_url="/me/").order
            except ApplicationError as error:
                return error.code
            return pay(order)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        outcomes = list(pool.map(client, range(clients)))

    decision = PenaltyDecision.objects.get(record=record)
    orders = PaymentOrder.objects.filter(reference=decision.number)
    assert orders.filter(status="paid").count() == 1, outcomes
    assert outcomes.count("credited") == 1
    assert decision.paid_fen == 20000
    assert decision.payment_order == orders.get(status="paid").number
    assert not orders.filter(status="open").exists()
    assert PointsRecord.objects.filter(decision=decision, fine_paid=True).count() == 1
