"""Postal delivery services: the address book, shipments booked with the sandbox courier,
tracking applied once and only forward, forged pushes refused and logged."""

import json
import uuid

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock, s10
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import SandboxCourierPush, SandboxParcel
from jiaoguan.gateways.postal.base import InboundPush
from jiaoguan.gateways.postal.base import TrackingStatus as T
from jiaoguan.gateways.postal.sandbox import common, courier
from jiaoguan.identity.actors import system_actor
from jiaoguan.papers.models import Shipment, TrackingEvent, TrackingPush
from jiaoguan.papers.postal import selectors, services
from tests.identity.factories import make_person
from tests.papers.postal_factories import courier_event, hours, make_address, make_shipment

pytestmark = pytest.mark.django_db
TRACKING = system_actor("papers.tracking")


@pytest.fixture
def quiet_courier(settings):
    """A sandbox courier that books but pushes nothing by itself."""
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False


def booked(django_capture_on_commit_callbacks, **fields) -> Shipment:
    with django_capture_on_commit_callbacks(execute=True):
        shipment = make_shipment(**fields)
    shipment.refresh_from_db()
    return shipment


# --- The address book -----------------------------------------------------------------------


def test_an_address_needs_a_current_county_code():
    with pytest.raises(ApplicationError) as refused:
        make_address(region_code="110103")  # 崇文区, withdrawn in 2010
    assert refused.value.code == "papers.address.region"
    with pytest.raises(ApplicationError):
        make_address(region_code="320100")  # a city, not a county


def test_a_new_default_address_replaces_the_former_default():
    first = make_address(is_default=True)
    person = first.person
    second = make_address(person=person, is_default=True, detail="汉中路 1 号")
    first.refresh_from_db()
    assert not first.is_default
    assert selectors.addresses_of_person(person_id=person.pk).first() == second


