"""A fleet administrator on a 375 px phone: logs in with the authenticator code, reads the
fleet, downloads it as CSV and adds a staff member; nothing wider than the screen."""

from pathlib import Path

import pytest
from django_otp.oath import totp

from tests.identity.factories import DEFAULT_PASSWORD
from tests.organisations.factories import open_account
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
WIDTH = "() => [document.documentElement.scrollWidth, window.screen.width]"


@pytest.mark.django_db(transaction=True)
def test_a_fleet_administrator_on_a_phone(browser, live_server, screenshot_dir):
    account, admin, _actor = open_account()
    vehicle = make_vehicle(organization=account.organization, traits=["overdue"])
    for _ in range(3):
        make_entered_record(vehicle)
    device = admin.user.totpdevice_set.get()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    context = browser.new_context(locale="zh-CN", accept_downloads=True, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/org/login/")
        page.get_by_label("登录名").fill(admin.user.username)
        page.get_by_label("密码").fill(DEFAULT_PASSWORD)
        page.get_by_label("动态码").fill(code)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/org/")
        card = page.locator(f"#vehicle-{vehicle.pk}")
        assert vehicle.plate_number in card.inner_text()
        assert "逾期未检验" in card.inner_text()
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"fleet: {width}px wide on a {screen}px phone"
        page.screenshot(path=screenshot_dir / "phone-org-fleet.png", full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 CSV").click()
        content = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert vehicle.plate_number in content
        assert content.startswith("号牌号码")
        page.get_by_role("link", name="用户").click()
        page.get_by_label("姓名").fill("小王")
        page.get_by_label("登录名").fill("xiaowang")
        page.get_by_label("角色").select_option("viewer")
        page.get_by_label("初始密码").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="添加").click()
        result = page.locator(".result")
        assert "xiaowang" in result.inner_text()
        assert result.locator("svg").count() == 1  # the authenticator's QR code
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"staff: {width}px wide on a {screen}px phone"
        page.screenshot(path=screenshot_dir / "phone-org-staff.png", full_page=True)
    finally:
        context.close()
    assert account.staff.filter(user__username="xiaowang", role="viewer").exists()


@pytest.mark.django_db(transaction=True)
def test_a_fleet_administrator_adds_staff_reads_the_monthly_report_and_downloads_it(
    browser, live_server, screenshot_dir
):
    from datetime import timedelta

    from jiaoguan.core import clock

    account, admin, _actor = open_account()
    vehicle = make_vehicle(organization=account.organization)
    for _ in range(3):  # entered 40 days ago, still unhandled: in the monthly report
        make_entered_record(vehicle, entered_on=clock.today() - timedelta(days=40))
    quiet = make_vehicle(organization=account.organization)
    make_entered_record(quiet)  # one record of today: not in it
    other, _other_admin, _ = open_account()
    theirs = make_vehicle(organization=other.organization)
    for _ in range(3):
        make_entered_record(theirs, entered_on=clock.today() - timedelta(days=40))
    device = admin.user.totpdevice_set.get()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    context = browser.new_context(locale="zh-CN", accept_downloads=True, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/org/login/")
        page.get_by_label("登录名").fill(admin.user.username)
        page.get_by_label("密码").fill(DEFAULT_PASSWORD)
        page.get_by_label("动态码").fill(code)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/org/")
        page.get_by_role("link", name="用户").click()
        page.get_by_label("姓名").fill("小李")
        page.get_by_label("登录名").fill("xiaoli")
        page.get_by_label("角色").select_option("operator")
        page.get_by_label("初始密码").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="添加").click()
        assert "xiaoli" in page.locator(".result").inner_text()
        page.get_by_role("link", name="报告", exact=True).click()
        page.wait_for_url("**/org/reports/")
        page.get_by_role("link", name="逾期未处理违法3条以上的车辆").click()
        page.wait_for_url("**/org/reports/unhandled_violations/")
        text = page.locator("main").inner_text()
        assert vehicle.plate_number in text
        assert quiet.plate_number not in text
        assert theirs.plate_number not in text
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"report: {width}px wide on a {screen}px phone"
        page.screenshot(path=screenshot_dir / "phone-org-report.png", full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 CSV").click()
        content = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert content.startswith("号牌号码")
        assert vehicle.plate_number in content
        assert theirs.plate_number not in content
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 PDF").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()
    assert account.staff.filter(user__username="xiaoli", role="operator").exists()
