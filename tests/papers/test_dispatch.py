"""The dispatch stage books the courier, and the courier's tracking moves the case on:
one waybill per case and leg, the waybill on both sides' pages, delivered and returned
parcels taking the case with them, repeated and reordered pushes changing nothing."""

import pytest

from jiaoguan.applications.models import CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.postal.base import TrackingStatus as T
from jiaoguan.papers.models import PaperApplication, Shipment
from jiaoguan.papers.postal import services as postal
from jiaoguan.papers.services import license_service_submit, paper_application_act
from tests.papers.factories import (
    make_office_postal_address,
    make_papers_officer,
    make_renewal_ready,
    mark_paid,
)
from tests.papers.postal_factories import courier_event, hours, make_address

pytestmark = pytest.mark.django_db
TRACKING = postal.system_actor("papers.tracking")


@pytest.fixture
def quiet_courier(settings):
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False


def produced(*, service="license_renewal", **submit):
    """A paid, reviewed, produced application posted to an address-book entry, and its
    officer (who may dispatch)."""
    citizen, license = make_renewal_ready()
    make_office_postal_address()
    if "address_id" not in submit and submit.get("fulfilment", "post") == "post":
        submit["address_id"] = make_address(person=citizen.person).pk
    application = license_service_submit(
        actor=citizen,
        service=service,
        license_id=license.pk,
        fulfilment=submit.pop("fulfilment", "post"),
        **submit,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    return application, officer


def dispatch(application, officer, capture):
    with capture(execute=True):
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    application.refresh_from_db()
    return list(Shipment.objects.filter(case_reference=application.reference).order_by("pk"))


def push(shipment, status, at, key):
    return postal.tracking_event_apply(
        actor=TRACKING, event=courier_event(shipment.waybill_number, status, at, key=key)
    )


def test_an_address_book_entry_chosen_at_submission_is_the_applications_address():
    application, _officer = produced()
    assert application.delivery_address is not None
    assert application.address.startswith("江苏省南京市")
    assert application.address.endswith(application.delivery_address.detail)


def test_another_persons_address_is_refused_at_submission():
    other = make_address()
    with pytest.raises(ApplicationError) as refused:
        produced(address_id=other.pk)
    assert refused.value.code == "papers.address.not_found"


def test_dispatch_books_one_waybill_for_the_document(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    assert application.state == "dispatched"
    assert shipment.leg == "document"
    assert shipment.status == "booked"
    assert shipment.waybill_number
    assert shipment.waybill_number.endswith("CN")
    assert shipment.office_region_code == "320104"
    assert shipment.description == "机动车驾驶证"
    assert AuditEvent.objects.filter(action="papers.shipment.create").count() == 1


def test_a_service_that_takes_the_old_licence_back_books_a_leg_for_it(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced(service="license_move_in")
    legs = {s.leg: s for s in dispatch(application, officer, django_capture_on_commit_callbacks)}
    assert set(legs) == {"document", "old_document"}
    assert legs["old_document"].collect_item == "原机动车驾驶证"


def test_a_double_click_books_once_and_the_second_is_refused(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    dispatch(application, officer, django_capture_on_commit_callbacks)
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert refused.value.code == "papers.application.state"
    assert Shipment.objects.filter(case_reference=application.reference).count() == 1


def test_the_constraint_refuses_a_second_open_shipment_of_the_leg_and_rolls_dispatch_back(
    quiet_courier,
):
    application, officer = produced()
    postal.shipment_create(
        actor=officer,
        case_reference=application.reference,
        leg="document",
        applicant_person_id=application.person_id,
        address_id=application.delivery_address_id,
        office=postal.OfficeAddress("车管所", "320104", "中山南路 1 号"),
        province_code="32",
        description="机动车驾驶证",
    )
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert refused.value.code == "papers.shipment.exists"
    application.refresh_from_db()
    application.case.refresh_from_db()
    assert application.state == application.case.state == "produced"


def test_a_typed_address_cannot_be_booked_and_the_case_stays_produced(quiet_courier):
    application, officer = produced(address="江苏省南京市玄武区中山路1号", address_id=None)
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert refused.value.code == "papers.dispatch.no_address"
    assert "收件地址" in str(refused.value.message)
    application.refresh_from_db()
    assert application.state == "produced"


def test_an_office_without_a_postal_address_cannot_dispatch(quiet_courier):
    application, officer = produced()
    from jiaoguan.papers.models import OfficePostalAddress

    OfficePostalAddress.objects.all().delete()
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert refused.value.code == "papers.dispatch.office_address_missing"


def test_an_officer_without_the_courier_permission_cannot_dispatch(quiet_courier):
    application, _officer = produced()
    clerk = make_papers_officer(
        permissions=("applications.view_case", "applications.dispatch_case")
    )
    with pytest.raises(ApplicationError) as refused:
        paper_application_act(actor=clerk, reference=application.reference, action="dispatch")
    assert refused.value.code == "auth.permission_denied"
    assert not Shipment.objects.exists()


def test_a_pickup_is_dispatched_without_a_courier(quiet_courier):
    application, officer = produced(fulfilment="pickup", pickup_point="玄武邮政支局")
    paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert not Shipment.objects.exists()


# --- Tracking moves the case ----------------------------------------------------------------


def test_delivered_tracking_delivers_the_case_once_whatever_the_order_and_repeats(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    t0 = clock.now()
    assert push(shipment, T.DELIVERED, t0 + hours(26), "e5") == "applied"  # arrives first
    for status, hour, key in [(T.COLLECTED, 2, "e1"), (T.IN_TRANSIT, 8, "e2")]:
        assert push(shipment, status, t0 + hours(hour), key) == "stale"
    assert push(shipment, T.DELIVERED, t0 + hours(26), "e5") == "duplicate"
    application.refresh_from_db()
    application.case.refresh_from_db()
    assert application.state == application.case.state == "delivered"
    assert application.case.closed_at is not None
    delivered = CaseTransition.objects.filter(case=application.case, action="deliver")
    assert delivered.count() == 1
    assert delivered.get().actor_label == "system:papers.tracking"


def test_the_old_documents_leg_does_not_move_the_case(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced(service="license_move_in")
    legs = {s.leg: s for s in dispatch(application, officer, django_capture_on_commit_callbacks)}
    push(legs["old_document"], T.DELIVERED, clock.now(), "old-1")
    application.refresh_from_db()
    assert application.state == "dispatched"
    push(legs["document"], T.DELIVERED, clock.now(), "doc-1")
    application.refresh_from_db()
    assert application.state == "delivered"


def test_a_case_delivered_by_hand_first_is_left_alone_by_the_late_push(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    paper_application_act(actor=officer, reference=application.reference, action="deliver")
    assert push(shipment, T.DELIVERED, clock.now(), "late") == "applied"
    assert CaseTransition.objects.filter(case=application.case, action="deliver").count() == 1


def test_a_returned_parcel_marks_the_case_for_the_officer_who_dispatches_again(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (first,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    t0 = clock.now()
    push(first, T.OUT_FOR_DELIVERY, t0 + hours(26), "r1")
    push(first, T.RETURNED, t0 + hours(80), "r2")
    push(first, T.RETURNED, t0 + hours(80), "r2")  # the courier pushes it again
    application.refresh_from_db()
    application.case.refresh_from_db()
    assert application.state == application.case.state == "returned"
    assert application.case.stage_due_on is not None  # the officer's clock runs
    returned = CaseTransition.objects.filter(case=application.case, action="return")
    assert returned.count() == 1
    shipments = dispatch(application, officer, django_capture_on_commit_callbacks)
    assert application.state == "dispatched"
    assert len(shipments) == 2
    assert shipments[1].waybill_number != first.waybill_number
    assert shipments[1].state == "created"


def test_a_returned_case_may_be_handed_over_at_the_counter(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    push(shipment, T.RETURNED, clock.now(), "back")
    application = paper_application_act(
        actor=officer, reference=application.reference, action="deliver"
    )
    assert application.state == "delivered"
    assert not PaperApplication.objects.filter(state__in=PaperApplication.OPEN_STATES).exists()


def test_the_sandbox_courier_takes_a_dispatched_case_to_delivered_by_itself(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_DUPLICATE_PERCENT = 50
    settings.JIAOGUAN_POSTAL_SANDBOX_REORDER_PERCENT = 50
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    shipment.refresh_from_db()
    assert shipment.state == "delivered"
    assert application.state == "delivered"
    assert CaseTransition.objects.filter(case=application.case, action="deliver").count() == 1


def test_a_booking_the_courier_refuses_for_good_sends_the_case_back_to_the_officer(
    quiet_courier, monkeypatch, django_capture_on_commit_callbacks
):
    from jiaoguan.gateways.errors import PermanentProviderError
    from jiaoguan.gateways.postal.sandbox.gateway import SandboxPostalGateway
    from jiaoguan.papers.postal.selectors import shipment_views_of_case

    def refuse(self, request):
        raise PermanentProviderError("address out of service area")

    monkeypatch.setattr(SandboxPostalGateway, "create_shipment", refuse)
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    assert shipment.status == "failed"
    assert shipment.waybill_number is None
    (view,) = shipment_views_of_case(case_reference=application.reference)
    assert view.booking_failed
    assert shipment.state == "cancelled"  # frees the leg
    assert application.state == "returned"  # back to the officer, who may post it again
    monkeypatch.undo()
    shipments = dispatch(application, officer, django_capture_on_commit_callbacks)
    assert application.state == "dispatched"
    assert shipments[-1].waybill_number


def test_a_case_an_officer_has_claimed_is_still_delivered_by_the_courier(
    quiet_courier, django_capture_on_commit_callbacks
):
    from jiaoguan.applications.services import case_claim

    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    case_claim(actor=make_papers_officer(), case=application.case)
    assert push(shipment, T.DELIVERED, clock.now(), "claimed") == "applied"
    application.refresh_from_db()
    assert application.state == "delivered"


def test_a_push_for_a_shipment_of_no_papers_case_moves_only_the_shipment(quiet_courier):
    import uuid

    from tests.papers.postal_factories import make_shipment

    shipment = make_shipment(case_reference=uuid.uuid4())
    Shipment.objects.filter(pk=shipment.pk).update(waybill_number="EA000000001CN")
    shipment.refresh_from_db()
    assert push(shipment, T.DELIVERED, clock.now(), "lonely") == "applied"
    shipment.refresh_from_db()
    assert shipment.state == "delivered"


def test_an_officer_cancelling_the_parcel_before_collection_sends_the_case_back(
    quiet_courier, django_capture_on_commit_callbacks
):
    application, officer = produced()
    (shipment,) = dispatch(application, officer, django_capture_on_commit_callbacks)
    postal.shipment_cancel(actor=officer, shipment_id=shipment.pk, reason="地址有误")
    application.refresh_from_db()
    assert application.state == "returned"
    assert push(shipment, T.COLLECTED, clock.now(), "too-late") == "stale"
    application.refresh_from_db()
    assert application.state == "returned"
