"""An officer cancels a school-bus driving qualification on a 390 px phone, in the standard
and the elderly mode: the form, the message and the list of cancellations fit the screen."""

from datetime import date

import pytest

from jiaoguan.drivers.models import SchoolBusQualification
from tests.backoffice.test_lookup import officer_with_device
from tests.crawl import _session_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
WIDTH = "() => [document.documentElement.scrollWidth, window.screen.width]"


def _verified_session(officer, device) -> str:
    """A session of ``officer`` verified with ``device``, as the TOTP log-in leaves it."""
    from django.test import Client
    from django_otp import login as otp_login

    client = Client()
    client.force_login(officer)
    request = _session_request(client)
    request.user = officer
    otp_login(request, device)
    request.session.save()
    return request.session.session_key


@pytest.mark.parametrize("mode", ["standard", "elderly"])
def test_an_officer_cancels_a_school_bus_qualification_on_a_phone(
    browser, live_server, settings, screenshot_dir, mode
):
    from tests.drivers.factories import make_license
    from tests.identity.factories import make_person

    license_ = make_license(person=make_person(name="赵校车"), classes=("A1",))
    SchoolBusQualification.objects.create(license=license_, granted_on=date(2021, 3, 1))
    officer, device = officer_with_device(
        username=f"jc08{len(mode)}",
        permissions=(
            "drivers.view_schoolbusqualification",
            "drivers.change_schoolbusqualification",
        ),
    )
    cookies = {settings.SESSION_COOKIE_NAME: _verified_session(officer, device)}
    if mode == "elderly":
        cookies["care_mode"] = "1"
    context = browser.new_context(locale="zh-CN", **PHONE)
    context.add_cookies(
        [{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/backoffice/disclosure/school-bus/")
        form = page.locator("#school-bus-cancel")
        form.get_by_label("驾驶证号（公民身份号码）").fill(license_.person.id_number)
        form.get_by_label("注销原因").select_option("over_age")
        form.get_by_role("button", name="注销").click()
        page.wait_for_url("**/backoffice/disclosure/school-bus/")
        assert "校车驾驶资格已注销" in page.locator("main").inner_text()
        rows = page.locator("#school-bus-cancellations tbody tr").all_inner_texts()
        assert any("赵校车" in row and "未收回" in row for row in rows), rows
        assert license_.person.id_number not in page.content()  # masked in the list
        width, screen = page.evaluate(WIDTH)
        page.screenshot(
            path=screenshot_dir / f"phone-backoffice-school-bus-{mode}.png", full_page=True
        )
        assert width <= screen, f"{width}px wide on a {screen}px phone"
    finally:
        context.close()
    qualification = SchoolBusQualification.objects.get(license=license_)
    assert qualification.cancel_reason == "over_age"
