"""The push device registry: app installations register their tokens through the API, pushes
go to every enabled device, unregistered and stale tokens get nothing."""

import json
import threading
from datetime import date, datetime

import pytest
from django.db import connection
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.gateways.fakes import FakePushGateway, FakeSmsGateway
from jiaoguan.identity.services import api_token_issue
from jiaoguan.notices import services
from jiaoguan.notices.models import NoticeMessage, PushDevice
from tests.identity.factories import make_citizen
from tests.notices.factories import make_push_device, scan_on
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db

TOKEN = "fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"
MORNING = datetime(2026, 3, 1, 10, 0, tzinfo=clock.TIMEZONE)
DEVICES = "/api/v1/me/notices/devices"


@pytest.fixture(autouse=True)
def fake_gateways(settings):
    settings.SMS_GATEWAY = "fake"
    settings.PUSH_GATEWAY = "fake"
    FakeSmsGateway.reset()
    FakePushGateway.reset()
    yield
    FakeSmsGateway.reset()
    FakePushGateway.reset()


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def register(client, user, token=TOKEN, platform="android"):
    return client.post(
        DEVICES,
        json.dumps({"token": token, "platform": platform}),
        content_type="application/json",
        **auth(user),
    )


def test_an_app_registers_its_token_and_lists_it(client):
    citizen = make_citizen()
    answer = register(client, citizen)
    assert answer.status_code == 201
    body = answer.json()
    assert body["platform"] == "android"
    assert body["token_tail"] == TOKEN[-6:]
    listed = client.get(DEVICES, **auth(citizen)).json()
    assert [device["id"] for device in listed] == [body["id"]]
    event = AuditEvent.objects.get(action="notices.device.register")
    assert TOKEN not in json.dumps(event.data)  # only the token's tail is kept


def test_registering_again_keeps_one_device(client):
    citizen = make_citizen()
    first = register(client, citizen).json()
    second = register(client, citizen, platform="harmony").json()
    assert first["id"] == second["id"]
    assert PushDevice.objects.get().platform == "harmony"


