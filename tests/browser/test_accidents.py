"""事故快处 with two phones (two browser contexts, 390 px): driver A reports through the
checklist, takes the guided photos and reads out the code; driver B joins with it and chooses
the scenario; both sign with the SMS code sent to their own phone, and A opens the agreement.
Then the dispute path: the parties ask the police, an officer of the place reads both
statements beside the photos and gives the determination (认定书), which the parties open.
Pages in the elderly mode and in English too; nothing sticks out sideways. The figure of the
journey: the time from opening the report to "you may move your car" (the photos taken)."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.gateways.models import OutboxMessage
from tests.accidents.factories import REQUIRED, make_driver, photo_bytes
from tests.browser.test_citizen_journey import VIEWPORTS
from tests.identity.factories import DEFAULT_PASSWORD, make_officer

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


def _report(page, base):
    page.get_by_role("link", name="我是甲方：报告事故").click()
    page.get_by_label("事故地点").fill("南京市玄武区北京东路与太平北路交叉口")
    page.locator("#accident-map").click()  # a tap on the map marks the place
    assert page.locator("#accident-map[data-marked]").count() == 1
    assert page.get_by_label("纬度").input_value()
    assert page.get_by_label("经度").input_value()
    page.get_by_label("纬度").fill("32.056100")  # then the exact point, typed
    page.get_by_label("经度").fill("118.796900")
    page.get_by_label("所在区县代码").fill("320102")
    _vehicle(page, "苏A12345")
    page.get_by_role("button", name="提交报告").click()
    page.wait_for_url("**/me/accidents/*/")


def _photos(page, folder):
    """The guided photos, one file input per kind (the phone's camera opens on a real
    phone: ``capture``)."""
    for kind in REQUIRED:
        path = folder / f"{kind}.jpg"
        path.write_bytes(photo_bytes())
        step = page.locator(f'[data-photo-kind="{kind}"]')
        step.locator("input[type=file]").set_input_files(str(path))
        step.get_by_role("button", name="上传照片").click()
        page.wait_for_load_state()
        assert step.locator("img").count() == 1


def _join(page, base, code, plate="苏B54321"):
    page.goto(base + "/me/accidents/")
    page.get_by_label("加入码").fill(code)
    _vehicle(page, plate)
    page.get_by_role("button", name="加入事故").click()
    page.wait_for_url("**/me/accidents/*/")


def _sms_code(phone: str) -> str:
    body = OutboxMessage.objects.filter(recipient=phone).order_by("-pk")[0].body
    return re.search(r"验证码为(\d{6})", body).group(1)


def _sign(page, driver):
    page.get_by_role("button", name="获取签字验证码").click()
    page.get_by_label("短信验证码").fill(_sms_code(driver.phone))
    page.get_by_role("button", name="签字确认").click()


@pytest.mark.django_db(transaction=True)
def test_two_drivers_settle_on_their_phones(browser, live_server, screenshot_dir, tmp_path):
    a, b = make_driver(), make_driver()
    (context_a, phone_a), (context_b, phone_b) = _phone(browser), _phone(browser)
    try:
        _log_in(phone_a, live_server.url, a)
        phone_a.goto(live_server.url + "/me/accidents/")
        _look(phone_a, screenshot_dir, "index")
        started = time.monotonic()
        _report(phone_a, live_server.url)
        assert "请按提示拍摄现场照片" in phone_a.content()
        assert phone_a.locator("[data-move-car]").count() == 0  # photos first
        _look(phone_a, screenshot_dir, "photos-guide")
        _photos(phone_a, tmp_path)
        assert phone_a.locator("[data-move-car]").is_visible()
        moved = time.monotonic() - started
        assert phone_a.locator("[data-flagged]").count() == 0  # taken there and then
        code = phone_a.locator("[data-join-code]").inner_text().strip()
        _look(phone_a, screenshot_dir, "reported")

        _log_in(phone_b, live_server.url, b)
        _join(phone_b, live_server.url, code)
        assert phone_b.locator("[data-photos] img").count() == 3  # B sees A's photos
        phone_b.get_by_label("事故情形").select_option("rear_end")
        phone_b.get_by_label("甲方").check()
        phone_b.get_by_role("button", name="确定").click()
        _sign(phone_b, b)
        assert "已签字" in phone_b.locator("[data-party=b]").inner_text()
        phone_b.locator("#care-toggle").click()
        _look(phone_b, screenshot_dir, "signed-care")

        phone_a.reload()
        assert "甲方 100%" in " ".join(phone_a.locator("dl.facts").first.inner_text().split())
        _sign(phone_a, a)
        assert phone_a.get_by_role("link", name="查看协议书（PDF）").is_visible()
        _look(phone_a, screenshot_dir, "agreed")
        pdf = phone_a.request.get(
            phone_a.get_by_role("link", name="查看协议书（PDF）")
            .get_attribute("href")
            .replace("/me/", live_server.url + "/me/", 1)
        )
        assert pdf.body().startswith(b"%PDF")
        assert phone_a.locator("[data-claims]").is_visible()  # both claims, followed here
        phone_a.get_by_role("button", name="English").click()  # and the elderly mode in English
        phone_a.goto(live_server.url + "/me/accidents/new/")
        assert "Is anyone hurt?" in phone_a.content()
        _look(phone_a, screenshot_dir, "checklist-en")
        phone_a.locator("#care-toggle").click()
        _look(phone_a, screenshot_dir, "checklist-care-en")
    finally:
        context_a.close()
        context_b.close()
    print(f"report opened to 'you may move your car' (photos taken): {moved:.1f} s of browser time")


def _officer_context(browser, base, officer):
    """The officer's browser, logged in with the second factor verified (the login form with
    a TOTP code is covered elsewhere)."""
    totp = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session["otp_device_id"] = totp.persistent_id
    session.create()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_a_dispute_goes_to_the_officer_who_determines_it(
    browser, live_server, screenshot_dir, tmp_path
):
    a, b = make_driver(), make_driver()
    officer = make_officer(permissions=("accidents.determine_accident", "applications.view_case"))
    (context_a, phone_a), (context_b, phone_b) = _phone(browser), _phone(browser)
    context_o, desk = _officer_context(browser, live_server.url, officer)
    try:
        _log_in(phone_a, live_server.url, a)
        phone_a.goto(live_server.url + "/me/accidents/")
        _report(phone_a, live_server.url)
        _photos(phone_a, tmp_path)
        code = phone_a.locator("[data-join-code]").inner_text().strip()
        _log_in(phone_b, live_server.url, b)
        _join(phone_b, live_server.url, code)
        phone_b.get_by_label("事故情形").select_option("rear_end")
        phone_b.get_by_label("乙方").check()
        phone_b.get_by_role("button", name="确定").click()
        phone_b.get_by_label("异议").fill("甲方突然变道，我来不及刹车")
        phone_b.get_by_role("button", name="申请交警在线定责").click()
        assert "待交警定责" in phone_b.content()
        _look(phone_b, screenshot_dir, "disputed")
        phone_a.reload()
        phone_a.get_by_label("我的陈述（交警定责时参考）").fill("我正常直行，乙方追尾")
        phone_a.get_by_role("button", name="提交陈述").click()
        phone_a.locator("#care-toggle").click()
        _look(phone_a, screenshot_dir, "stated-care")

        desk.goto(live_server.url + "/backoffice/accidents/")
        desk.locator("tr[data-accident] a").first.click()
        desk.wait_for_url("**/backoffice/accidents/*/")
        statement = desk.locator("[data-party=a]")
        assert "我正常直行，乙方追尾" in statement.inner_text()
        assert statement.locator("[data-photos] img").count() == 3  # beside the statement
        loaded = desk.evaluate(
            "() => [...document.querySelectorAll('[data-photos] img')]"
            ".every(i => i.naturalWidth > 0)"
        )
        assert loaded, "the officer's page shows the photos"
        desk.screenshot(path=screenshot_dir / "desk-accident-dispute.png", full_page=True)
        desk.get_by_label("事故情形").select_option("rear_end")
        desk.get_by_label("情形所指的一方").select_option("b")
        desk.get_by_label("认定的事故事实").fill("乙方未保持安全距离，追尾甲方")
        desk.get_by_role("button", name="作出事故认定").click()
        assert "已作出事故认定" in desk.content()

        phone_b.reload()
        link = phone_b.get_by_role("link", name="查看事故认定书（PDF）")
        assert link.is_visible()
        pdf = phone_b.request.get(live_server.url + link.get_attribute("href"))
        assert pdf.body().startswith(b"%PDF")
        _look(phone_b, screenshot_dir, "determined")
    finally:
        context_a.close()
        context_b.close()
        context_o.close()
