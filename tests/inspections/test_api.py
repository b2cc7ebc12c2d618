"""The inspections API: stations and slots, my vehicles, booking, change, cancel, the online
mark, and the station's signed results: the journey of issue 15 over HTTP."""

import json
from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.identity.services import api_token_issue
from tests.api.partners import signed
from tests.inspections.factories import citizen_with_car, make_station, slot_of, station_key

pytestmark = pytest.mark.django_db
RESULTS = "/api/v1/partner/inspections/results"


@pytest.fixture(autouse=True)
def _notice_kinds():
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def _post(client, path, body, user):
    return client.post(path, body, content_type="application/json", **auth(user))


def _report(client, credentials, body: dict):
    raw = json.dumps(body).encode()
    return client.post(
        RESULTS, raw, content_type="application/json", **signed(credentials, "POST", RESULTS, raw)
    )


def test_book_report_a_pass_and_the_mark_shows_the_new_date(client):
    station = make_station(region_code="110105")  # a Beijing station, a Jiangsu car
    user, vehicle = citizen_with_car()
    listed = client.get("/api/v1/inspections/stations", {"province_code": "11"}).json()
    assert [row["id"] for row in listed] == [station.pk]
    day = (clock.today() + timedelta(days=1)).isoformat()
    slots = client.get(
        f"/api/v1/inspections/stations/{station.pk}/slots", {"day": day, "lane_kind": "small"}
    ).json()
    assert slots[0]["free"] == 2
    mine = client.get("/api/v1/me/inspections/vehicles", **auth(user)).json()
    assert mine[0]["in_window"]
    assert not mine[0]["mark_only"]
    booked = _post(
        client,
        "/api/v1/me/inspections/appointments",
        {"vehicle_id": vehicle.pk, "slot_id": slots[0]["id"]},
        user,
    )
    assert booked.status_code == 201, booked.content
    number = booked.json()["number"]
    credentials = station_key(station)
    queue = client.get(
        "/api/v1/partner/inspections/queue",
        {"day": day},
        **signed(credentials, "GET", "/api/v1/partner/inspections/queue", query=f"day={day}"),
    )
    assert [row["number"] for row in queue.json()] == [number]
    slot = slot_of(station)
    with freeze_time(slot.starts_at + timedelta(minutes=15)):
        body = {
            "appointment_number": number,
            "passed": True,
            "items": [{"code": "braking", "passed": True}, {"code": "lamps", "passed": True}],
            "odometer_km": 61234,
            "operator": "李检验",
            "inspected_at": clock.now().isoformat(),
        }
        reported = _report(client, credentials, body)
        assert reported.status_code == 200, reported.content
        new_date = reported.json()["valid_until"]
        mark = client.post(f"/api/v1/me/credentials/inspection-mark/{vehicle.pk}", **auth(user))
    assert mark.status_code == 200, mark.content
    qr = mark.json()["qr"]
    with freeze_time(slot.starts_at + timedelta(minutes=15, seconds=10)):
        verified = client.post(
            "/api/v1/credentials/verify", {"qr": qr}, content_type="application/json"
        ).json()
    assert verified["valid"]
    assert verified["status"] == "normal"
    assert new_date in json.dumps(verified, ensure_ascii=False)
    appointments = client.get("/api/v1/me/inspections/appointments", **auth(user)).json()
    assert appointments[0]["status"] == "inspected"
    assert appointments[0]["result"]["valid_until_after"] == new_date


def test_a_refusal_is_a_clear_error_in_chinese_and_english(client):
    station = make_station()
    user, vehicle = citizen_with_car(traits=("on_time",))
    body = {"vehicle_id": vehicle.pk, "slot_id": slot_of(station).pk}
    refused = _post(client, "/api/v1/me/inspections/appointments", body, user)
    assert refused.status_code == 422
    assert refused.json()["code"] == "inspections.booking.not_in_window"
    assert "三个月" in refused.json()["message"]
    english = client.post(
        "/api/v1/me/inspections/appointments",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth(user),
    )
    assert "window" in english.json()["message"]


