"""Inspections on a phone: 张伟 books a slot at a station, the station reports a pass
(signed, through its partner key), and his electronic inspection mark shows the new
检验有效期至 at once."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from freezegun import freeze_time

from jiaoguan.credentials import keys
from jiaoguan.inspections.models import Appointment
from tests.api.partners import signed
from tests.identity.factories import make_citizen, make_person
from tests.inspections.factories import make_station, station_key
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.browser
PASSWORD = "Lantern-Bridge-7"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
RESULTS = "/api/v1/partner/inspections/results"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _notice_kinds():
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


def _look(page, shots, name):
    page.screenshot(path=shots / f"phone-inspection-{name}.png", full_page=True)
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: the page is {width}px wide on a phone"


def test_book_a_slot_the_station_reports_a_pass_and_the_electronic_mark_shows(
    page, live_server, screenshot_dir
):
    keys.forget()
    station = make_station(region_code="320102", name="玄武区机动车检测站")
    person = make_person(name="张伟")
    make_citizen(person=person, phone="13700000091", password=PASSWORD)
    vehicle = make_vehicle(owner=person, plate_number="苏A7K3P2", traits=["in_window"])
    before = vehicle.inspection_valid_until
    base = live_server.url

    page.goto(base + "/login/")
    page.get_by_label("身份证号或手机号码").fill(person.id_number)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/me/")
    page.goto(base + "/me/inspections/")
    page.locator(f"[data-vehicle='{vehicle.pk}']").get_by_role("link", name="预约检验").click()
    page.wait_for_url(f"**/me/inspections/book/{vehicle.pk}/**")
    page.locator("#province").select_option("32")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="玄武区机动车检测站").click()
    page.locator(".days a").nth(1).click()  # tomorrow
    page.locator("input[name=slot_id]").first.check()
    _look(page, screenshot_dir, "book")
    page.get_by_role("button", name="确认预约").click()
    page.wait_for_url("**/me/inspections/**")
    appointment = Appointment.objects.get(vehicle=vehicle, status="booked")
    booked = page.locator(f"[data-appointment='{appointment.number}']")
    assert "玄武区机动车检测站" in booked.inner_text()
    _look(page, screenshot_dir, "booked")

    # the station reports a pass, signed with its key (what its lane software does)
    body = json.dumps(
        {
            "appointment_number": appointment.number,
            "passed": True,
            "items": [{"code": "braking", "passed": True}, {"code": "lamps", "passed": True}],
            "odometer_km": 61234,
            "operator": "李检验",
            "inspected_at": (appointment.slot.starts_at + timedelta(minutes=10)).isoformat(),
        }
    ).encode()
    key = station_key(station)
    with freeze_time(appointment.slot.starts_at + timedelta(minutes=15)):  # on the day
        reported = Client().post(
            RESULTS, body, content_type="application/json", **signed(key, "POST", RESULTS, body)
        )
    assert reported.status_code in (200, 201), reported.content
    vehicle.refresh_from_db()
    after = vehicle.inspection_valid_until
    assert after > before

    page.goto(base + "/me/credentials/")
    row = page.locator("li", has_text="苏A7K3P2")
    assert after.strftime("%Y-%m-%d") in row.inner_text()
    row.get_by_role("link", name="出示凭证").click()
    page.wait_for_url(f"**/me/credentials/mark/{vehicle.pk}/")
    shown = page.locator("main").inner_text()
    assert "苏A7K3P2" in shown
    assert after.isoformat() in shown or after.strftime("%Y-%m-%d") in shown
    assert page.locator("[data-credential-qr]").get_attribute("data-qr").startswith("JG1:")
    _look(page, screenshot_dir, "mark")
