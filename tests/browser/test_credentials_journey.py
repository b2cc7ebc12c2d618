"""The electronic driving licence on a phone: shown as a large QR that re-signs itself, in
the elderly mode too; pasted into the verifier page it is black, and red once the licence
has reached 12 points."""

import re

import pytest

from jiaoguan.core import clock
from jiaoguan.credentials import keys
from jiaoguan.drivers.services import points_record_add
from jiaoguan.identity.actors import system_actor
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.browser
PASSWORD = "Lantern-Bridge-7"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _look(page, shots, name):
    page.screenshot(path=shots / f"phone-credentials-{name}.png", full_page=True)
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: the page is {width}px wide on a phone"


def test_the_licence_qr_refreshes_verifies_black_and_turns_red_at_twelve_points(
    page, live_server, screenshot_dir, settings
):
    settings.JIAOGUAN_CREDENTIALS_QR_SECONDS = 12  # the page re-signs 10 s before expiry
    keys.forget()
    person = make_person(name="张伟")
    make_citizen(person=person, phone="13700000031", password=PASSWORD)
    license_ = make_license(person=person)
    make_vehicle(owner=person, plate_number="苏A8C2M6")
    base = live_server.url

    page.goto(base + "/login/")
    page.get_by_label("身份证号或手机号码").fill(person.id_number)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/me/")
    page.goto(base + "/me/credentials/")
    figure = page.locator("[data-credential-qr]")
    first = figure.get_attribute("data-qr")
    assert first.startswith("JG1:")
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", page.locator("[data-field=issued_at]").inner_text()
    )
    box = page.locator(".credential-qr img").bounding_box()
    assert box["width"] >= 300  # a large code, easy to scan
    _look(page, screenshot_dir, "mine")
    page.wait_for_function(
        "first => document.querySelector('[data-credential-qr]').dataset.qr !== first",
        arg=first,
        timeout=8_000,
    )
    current = figure.get_attribute("data-qr")

    page.locator("#care-toggle").click()
    page.wait_for_url("**/me/credentials/")
    assert page.locator("html.care").count() == 1
    _look(page, screenshot_dir, "mine-care")
    page.locator("#care-toggle").click()

    page.goto(base + "/credentials/verify/")
    page.get_by_label("电子证照二维码内容").fill(current)
    page.get_by_role("button", name="核验", exact=True).click()
    verdict = page.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "normal"
    assert page.locator("[data-field=name]").inner_text() == "张*"
    _look(page, screenshot_dir, "verify-black")

    points_record_add(
        actor=system_actor("test"), license_id=license_.pk, points=12, recorded_on=clock.today(),
        committed_on=clock.today(), description="饮酒后驾驶机动车", fine_paid=True,
    )  # fmt: skip
    page.goto(base + "/credentials/verify/")
    page.get_by_label("电子证照二维码内容").fill(current)
    page.get_by_role("button", name="核验", exact=True).click()
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "abnormal"
    assert "暂扣" in page.locator("[data-field=reason]").inner_text()
    _look(page, screenshot_dir, "verify-red")

    page.goto(base + "/me/credentials/")
    assert page.locator(".credential-red").count() == 1
    assert "公众（未登录）" in page.locator(".checks").inner_text()
    _look(page, screenshot_dir, "mine-red")
