"""A citizen's first visit, in a real browser on a desktop and on a phone: register with the
SMS code from the demo outbox, look at "my" vehicles and license, switch on the elderly
mode, log out and log in again with the password."""

import re

import pytest

from jiaoguan.core import clock
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.vehicles.selectors import vehicles_of_person
from tests.drivers.factories import make_license
from tests.identity.factories import make_person
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.browser

PASSWORD = "Lantern-Bridge-7"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture(params=list(VIEWPORTS))
def device(request):
    return request.param


@pytest.fixture
def page(browser, device):
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[device])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def citizen_in_register():
    """陈静 is in the person register with a car in its inspection window and a license in
    its renewal window, but has no account yet."""
    person = make_person(name="陈静", female=True)
    make_vehicle(owner=person, traits=("in_window",), plate_number="苏A5R7K2")
    make_license(person=person, traits=("renewal_due",), points=[(clock.today(), 3)])
    return person


class Journey:
    """Steps a person takes, with the checks a careful person would make on each page."""

    def __init__(self, page, base_url, device, screenshot_dir):
        self.page, self.base_url, self.device, self.shots = page, base_url, device, screenshot_dir

    def open(self, path):
        self.page.goto(self.base_url + path)

    def path(self):
        return re.sub(r"^https?://[^/]+", "", self.page.url)

    def look(self, name):
        """Save a screenshot and, on the phone, check nothing sticks out sideways."""
        self.page.screenshot(path=self.shots / f"{self.device}-{name}.png", full_page=True)
        if self.device == "phone":
            widths = self.page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert widths[0] <= widths[1], f"{name}: the page is {widths[0]}px wide on a phone"

    def text(self, selector):
        return " ".join(self.page.locator(selector).inner_text().split())


@pytest.fixture
def journey(page, live_server, device, screenshot_dir, settings):
    settings.DEMO_OUTBOX_VISIBLE = True
    return Journey(page, live_server.url, device, screenshot_dir)


def test_a_citizen_registers_looks_at_the_records_and_logs_in_again(journey, citizen_in_register):
    page, person = journey.page, citizen_in_register
    today = clock.today()
    vehicle = vehicles_of_person(person_id=person.pk, as_of=today)[0]
    license = license_of_person(person_id=person.pk, as_of=today)

    # Step 1: name, identity number and phone.
    journey.open("/")
    journey.look("home")
    page.get_by_role("link", name="注册", exact=True).click()
    assert journey.path() == "/register/"
    page.get_by_label("姓名").fill("陈静")
    page.get_by_label("公民身份号码").fill(person.id_number)
    page.get_by_label("手机号码").fill("13912345678")
    journey.look("register-1")
    page.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_url("**/register/confirm/")

    # The code is in the demo outbox (the footer links it); read it there like a visitor.
    page.get_by_role("link", name="演示短信发件箱").click()
    page.wait_for_url("**/outbox/")
    journey.look("outbox")
    code = re.search(r"验证码为(\d{6})", journey.text("td.sms-body")).group(1)

    # Step 2: the code and a password.
    journey.open("/register/confirm/")
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("设置密码").fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    journey.look("register-2")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url("**/me/")
    assert page.locator("h1").inner_text() == "陈静"
    assert person.id_number not in page.content()
    journey.look("me")

    # My vehicles: the plate and the next inspection, with its reason.
    page.get_by_role("link", name=re.compile("我的机动车")).first.click()
    page.wait_for_url("**/me/vehicles/")
    card = page.locator("article.vehicle")
    assert card.locator("h2").inner_text().startswith("苏A5R7K2")
    next_due = journey.text("article.vehicle [data-field=next_due]")
    assert next_due.startswith(vehicle.schedule.next_due.due_on.strftime("%Y-%m"))
    window_opens = vehicle.schedule.window[0].strftime("%Y-%m-%d")
    assert journey.text("article.vehicle [data-field=window]").startswith(window_opens)
    assert card.locator(".badge").first.inner_text() == "可以申领检验标志"
    journey.look("vehicles")

    # My license: the validity, the renewal window and the scoring cycle.
    journey.open("/me/")
    page.get_by_role("link", name=re.compile("我的驾驶证")).first.click()
    page.wait_for_url("**/me/license/")
    validity = journey.text("article.license [data-field=valid_until]")
    assert license.valid_until.strftime("%Y-%m-%d") in validity
    cycle = journey.text("article.license [data-field=cycle]")
    assert cycle.startswith(
        f"{license.status.cycle.starts_on:%Y-%m-%d} — {license.status.cycle.ends_on:%Y-%m-%d}"
    )
    assert "已记 3 分" in cycle
    assert page.locator("article.license [data-field=renewal]").is_visible()
    journey.look("license")

    # The elderly-friendly mode: larger type on the same page, and back.
    body_font = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    standard_size = page.evaluate(body_font)
    page.locator("#care-toggle").click()
    page.wait_for_url("**/me/license/")
    assert "care" in (page.locator("body").get_attribute("class") or "")
    care_size = page.evaluate(body_font)
    assert care_size >= standard_size * 1.25, (standard_size, care_size)
    journey.look("license-care")
    journey.open("/me/vehicles/")
    journey.look("vehicles-care")
    page.locator("#care-toggle").click()
    assert page.evaluate(body_font) == standard_size

    # English: longer words, the same layout; and back to Chinese.
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/me/vehicles/")
    assert page.locator("html").get_attribute("lang") == "en"
    journey.look("vehicles-en")
    page.get_by_role("button", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    # Log out, and in again with the identity number and the password.
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(journey.base_url + "/")
    journey.open("/me/")
    assert journey.path().startswith("/login/")
    page.get_by_label("身份证号或手机号码").fill(person.id_number)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    journey.look("login")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/me/")
    assert page.locator("h1").inner_text() == "陈静"


def test_the_calculators_fit_the_screen(journey):
    journey.open(
        "/calculators/?kind=vehicle&v-vehicle_type=K33&v-use=taxi&v-seats=5"
        "&v-registered_on=2019-06-20"
    )
    assert journey.page.locator("#vehicle-result").is_visible()
    journey.look("calculators")
    journey.open("/calculators/?kind=license&l-first_issued_on=2030-01-01")
    assert journey.page.locator(".error-summary").is_visible()
    journey.look("calculators-errors")
