"""学法减分 in a real browser on a phone, standard and elderly mode: apply, the face check, 30
minutes of study on a simulated server clock (the page's own heartbeat function is called as
the clock moves, a hidden page stops the timer), the 20 questions, and a point removed."""

from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.education.models import StudyHeartbeat
from jiaoguan.education.question_bank import QUESTIONS
from tests.browser.test_citizen_journey import VIEWPORTS
from tests.education.helpers import T0, load_bank, make_driver
from tests.identity.factories import DEFAULT_PASSWORD

# PostgreSQL only: the study page's own heartbeats reach the live server while the test reads
# and writes; on SQLite's in-memory test database the server thread shares the test's one
# connection, and the two interleave savepoints ("no such savepoint").
pytestmark = [pytest.mark.browser, pytest.mark.postgres]

ANSWERS = {text: choices[answer] for text, choices, answer, _ in QUESTIONS}


class SimulatedClock:
    """The server's clock for the test: ``clock.now`` answers ``T0`` plus what was advanced."""

    def __init__(self):
        self.at = T0

    def __call__(self):
        return self.at

    def advance(self, seconds: float):
        self.at += timedelta(seconds=seconds)


HIDE = """() => {
  Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
  document.dispatchEvent(new Event("visibilitychange"));
}"""
SHOW = """() => {
  Object.defineProperty(document, "visibilityState", {value: "visible", configurable: true});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def _beat(page):
    try:
        return page.evaluate("() => window.__studyBeat(true)")
    except Exception:  # the page reloaded itself (study complete): the context went away
        return None


@pytest.mark.parametrize("care", [False, True], ids=["standard", "elderly"])
def test_points_reduction_from_application_to_a_point_removed(
    browser, live_server, monkeypatch, screenshot_dir, care
):
    simulated = SimulatedClock()
    monkeypatch.setattr(clock, "now", simulated)
    load_bank()
    citizen = make_driver(points=4)
    context = browser.new_context(locale="zh-CN", **VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    tag = "elderly" if care else "standard"

    def look(name):
        page.screenshot(path=screenshot_dir / f"education-{tag}-{name}.png", full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{name}: the page is {widths[0]}px wide on a phone"

    try:
        page.goto(live_server.url + "/login/")
        page.get_by_label("身份证号或手机号码").fill(citizen.person.id_number)
        page.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url("**/me/")
        if care:
            page.locator("#care-toggle").click()
            assert "care" in (page.locator("body").get_attribute("class") or "")
        page.goto(live_server.url + "/me/education/reduction/")
        assert page.locator("#cycle-points").inner_text() == "4"
        look("apply")
        page.locator("#apply").click()
        page.wait_for_url("**/me/education/reduction/*/")
        page.wait_for_load_state()
        assert "需要人脸核验" in page.locator("#study-state").inner_text()
        assert "现场学习" in page.locator("main").inner_text()
        look("face")
        page.locator("#face-demo").click()
        page.wait_for_load_state()
        assert "人脸核验通过" in page.locator(".notices").inner_text()

        # 10 minutes shown, then the page is hidden for 10 minutes: those do not count.
        for _ in range(40):
            simulated.advance(15)
            _beat(page)
        page.evaluate(HIDE)
        assert "计时暂停" in page.locator("#study-state").inner_text()
        simulated.advance(600)
        page.evaluate(SHOW)
        shown = _beat(page)
        assert 585 <= shown["counted_seconds"] <= 615, shown  # the hidden 10 minutes are not in
        look("study")
        for _ in range(200):
            simulated.advance(15)
            progress = _beat(page)
            page.wait_for_load_state()
            if page.locator("#test-start").count():
                break
            if progress and progress["face_check_due"]:
                page.reload()
                page.locator("#face-demo").click()
                page.wait_for_load_state()
        page.wait_for_selector("#test-start")
        assert StudyHeartbeat.objects.filter(visible=False).exists()
        look("studied")

        page.locator("#test-start").click()
        page.wait_for_url("**/me/education/tests/*/")
        page.wait_for_load_state()
        look("question")
        for _ in range(20):
            if "/result/" in page.url:
                break
            text = page.locator("#question").inner_text()
            page.locator(".choices").get_by_role("button", name=ANSWERS[text], exact=True).click()
            page.wait_for_load_state()
        assert page.locator("#result").inner_text() == "合格"
        assert "现为 3 分" in page.locator("#reduced").inner_text()
        look("result")
        assert sum(PointsRecord.objects.values_list("points", flat=True)) == 3
    finally:
        context.close()
