"""The citizen's pages: my vehicles and appointments, booking step by step, cancel, the online
mark; in the elderly mode and in English."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.inspections.models import Appointment
from tests.identity.factories import DEFAULT_PASSWORD
from tests.inspections.factories import citizen_with_car, make_station, slot_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _notice_kinds():
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


def _login(client, user):
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)


def test_book_a_slot_from_the_pages_in_the_elderly_mode(client):
    station = make_station()
    user, vehicle = citizen_with_car()
    _login(client, user)
    client.cookies["care_mode"] = "1"
    page = client.get("/me/inspections/").content.decode()
    assert 'class="care"' in page
    assert vehicle.plate_number in page
    assert f"/me/inspections/book/{vehicle.pk}/" in page
    day = (clock.today() + timedelta(days=1)).isoformat()
    page = client.get(
        f"/me/inspections/book/{vehicle.pk}/", {"province": "32", "station": station.pk, "day": day}
    ).content.decode()
    assert station.name in page
    slot = slot_of(station)
    assert f'value="{slot.pk}"' in page
    response = client.post(
        f"/me/inspections/book/{vehicle.pk}/submit/", {"slot_id": slot.pk}, follow=True
    )
    assert "预约成功" in response.content.decode()
    appointment = Appointment.objects.get(vehicle=vehicle)
    assert appointment.number in response.content.decode()
    response = client.post(f"/me/inspections/{appointment.pk}/cancel/", follow=True)
    assert "预约已取消" in response.content.decode()


def test_a_refused_booking_shows_the_reason_in_english(client):
    station = make_station()
    user, vehicle = citizen_with_car(traits=("on_time",))
    _login(client, user)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/me/inspections/book/{vehicle.pk}/submit/",
        {"slot_id": slot_of(station).pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "window" in response.content.decode()


@freeze_time("2026-12-03 10:00:00+08:00")
def test_the_online_mark_from_the_page(client):
    user, vehicle = citizen_with_car(
        traits=(), registered_on=date(2022, 12, 10), inspection_valid_until=date(2026, 12, 31)
    )
    _login(client, user)
    page = client.get("/me/inspections/").content.decode()
    assert "立即申领检验标志" in page
    response = client.post(f"/me/inspections/mark/{vehicle.pk}/", follow=True)
    assert "2028-12-31" in response.content.decode()


def test_pages_need_a_citizen(client):
    assert client.get("/me/inspections/").status_code == 302
