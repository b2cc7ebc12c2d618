"""事故快处 with two phones (two browser contexts, 390 px): driver A reports through the
checklist and reads out the code, driver B joins with it and chooses the scenario, both sign,
and A opens the agreement; B's page also in the elderly mode. Nothing sticks out sideways.
The figure of the journey: the time from opening the report to "you may move your car"."""

import time

import pytest

from tests.accidents.factories import make_driver
from tests.browser.test_citizen_journey import VIEWPORTS
from tests.identity.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def _phone(browser):
    context = browser.new_context(locale="zh-CN", **VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _look(page, shots, name):
    page.screenshot(path=shots / f"phone-accident-{name}.png", full_page=True)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name}: the page is {width[0]}px wide on a phone"


def _log_in(page, base, user):
    page.goto(base + "/login/")
    page.get_by_label("身份证号或手机号码").fill(user.person.id_number)
    page.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/me/**")


def _vehicle(page, plate):
    page.get_by_label("号牌号码").fill(plate)
    page.get_by_label("交强险承保公司").fill("中国平安财产保险股份有限公司")
    page.get_by_label("交强险保单号").fill("PA2026320100000009")
    page.get_by_label("碰撞部位").fill("前保险杠")


@pytest.mark.django_db(transaction=True)
def test_two_drivers_settle_on_their_phones(browser, live_server, screenshot_dir):
    a, b = make_driver(), make_driver()
    (context_a, phone_a), (context_b, phone_b) = _phone(browser), _phone(browser)
    try:
        _log_in(phone_a, live_server.url, a)
        phone_a.goto(live_server.url + "/me/accidents/")
        _look(phone_a, screenshot_dir, "index")
        started = time.monotonic()
        phone_a.get_by_role("link", name="我是甲方：报告事故").click()
        _look(phone_a, screenshot_dir, "checklist")
        phone_a.get_by_label("事故地点").fill("南京市玄武区北京东路与太平北路交叉口")
        phone_a.get_by_label("纬度").fill("32.056100")
        phone_a.get_by_label("经度").fill("118.796900")
        phone_a.get_by_label("所在区县代码").fill("320102")
        _vehicle(phone_a, "苏A12345")
        phone_a.get_by_role("button", name="提交报告").click()
        phone_a.wait_for_url("**/me/accidents/*/")
        moved = time.monotonic() - started
        assert "可以先将车辆移至安全地点" in phone_a.content()
        code = phone_a.locator("[data-join-code]").inner_text().strip()
        _look(phone_a, screenshot_dir, "reported")

        _log_in(phone_b, live_server.url, b)
        phone_b.goto(live_server.url + "/me/accidents/")
        phone_b.get_by_label("加入码").fill(code)
        _vehicle(phone_b, "苏B54321")
        phone_b.get_by_role("button", name="加入事故").click()
        phone_b.wait_for_url("**/me/accidents/*/")
        phone_b.get_by_label("事故情形").select_option("rear_end")
        phone_b.get_by_label("甲方").check()
        phone_b.get_by_role("button", name="确定").click()
        phone_b.get_by_role("button", name="签字确认").click()
        assert "已签字" in phone_b.locator("[data-party=b]").inner_text()
        phone_b.locator("#care-toggle").click()
        _look(phone_b, screenshot_dir, "signed-care")

        phone_a.reload()
        assert "甲方 100%" in " ".join(phone_a.locator("dl.facts").first.inner_text().split())
        phone_a.get_by_role("button", name="签字确认").click()
        assert phone_a.get_by_role("link", name="查看协议书（PDF）").is_visible()
        _look(phone_a, screenshot_dir, "agreed")
        pdf = phone_a.request.get(
            phone_a.get_by_role("link", name="查看协议书（PDF）")
            .get_attribute("href")
            .replace("/me/", live_server.url + "/me/", 1)
        )
        assert pdf.body().startswith(b"%PDF")
        phone_a.get_by_role("button", name="English").click()  # and the elderly mode in English
        phone_a.goto(live_server.url + "/me/accidents/new/")
        assert "Is anyone hurt?" in phone_a.content()
        _look(phone_a, screenshot_dir, "checklist-en")
        phone_a.locator("#care-toggle").click()
        _look(phone_a, screenshot_dir, "checklist-care-en")
    finally:
        context_a.close()
        context_b.close()
    print(f"report opened to 'you may move your car': {moved:.1f} s of browser time")
