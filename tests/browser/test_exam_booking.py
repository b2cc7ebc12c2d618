"""An applicant books a driving test in a real browser, on a desktop and on a phone: ranks
sessions, sees the position, switches on the elderly mode; after the close sees the rank,
the session and the reason."""

from datetime import timedelta

import pytest
from django.test import Client
from freezegun import freeze_time

from jiaoguan.exams import services
from jiaoguan.identity.actors import system_actor
from tests.browser.test_citizen_journey import (
    VIEWPORTS,
)
from tests.exams.factories import make_application, make_session, make_venue, make_window
from tests.identity.factories import make_citizen

SYSTEM = system_actor("test")

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.django_db(transaction=True)
def test_an_applicant_ranks_sessions_and_later_sees_the_result(
    browser, live_server, screenshot_dir, device
):
    application = make_application()
    user = make_citizen(person=application.person)
    north = make_session(venue=make_venue(name="北区考场"), capacity=1)
    south = make_session(venue=make_venue(name="南区考场"), capacity=1)
    window = make_window(sessions=[north, south])
    client = Client()
    client.force_login(user)
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

    def look(name):
        page.screenshot(path=screenshot_dir / f"{device}-exams-{name}.png", full_page=True)
        if device == "phone":
            width, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert width <= inner, f"{name}: {width}px wide on a phone"

    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="考试预约").first.click()
        page.get_by_role("link", name=f"{window.code} · 科目二").click()
        look("window")
        page.get_by_label("第1志愿").select_option(str(south.pk))
        page.get_by_label("第2志愿").select_option(str(north.pk))
        page.get_by_role("button", name="保存志愿").click()
        assert "志愿已保存" in page.locator(".notices").inner_text()
        assert "目前共 1 人提交志愿" in page.locator("#standing").inner_text()
        assert page.get_by_label("第1志愿").input_value() == str(south.pk)
        look("saved")
        page.locator("#care-toggle").click()
        assert "care" in (page.locator("body").get_attribute("class") or "")
        look("saved-care")
        page.locator("#care-toggle").click()

        with freeze_time(window.closes_at + timedelta(seconds=1)):
            services.window_close(actor=SYSTEM, window=window)
        page.reload()
        standing = page.locator("#standing").inner_text()
        assert "第 1 名（共 1 人）" in standing
        assert "南区考场" in standing
        assert "已安排第一志愿场次" in standing
        look("result")
    finally:
        context.close()