def test_the_phone_is_encrypted_at_rest():
    from django.db import connection

    entry = make_address(phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM papers_addressbookentry WHERE id = %s", [entry.pk])
        stored = cursor.fetchone()[0]
    assert "13812345678" not in stored


# --- Shipments ------------------------------------------------------------------------------


def test_a_shipment_is_booked_with_an_s10_waybill_and_an_estimate(
    quiet_courier, django_capture_on_commit_callbacks
):
    shipment = booked(django_capture_on_commit_callbacks)
    assert shipment.status == Shipment.Status.BOOKED
    assert s10.is_valid(shipment.waybill_number)
    assert shipment.label["recipient"]["region_text"] == "江苏省南京市玄武区"
    assert shipment.state == Shipment.State.CREATED
    assert shipment.estimated_from == clock.today() + hours(24)
    assert AuditEvent.objects.filter(action="papers.shipment.create").count() == 1


def test_a_second_shipment_of_the_same_case_and_leg_is_refused(quiet_courier):
    case, address = uuid.uuid4(), make_address()
    make_shipment(case_reference=case, address=address)
    with pytest.raises(ApplicationError) as refused:
        make_shipment(case_reference=case, address=address)
    assert refused.value.code == "papers.shipment.exists"
    # the old document's return is a leg of its own
    make_shipment(case_reference=case, address=address, leg="old_document")


def test_without_a_courier_postal_delivery_is_refused(settings):
    settings.JIAOGUAN_POSTAL_PROVIDER = ""
    with pytest.raises(ApplicationError) as refused:
        make_shipment()
    assert refused.value.code == "papers.shipment.postal_unavailable"


def test_cash_on_delivery_only_where_the_courier_offers_it(settings, quiet_courier):
    shipment = make_shipment(cash_on_delivery_fen=2000)  # the sandbox collects at the door
    assert shipment.cash_on_delivery_fen == 2000
    settings.JIAOGUAN_POSTAL_PROVIDER = "kuaidi100"
    with pytest.raises(ApplicationError) as refused:
        make_shipment(cash_on_delivery_fen=2000)
    assert refused.value.code == "papers.shipment.cash_on_delivery_unavailable"


def test_another_persons_address_is_refused():
    address = make_address()
    stranger = make_person(name="李娜", female=True)
    with pytest.raises(ApplicationError) as refused:
        services.shipment_create(
            actor=system_actor("papers.dispatch"),
            case_reference=uuid.uuid4(),
            leg="document",
            applicant_person_id=stranger.pk,
            address_id=address.pk,
            office=services.OfficeAddress("车管所", "320104", "中山南路 1 号"),
            province_code="32",
            description="驾驶证",
        )
    assert refused.value.code == "papers.address.not_found"


def test_a_citizen_cannot_create_a_shipment():
    from jiaoguan.identity.actors import actor_for_user
    from jiaoguan.identity.models import User

    address = make_address()
    citizen = actor_for_user(User.objects.get(person_id=address.person_id))
    with pytest.raises(ApplicationError) as refused:
        make_shipment(address=address, actor=citizen)
    assert refused.value.code == "auth.permission_denied"


def test_the_sandbox_courier_delivers_a_shipment_by_itself(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 0
    shipment = booked(django_capture_on_commit_callbacks)
    assert shipment.state == Shipment.State.DELIVERED
    events = selectors.tracking_of(shipment_id=shipment.pk)
    assert [event.status for event in events][-1] == "delivered"
    assert all(event.applied for event in events)
    assert SandboxCourierPush.objects.filter(status="acknowledged").count() == len(events)


def test_a_returned_parcel_ends_returned_with_its_failed_attempts_stored(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 100
    shipment = booked(django_capture_on_commit_callbacks)
    assert shipment.state == Shipment.State.RETURNED
    statuses = [event.status for event in selectors.tracking_of(shipment_id=shipment.pk)]
    assert statuses.count("failed_attempt") == 3
    assert selectors.shipment_view(shipment).exception


def test_duplicated_and_reordered_pushes_are_stored_once_and_end_in_the_same_state(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_DUPLICATE_PERCENT = 60
    settings.JIAOGUAN_POSTAL_SANDBOX_REORDER_PERCENT = 60
    shipment = booked(django_capture_on_commit_callbacks)
    assert shipment.state == Shipment.State.DELIVERED
    pushes = SandboxCourierPush.objects.filter(parcel__waybill_number=shipment.waybill_number)
    events = TrackingEvent.objects.filter(shipment=shipment)
    assert pushes.count() > events.count() == 5
    assert TrackingPush.objects.filter(events_repeated=1).exists()


def test_events_pushed_before_the_booking_is_written_are_applied_when_it_is(quiet_courier):
    shipment = make_shipment()  # booking not sent yet: no waybill known
    waybill = s10.s10_number("EA", 4242)
    assert (
        services.tracking_event_apply(actor=TRACKING, event=courier_event(waybill, T.COLLECTED))
        == "orphan"
    )
    from jiaoguan.delivery.kinds import Done
    from jiaoguan.papers.deliveries import ShipmentBookings

    Shipment.objects.filter(pk=shipment.pk).update(waybill_number=waybill)
    ShipmentBookings().on_done([(shipment, Done("booked", {"waybill_number": waybill}))])
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.COLLECTED


# --- Tracking: once, forward only -----------------------------------------------------------


def test_out_of_order_events_never_move_a_shipment_backwards(
    quiet_courier, django_capture_on_commit_callbacks
):
    shipment = booked(django_capture_on_commit_callbacks)
    w, t0 = shipment.waybill_number, clock.now()
    apply = lambda status, at: services.tracking_event_apply(  # noqa: E731
        actor=TRACKING, event=courier_event(w, status, at)
    )
    assert apply(T.OUT_FOR_DELIVERY, t0 + hours(20)) == "applied"
    assert apply(T.COLLECTED, t0 + hours(2)) == "stale"  # late, older
    assert apply(T.IN_TRANSIT, t0 + hours(21)) == "stale"  # later, but behind in state
    assert apply(T.DELIVERED, t0 + hours(22)) == "applied"
    assert apply(T.FAILED_ATTEMPT, t0 + hours(23)) == "stale"  # after the end
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.DELIVERED
    assert shipment.finished_at is not None
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 5


def test_the_same_event_twice_is_stored_and_audited_once(
    quiet_courier, django_capture_on_commit_callbacks
):
    shipment = booked(django_capture_on_commit_callbacks)
    event = courier_event(shipment.waybill_number, T.COLLECTED, key="once")
    assert services.tracking_event_apply(actor=TRACKING, event=event) == "applied"
    assert services.tracking_event_apply(actor=TRACKING, event=event) == "duplicate"
    assert TrackingEvent.objects.filter(event_key="once").count() == 1
    assert AuditEvent.objects.filter(action="papers.shipment.track").count() == 1


def test_a_forged_push_is_refused_logged_and_audited_and_changes_nothing(
    quiet_courier, django_capture_on_commit_callbacks, caplog, client
):
    shipment = booked(django_capture_on_commit_callbacks)
    parcel = SandboxParcel.objects.get(waybill_number=shipment.waybill_number)
    with django_capture_on_commit_callbacks(execute=True):
        forged = courier.push_forge(parcel)
    forged.refresh_from_db()
    assert forged.status == SandboxCourierPush.Status.ABANDONED  # refused, sent once
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.CREATED
    rejected = TrackingPush.objects.get(outcome="rejected")
    assert rejected.reason == "signature_invalid"
    assert AuditEvent.objects.filter(action="papers.tracking.reject").count() == 1
    assert "tracking push rejected" in caplog.text


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b'{"waybill_number":"x","events":[]}', {}, "signature_missing"),
        (b"\xff\xfe not json", None, "malformed"),
        (b'{"waybill_number":"x","events":[{"status":"teleported"}]}', None, "malformed"),
    ],
)
def test_bad_pushes_over_http_get_400_never_500(client, body, headers, reason):
    if headers is None:
        headers = common.signed_headers(body) if body[:1] == b"{" else {}
        if not headers:  # unreadable bytes cannot be signed as text: sign the raw form
            headers = {common.TIMESTAMP_HEADER: "1", common.SIGNATURE_HEADER: "00"}
            reason = "stale"
    response = client.post(
        "/api/v1/postal/events/sandbox",
        data=body,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.content == b"failure"
    assert TrackingPush.objects.get().reason == reason


def test_an_unknown_provider_is_refused_with_404(client):
    response = client.post("/api/v1/postal/events/nobody", data=b"{}", content_type="text/plain")
    assert response.status_code == 404


def test_a_cancelled_shipment_frees_its_leg_and_cannot_be_tracked(
    quiet_courier, django_capture_on_commit_callbacks
):
    shipment = booked(django_capture_on_commit_callbacks)
    services.shipment_cancel(
        actor=system_actor("papers.dispatch"), shipment_id=shipment.pk, reason="地址有误"
    )
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.CANCELLED
    assert SandboxParcel.objects.get(waybill_number=shipment.waybill_number).cancelled_at
    event = courier_event(shipment.waybill_number, T.COLLECTED)
    assert services.tracking_event_apply(actor=TRACKING, event=event) == "stale"


def test_a_collected_shipment_cannot_be_cancelled(
    quiet_courier, django_capture_on_commit_callbacks
):
    shipment = booked(django_capture_on_commit_callbacks)
    services.tracking_event_apply(
        actor=TRACKING, event=courier_event(shipment.waybill_number, T.COLLECTED)
    )
    with pytest.raises(ApplicationError) as refused:
        services.shipment_cancel(
            actor=system_actor("papers.dispatch"), shipment_id=shipment.pk, reason="x"
        )
    assert refused.value.code == "papers.shipment.not_cancellable"


# --- The sandbox courier's own HTTP API -----------------------------------------------------


def test_the_courier_api_refuses_unsigned_bookings_and_answers_a_repeat_with_the_same_waybill(
    client,
):
    payload = {
        "reference": "ref-42",
        "sender": {"region_code": "320104"},
        "recipient": {"region_code": "320102"},
    }
    body = json.dumps(payload).encode()
    unsigned = client.post("/sandbox-courier/shipments", data=body, content_type="application/json")
    assert unsigned.status_code == 401
    first = client.post(
        "/sandbox-courier/shipments",
        data=body,
        content_type="application/json",
        headers=common.signed_headers(body),
    )
    again = client.post(
        "/sandbox-courier/shipments",
        data=body,
        content_type="application/json",
        headers=common.signed_headers(body),
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["waybill_number"] == again.json()["waybill_number"]
    assert s10.is_valid(first.json()["waybill_number"])


def test_inbound_push_from_kuaidi100_moves_the_shipment(
    settings, quiet_courier, django_capture_on_commit_callbacks, client
):
    import hashlib
    from pathlib import Path

    settings.JIAOGUAN_POSTAL_PROVIDERS = ["kuaidi100"]
    settings.KUAIDI100_SALT = "salt"
    shipment = booked(django_capture_on_commit_callbacks)
    fixture = Path(__file__).parents[1] / "gateways/fixtures/kuaidi100/push_delivered.json"
    data = json.loads(fixture.read_text(encoding="utf-8"))
    data["lastResult"]["nu"] = shipment.waybill_number
    param = json.dumps(data, ensure_ascii=False)
    sign = hashlib.md5((param + "salt").encode()).hexdigest().upper()
    for _ in range(2):  # a repeated push: acknowledged, stored once
        response = client.post("/api/v1/postal/events/kuaidi100", {"param": param, "sign": sign})
        assert response.status_code == 200
        assert response.json()["returnCode"] == "200"
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.DELIVERED
    assert TrackingEvent.objects.filter(provider="kuaidi100").count() == 4
    # an older snapshot arriving late (reordered): acknowledged, nothing moves back
    older = json.loads((fixture.parent / "push_in_transit.json").read_text(encoding="utf-8"))
    older["lastResult"]["nu"] = shipment.waybill_number
    older_param = json.dumps(older, ensure_ascii=False)
    older_sign = hashlib.md5((older_param + "salt").encode()).hexdigest().upper()
    late = client.post(
        "/api/v1/postal/events/kuaidi100", {"param": older_param, "sign": older_sign}
    )
    assert late.status_code == 200
    shipment.refresh_from_db()
    assert shipment.state == Shipment.State.DELIVERED
    assert TrackingEvent.objects.filter(provider="kuaidi100").count() == 4
    forged = client.post("/api/v1/postal/events/kuaidi100", {"param": param, "sign": "0" * 32})
    assert forged.status_code == 400
    assert forged.json()["result"] is False


def test_inbound_push_helper_builds_from_form():
    assert InboundPush(body=b"", form={"a": "b"}).form["a"] == "b"


def test_under_a_seed_the_courier_replays_a_parcels_story_and_pushes_all_of_it(
    settings, django_capture_on_commit_callbacks
):
    settings.JIAOGUAN_POSTAL_SANDBOX_SEED = 99
    settings.JIAOGUAN_POSTAL_SANDBOX_DUPLICATE_PERCENT = 50
    shipment = booked(django_capture_on_commit_callbacks)
    parcel = SandboxParcel.objects.get(waybill_number=shipment.waybill_number)
    assert parcel.seed == 99
    story = courier.parcel_story_events(parcel)
    assert story == courier.parcel_story_events(parcel)
    pushed = SandboxCourierPush.objects.filter(parcel=parcel)
    assert {push.event["event_id"] for push in pushed} == {event["event_id"] for event in story}
    assert shipment.state == story[-1]["status"]