def test_a_token_registered_by_another_account_moves_to_it(client):
    before, after = make_citizen(), make_citizen()
    register(client, before)
    register(client, after)
    device = PushDevice.objects.get()
    assert device.account == after
    assert client.get(DEVICES, **auth(before)).json() == []


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        # The token's form and the platforms are in the document: the schema refuses them.
        ({"token": "short", "platform": "android"}, "request.invalid", "token"),
        ({"token": "含有中文的令牌" * 4, "platform": "ios"}, "request.invalid", "token"),
        ({"token": TOKEN, "platform": "symbian"}, "request.invalid", "platform"),
    ],
)
def test_bad_registrations_get_a_clear_422(client, body, code, field):
    answer = client.post(
        DEVICES, json.dumps(body), content_type="application/json", **auth(make_citizen())
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == code
    assert field in answer.json()["fields"]


def test_a_missing_field_is_a_4xx_not_a_500(client):
    answer = client.post(
        DEVICES, json.dumps({"token": TOKEN}), content_type="application/json",
        **auth(make_citizen()),
    )  # fmt: skip
    assert 400 <= answer.status_code < 500


def test_unregistering_stops_pushes_and_only_works_for_my_devices(client):
    mine, theirs = make_citizen(), make_citizen()
    device = register(client, mine).json()
    refused = client.delete(f"{DEVICES}/{device['id']}", **auth(theirs))
    assert refused.status_code == 404
    assert refused.json()["code"] == "notices.device.not_found"
    assert client.delete(f"{DEVICES}/{device['id']}", **auth(mine)).status_code == 204
    assert client.delete(f"{DEVICES}/{device['id']}", **auth(mine)).status_code == 204
    assert not PushDevice.objects.get().enabled
    assert client.get(DEVICES, **auth(mine)).json() == []


def test_the_device_list_needs_a_log_in(client):
    assert client.get(DEVICES).status_code == 401


def test_over_the_limit_the_oldest_device_is_replaced(settings):
    settings.JIAOGUAN_NOTICES_PUSH_DEVICES_PER_ACCOUNT = 2
    citizen = make_citizen()
    for index in range(3):
        with freeze_time(MORNING.replace(minute=index)):
            services.push_device_register(
                actor=citizen, account=citizen, token=f"{TOKEN}-{index}", platform="ios"
            )
    enabled = set(PushDevice.objects.filter(enabled=True).values_list("token", flat=True))
    assert enabled == {f"{TOKEN}-1", f"{TOKEN}-2"}
    assert PushDevice.objects.get(token=f"{TOKEN}-0").disabled_reason == "replaced"


def push_message(citizen) -> NoticeMessage:
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    scan_on(date(2026, 3, 1))
    return NoticeMessage.objects.get(notice__person=citizen.person, channel="push")


def deliver(message):
    with freeze_time(MORNING):
        return services.message_deliver(message_id=message.pk)


def test_a_push_goes_to_every_enabled_device_of_the_account():
    citizen = make_citizen()
    phone = make_push_device(citizen, token=f"{TOKEN}-phone")
    make_push_device(citizen, token=f"{TOKEN}-pad", platform="ios")
    gone = make_push_device(citizen, token=f"{TOKEN}-gone")
    PushDevice.objects.filter(pk=gone.pk).update(enabled=False)
    message = push_message(citizen)
    assert deliver(message).status == "sent"
    [push] = FakePushGateway.sent
    assert push["tokens"].split(",") == [phone.token, f"{TOKEN}-pad"]
    assert push["reference"] == f"notice-message-{message.pk}"


def test_no_push_message_for_an_account_without_a_device():
    citizen = make_citizen()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    scan_on(date(2026, 3, 1))
    channels = set(NoticeMessage.objects.values_list("channel", flat=True))
    assert channels == {"sms"}


def test_a_device_unregistered_after_the_scan_gets_nothing():
    citizen = make_citizen()
    device = make_push_device(citizen)
    message = push_message(citizen)
    services.push_device_unregister(actor=citizen, account=citizen, device_id=device.pk)
    assert deliver(message).status == "skipped"
    message.refresh_from_db()
    assert (message.status, message.last_error) == ("skipped", "no device")
    assert not FakePushGateway.sent


def test_stale_tokens_reported_by_the_provider_are_disabled():
    citizen = make_citizen()
    live = make_push_device(citizen, token=f"{TOKEN}-live")
    stale = make_push_device(citizen, token=f"{TOKEN}-stale")
    FakePushGateway.stale.add(stale.token)
    message = push_message(citizen)
    assert deliver(message).status == "sent"
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.enabled, stale.disabled_reason) == (False, "stale")
    assert live.enabled
    assert FakePushGateway.sent[0]["tokens"] == live.token


def test_a_push_whose_every_token_is_stale_is_skipped_and_the_tokens_disabled():
    citizen = make_citizen()
    stale = make_push_device(citizen)
    FakePushGateway.stale.add(stale.token)
    message = push_message(citizen)
    assert deliver(message).status == "skipped"
    message.refresh_from_db()
    assert message.last_error == "no device"
    stale.refresh_from_db()
    assert not stale.enabled


def test_a_token_registered_again_after_the_stale_report_stays_enabled():
    citizen = make_citizen()
    device = make_push_device(citizen)
    with freeze_time(MORNING.replace(hour=11)):
        services.push_device_register(
            actor=citizen, account=citizen, token=device.token, platform="android"
        )
    services.push_devices_disable_stale(tokens=[device.token], reported_at=MORNING)
    device.refresh_from_db()
    assert device.enabled


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_token_registered_by_many_connections_at_once_is_one_device():
    citizens = [make_citizen() for _ in range(6)]
    start = threading.Barrier(len(citizens))
    failures = []

    def run(citizen):
        start.wait()
        try:
            services.push_device_register(
                actor=citizen, account=citizen, token=TOKEN, platform="android"
            )
        except Exception as error:  # collected for the assertion
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(citizen,)) for citizen in citizens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert PushDevice.objects.count() == 1
    assert PushDevice.objects.get().account in citizens
