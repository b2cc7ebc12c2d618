"""满分学习 in a real browser on a phone, standard and elderly mode: the demo driver at 12
points logs in, finds the full-score course with the days owed, passes the start face check
with the demo photo, and no page is wider than the phone. (The study days, the exam and the
clearing are covered by tests/education; with live heartbeats they would need PostgreSQL.)"""

import pytest

from jiaoguan.demo.accounts import DEMO_PASSWORD
from jiaoguan.demo.education import FULL_PHONE, ensure_demo_full_score
from jiaoguan.education.models import FaceCheck
from tests.browser.test_citizen_journey import VIEWPORTS

# PostgreSQL only: the course page's own heartbeats reach the live server (see the
# points-reduction journey).
pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.mark.parametrize("care", [False, True], ids=["standard", "elderly"])
def test_the_full_score_driver_finds_the_days_owed_on_a_phone(
    browser, live_server, screenshot_dir, care
):
    ensure_demo_full_score(region_code="320102", number=1)
    context = browser.new_context(locale="zh-CN", **VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    tag = "elderly" if care else "standard"

    def look(name):
        page.screenshot(path=screenshot_dir / f"full-score-{tag}-{name}.png", full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{name}: the page is {widths[0]}px wide on a phone"

    try:
        page.goto(live_server.url + "/login/")
        page.get_by_label("身份证号或手机号码").fill(FULL_PHONE)
        page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url("**/me/")
        if care:
            page.locator("#care-toggle").click()
            assert "care" in (page.locator("body").get_attribute("class") or "")
        page.goto(live_server.url + "/me/education/courses/")
        look("courses")
        page.locator("main a[href*='/me/education/courses/']").first.click()
        page.wait_for_load_state()
        assert page.locator("#attended-days").inner_text().replace(" ", "") == "0/5"
        look("course")
        if page.locator("#face-demo").count():
            page.locator("#face-demo").click()
            page.wait_for_load_state()
            assert FaceCheck.objects.filter(matched=True).exists()
        look("face")
    finally:
        context.close()
