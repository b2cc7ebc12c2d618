"""Dispatch and tracking on PostgreSQL with real concurrency: eight officers (or eight
clicks) dispatching one case at once book one waybill and take one transition; eight
bookings of one leg at once leave one shipment; the courier's delivered event from eight
workers at once delivers the case once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.applications.models import CaseTransition
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.postal.base import TrackingStatus as T
from jiaoguan.papers.models import Shipment
from jiaoguan.papers.postal import services as postal
from jiaoguan.papers.services import license_service_submit, paper_application_act
from tests.papers.factories import (
    make_office_postal_address,
    make_papers_officer,
    make_renewal_ready,
    mark_paid,
)
from tests.papers.postal_factories import courier_event, make_address

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 8


def at_once(function, count=WORKERS):
    start = threading.Barrier(count)

    def run(index):
        start.wait()
        try:
            return function(index)
        except ApplicationError as refused:
            return refused.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def produced(settings):
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False
    citizen, license = make_renewal_ready()
    make_office_postal_address()
    application = license_service_submit(
        actor=citizen,
        service="license_renewal",
        license_id=license.pk,
        fulfilment="post",
        address_id=make_address(person=citizen.person).pk,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    return application


def test_eight_officers_dispatching_at_once_book_one_waybill(produced):
    officers = [make_papers_officer() for _ in range(WORKERS)]
    outcomes = at_once(
        lambda i: (
            paper_application_act(
                actor=officers[i], reference=produced.reference, action="dispatch"
            ).state
        )
    )
    assert sorted(outcomes) == ["dispatched"] + ["papers.application.state"] * (WORKERS - 1)
    shipments = Shipment.objects.filter(case_reference=produced.reference)
    assert shipments.count() == 1
    assert shipments.get().waybill_number  # booked on commit
    assert CaseTransition.objects.filter(case=produced.case, action="dispatch").count() == 1


def test_eight_bookings_of_one_leg_at_once_leave_one_shipment(produced):
    officer = make_papers_officer()
    office = postal.OfficeAddress("车管所", "320104", "中山南路 1 号")

    def book(_index):
        return postal.shipment_create(
            actor=officer,
            case_reference=produced.reference,
            leg="document",
            applicant_person_id=produced.person_id,
            address_id=produced.delivery_address_id,
            office=office,
            province_code="32",
            description="机动车驾驶证",
        ).leg

    outcomes = at_once(book)
    assert sorted(outcomes) == ["document"] + ["papers.shipment.exists"] * (WORKERS - 1)
    assert Shipment.objects.filter(case_reference=produced.reference).count() == 1


def test_the_delivered_event_from_eight_workers_delivers_the_case_once(produced):
    paper_application_act(
        actor=make_papers_officer(), reference=produced.reference, action="dispatch"
    )
    shipment = Shipment.objects.get(case_reference=produced.reference)
    tracking = postal.system_actor("papers.tracking")
    event = courier_event(shipment.waybill_number, T.DELIVERED, clock.now(), key="signed")
    outcomes = at_once(lambda _i: postal.tracking_event_apply(actor=tracking, event=event))
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * (WORKERS - 1)
    produced.refresh_from_db()
    assert produced.state == "delivered"
    assert CaseTransition.objects.filter(case=produced.case, action="deliver").count() == 1


def test_different_events_at_once_deliver_the_case_once(produced):
    from datetime import timedelta

    paper_application_act(
        actor=make_papers_officer(), reference=produced.reference, action="dispatch"
    )
    shipment = Shipment.objects.get(case_reference=produced.reference)
    tracking = postal.system_actor("papers.tracking")
    t0 = clock.now()
    story = [T.COLLECTED, T.IN_TRANSIT, T.OUT_FOR_DELIVERY, T.DELIVERED] * 2

    def apply(index):
        event = courier_event(
            shipment.waybill_number, story[index], t0 + timedelta(hours=index), key=f"k{index}"
        )
        return postal.tracking_event_apply(actor=tracking, event=event)

    at_once(apply)
    produced.refresh_from_db()
    assert produced.state == "delivered"
    assert CaseTransition.objects.filter(case=produced.case, action="deliver").count() == 1
