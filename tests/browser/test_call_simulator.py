"""The demo's telephone: a caller dials 12123 in the browser, enters the PIN on the keypad,
hears the menu and an answer, and is transferred; the SMS form answers in the outbox."""

import pytest
from django.test import override_settings

from jiaoguan.core import clock
from jiaoguan.gateways.models import OutboxMessage
from tests.hotline.factories import PIN, make_texter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@override_settings(DEMO_OUTBOX_VISIBLE=True)
def test_a_caller_dials_enters_the_pin_and_hears_the_answer(page, live_server, screenshot_dir):
    from datetime import timedelta

    make_texter(phone="13900000001", points=[(clock.today() - timedelta(days=1), 2)])
    page.goto(f"{live_server.url}/voice/simulator/")
    page.click("#dial")
    page.wait_for_selector("text=请输入您的查询密码")
    for key in PIN + "#":
        page.click(f"#keypad button[data-key='{key}']")
    page.wait_for_selector("text=记分，请按一")
    page.click("#keypad button[data-key='1']")
    page.wait_for_selector("text=已记2分")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "call-simulator-375.png"), full_page=True)
    page.click("#keypad button[data-key='0']")
    page.wait_for_selector("text=已转人工服务")

    page.fill("#text", f"JF {PIN}")
    page.click("#sms button[type=submit]")
    page.wait_for_url("**/outbox/")
    assert "已记2分" in OutboxMessage.objects.filter(recipient="13900000001").first().body
