"""A citizen reads a notice in the inbox, follows its link and changes the reminder settings,
in a real browser on a desktop and on a phone (also in the elderly mode)."""

import pytest
from django.test import Client

from jiaoguan.core import clock
from jiaoguan.core.dates import month_end
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services
from jiaoguan.notices.models import NoticePreference
from tests.browser.test_citizen_journey import VIEWPORTS, device  # noqa: F401
from tests.identity.factories import make_citizen
from tests.notices.factories import ensure_reference_data
from tests.vehicles.factories import make_vehicle

SYSTEM = system_actor("test")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def notified_citizen():
    ensure_reference_data()
    citizen = make_citizen()
    make_vehicle(
        owner=citizen.person,
        plate_number="苏A7N3Q1",
        inspection_valid_until=month_end(clock.today()),
    )
    services.scans_run(actor=SYSTEM)
    return citizen


@pytest.fixture
def page(browser, device, live_server, notified_citizen):  # noqa: F811
    client = Client()
    client.force_login(notified_citizen, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[device])
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_screen(page) -> bool:
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return width <= inner


def test_a_citizen_reads_a_notice_follows_it_and_changes_the_settings(
    page,
    live_server,
    notified_citizen,
    screenshot_dir,
    device,  # noqa: F811 (the journey module's fixture)
):
    page.goto(live_server.url + "/me/")
    page.get_by_role("link", name="我的告知").first.click()
    notice = page.locator("section.notice").first
    assert "苏A7N3Q1" in notice.inner_text()
    assert "unread" in notice.get_attribute("class")
    assert fits_the_screen(page)
    page.screenshot(path=screenshot_dir / f"{device}-notices.png", full_page=True)

    page.get_by_role("button", name="标为已读").click()
    assert "unread" not in page.locator("section.notice").first.get_attribute("class")

    page.locator("#care-toggle").click()
    assert page.locator("html.care").count() == 1
    assert fits_the_screen(page)

    page.get_by_role("link", name="提醒设置").click()
    page.get_by_label("短信提醒").uncheck()
    page.get_by_label("提醒语言").select_option("en")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_role("status").inner_text() == "已保存。"
    preference = NoticePreference.objects.get(person=notified_citizen.person)
    assert (preference.sms_enabled, preference.language) == (False, "en")

    page.goto(live_server.url + "/me/notices/")
    page.get_by_role("link", name="去办理").first.click()
    assert page.url.endswith("/guides/inspection-mark/")  # the guide, until the job exists
