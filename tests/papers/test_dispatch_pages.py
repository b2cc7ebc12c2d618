"""The waybill on both sides' pages: the citizen picks an address-book entry when applying,
sees the waybill on 网办进度 and in their applications; the officer dispatches from the
case page, sees the waybill and its tracking, and a returned parcel in the queue."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core import clock
from jiaoguan.gateways.postal.base import TrackingStatus as T
from jiaoguan.papers.models import PaperApplication, Shipment
from jiaoguan.papers.postal import services as postal
from jiaoguan.papers.services import paper_application_act
from tests.papers.factories import (
    make_office_postal_address,
    make_papers_officer,
    make_renewal_ready,
    mark_paid,
    post_confirmed,
)
from tests.papers.postal_factories import courier_event, make_address

pytestmark = pytest.mark.django_db
PAGE = "/me/papers/license-renewal/"


@pytest.fixture(autouse=True)
def quiet_courier(settings):
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False


def _officer_client(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_the_citizen_applies_with_an_address_book_entry(client):
    citizen, _license = make_renewal_ready()
    entry = make_address(person=citizen.person, is_default=True)
    client.force_login(citizen)
    page = client.get(PAGE).content.decode()
    assert 'name="address_id"' in page
    assert "北京东路 41 号" in page
    post_confirmed(
        client,
        PAGE,
        {"action": "submit", "fulfilment": "post", "address_id": entry.pk, "agree": "on"},
    )
    application = PaperApplication.objects.get()
    assert application.delivery_address == entry


def test_someone_elses_address_in_the_form_is_a_message_not_a_500(client):
    citizen, _license = make_renewal_ready()
    make_address(person=citizen.person)
    other = make_address()
    client.force_login(citizen)
    answer = client.post(
        PAGE, {"action": "submit", "fulfilment": "post", "address_id": other.pk, "agree": "on"}
    )
    assert answer.status_code == 200
    assert not PaperApplication.objects.exists()


def test_without_an_address_book_only_the_typed_address_is_offered(client):
    citizen, _license = make_renewal_ready()
    client.force_login(citizen)
    page = client.get(PAGE).content.decode()
    assert 'name="address_id"' not in page
    assert 'name="address"' in page


def test_the_waybill_shows_on_both_sides_and_a_return_comes_back_to_the_queue(
    client, django_capture_on_commit_callbacks
):
    citizen, license = make_renewal_ready()
    make_office_postal_address()
    from jiaoguan.papers.services import license_renewal_submit

    application = license_renewal_submit(
        actor=citizen,
        license_id=license.pk,
        fulfilment="post",
        address_id=make_address(person=citizen.person).pk,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    _officer_client(client, officer)
    detail = f"/backoffice/papers/{application.reference}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{detail}act/", {"action": "dispatch"})
    shipment = Shipment.objects.get()
    waybill = shipment.waybill_number
    assert waybill
    assert waybill in client.get(detail).content.decode()
    postal.tracking_event_apply(
        actor=postal.system_actor("papers.tracking"),
        event=courier_event(waybill, T.RETURNED, clock.now(), key="back"),
    )
    queue = client.get("/backoffice/papers/").content.decode()
    assert str(application.reference) in queue
    page = client.get(detail).content.decode()
    assert "寄递异常待处理" in page
    assert 'value="dispatch"' in page
    client.logout()
    client.force_login(citizen)
    progress = client.get(f"/me/cases/{application.reference}/").content.decode()
    assert waybill in progress
    assert "已退回" in progress
    assert waybill in client.get(PAGE).content.decode()


def test_the_officer_prints_the_waybill_sheet_and_the_read_is_audited(
    client, django_capture_on_commit_callbacks
):
    from jiaoguan.audit.models import AuditEvent

    citizen, license = make_renewal_ready()
    make_office_postal_address()
    from jiaoguan.papers.services import license_service_submit

    application = license_service_submit(
        actor=citizen,
        service="license_move_in",
        license_id=license.pk,
        fulfilment="post",
        address_id=make_address(person=citizen.person).pk,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    _officer_client(client, officer)
    sheet = f"/backoffice/papers/{application.reference}/waybill.pdf"
    assert client.get(sheet).status_code == 404  # nothing booked yet
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    assert (
        "waybill.pdf" in client.get(f"/backoffice/papers/{application.reference}/").content.decode()
    )
    answer = client.get(sheet)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert len(answer.content) > 2000
    printed = AuditEvent.objects.get(action="papers.shipment.print")
    assert printed.actor_label == officer.username
    assert printed.purpose == "证件寄递"


def test_the_sheet_lists_both_legs_of_a_service_that_takes_the_old_licence_back(
    django_capture_on_commit_callbacks,
):
    from jiaoguan.papers import printing

    citizen, license = make_renewal_ready()
    make_office_postal_address()
    from jiaoguan.papers.services import license_service_submit

    application = license_service_submit(
        actor=citizen,
        service="license_move_in",
        license_id=license.pk,
        fulfilment="post",
        address_id=make_address(person=citizen.person).pk,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    shipments = list(Shipment.objects.order_by("pk"))
    legs = []
    original = printing._leg

    def leg_seen(shipment, style):
        legs.append(shipment.leg)
        return original(shipment, style)

    import unittest.mock

    with unittest.mock.patch.object(printing, "_leg", leg_seen):
        assert printing.waybill_pdf(application, shipments).startswith(b"%PDF")
    assert legs == ["document", "old_document"]
    Shipment.objects.update(waybill_number=None)
    with pytest.raises(AssertionError):
        printing.waybill_pdf(application, list(Shipment.objects.all()))


def test_the_api_case_detail_lists_the_waybill(client, django_capture_on_commit_callbacks):
    from jiaoguan.identity.services import api_token_issue
    from jiaoguan.papers.services import license_renewal_submit

    citizen, license = make_renewal_ready()
    make_office_postal_address()
    application = license_renewal_submit(
        actor=citizen,
        license_id=license.pk,
        fulfilment="post",
        address_id=make_address(person=citizen.person).pk,
    )
    mark_paid(application)
    officer = make_papers_officer()
    for action in ("review", "produce"):
        paper_application_act(actor=officer, reference=application.reference, action=action)
    with django_capture_on_commit_callbacks(execute=True):
        paper_application_act(actor=officer, reference=application.reference, action="dispatch")
    answer = client.get(
        f"/api/v1/me/cases/{application.reference}",
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=citizen)}",
    ).json()
    (parcel,) = answer["shipments"]
    assert parcel["waybill_number"] == Shipment.objects.get().waybill_number
    assert (parcel["leg"], parcel["state"], parcel["booking_failed"]) == (
        "document",
        "created",
        False,
    )