def test_change_and_cancel_over_the_api(client):
    station = make_station()
    user, vehicle = citizen_with_car()
    booked = _post(
        client,
        "/api/v1/me/inspections/appointments",
        {"vehicle_id": vehicle.pk, "slot_id": slot_of(station).pk},
        user,
    ).json()
    later = slot_of(station, days=2, hour=14)
    moved = _post(
        client,
        f"/api/v1/me/inspections/appointments/{booked['id']}/change",
        {"slot_id": later.pk},
        user,
    )
    assert moved.status_code == 200
    assert moved.json()["slot"]["id"] == later.pk
    cancelled = _post(
        client, f"/api/v1/me/inspections/appointments/{booked['id']}/cancel", {}, user
    )
    assert cancelled.json()["status"] == "cancelled"
    again = _post(client, f"/api/v1/me/inspections/appointments/{booked['id']}/cancel", {}, user)
    assert again.status_code == 409


def test_someone_elses_appointment_is_not_found(client):
    station = make_station()
    user, vehicle = citizen_with_car()
    other, _car = citizen_with_car()
    booked = _post(
        client,
        "/api/v1/me/inspections/appointments",
        {"vehicle_id": vehicle.pk, "slot_id": slot_of(station).pk},
        user,
    ).json()
    response = _post(
        client, f"/api/v1/me/inspections/appointments/{booked['id']}/cancel", {}, other
    )
    assert response.status_code == 404


def test_station_results_need_a_signed_request_of_the_scope(client):
    body = {
        "appointment_number": "JY1",
        "passed": True,
        "items": [{"code": "braking", "passed": True}],
        "odometer_km": 1,
        "operator": "x",
        "inspected_at": clock.now().isoformat(),
    }
    assert client.post(RESULTS, body, content_type="application/json").status_code == 401


def test_a_naive_time_or_an_unknown_appointment_is_a_clear_error(client):
    station = make_station()
    credentials = station_key(station)
    body = {
        "appointment_number": "JY0000",
        "passed": True,
        "items": [{"code": "braking", "passed": True}],
        "odometer_km": 1,
        "operator": "x",
        "inspected_at": "2026-12-03T10:00:00",
    }
    assert _report(client, credentials, body).status_code == 422
    body["inspected_at"] = clock.now().isoformat()
    response = _report(client, credentials, body)
    assert response.status_code == 404
    assert response.json()["code"] == "inspections.appointment.not_found"


@freeze_time("2026-12-03 10:00:00+08:00")
def test_the_online_mark_over_the_api(client):
    user, vehicle = citizen_with_car(
        traits=(), registered_on=date(2022, 12, 10), inspection_valid_until=date(2026, 12, 31)
    )
    mine = client.get("/api/v1/me/inspections/vehicles", **auth(user)).json()
    assert mine[0]["mark_only"]
    assert mine[0]["mark_refusals"] == []
    issued = _post(client, "/api/v1/me/inspections/marks", {"vehicle_id": vehicle.pk}, user)
    assert issued.status_code == 201, issued.content
    assert issued.json()["valid_until"] == "2028-12-31"
    again = _post(client, "/api/v1/me/inspections/marks", {"vehicle_id": vehicle.pk}, user)
    assert again.status_code == 422


def test_the_station_administrator_registers_the_station_over_the_api(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.organisations.factories import open_account

    _account, staff, _admin = open_account(kind="inspection_station")
    device = TOTPDevice.objects.create(user=staff.user, name="authenticator", confirmed=True)
    client.force_login(staff.user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    body = {
        "name": "测试检测站",
        "address": "南京市测试路2号",
        "region_code": "320102",
        "lanes": [{"name": "1号线", "kind": "small", "capacity": 3}],
        "hours": [{"weekday": 0, "opens": "08:30:00", "closes": "17:00:00"}],
    }
    response = client.post("/api/v1/org/inspection-station", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    again = client.post("/api/v1/org/inspection-station", body, content_type="application/json")
    assert again.status_code == 409
