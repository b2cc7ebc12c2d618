"""What a new user met in the demo (issue 13), in a real browser on a phone and a desktop:
each defect's fix seen the way the user saw the defect, on the demo jurisdiction that
``make demo`` loads. The widths of every page in every mode are checked by
test_layout_crawl.py, the dead links by tests/portal/test_crawl.py."""

import re

import pytest

from jiaoguan.demo.accounts import KUNMING_OFFICER
from jiaoguan.notices.models import NoticeMessage
from jiaoguan.violations.models import Dispute, ViolationRecord
from jiaoguan.violations.services import dispute_decide
from tests.browser.test_citizen_journey import (
    VIEWPORTS,
)
from tests.crawl import IDENTITIES, demo_loaded, logged_in_client

pytestmark = pytest.mark.browser

ZHANG, LI, ZHAO, OFFICER = (
    next(identity for identity in IDENTITIES if identity.name == name)
    for name in ("张伟", "李秀英", "赵磊", "jc0001")
)


class Visitor:
    """One demo identity in its own browser context, on ``device``, in a display mode."""

    def __init__(self, browser, live_server, settings, screenshots, device, identity, **mode):
        self.base, self.device, self.screenshots = live_server.url, device, screenshots
        self.context = browser.new_context(locale="zh-CN", **VIEWPORTS[device])
        cookies = {"care_mode": "1"} if mode.get("care") else {}
        if mode.get("english"):
            cookies["django_language"] = "en"
        session = logged_in_client(identity).cookies.get(settings.SESSION_COOKIE_NAME)
        if session is not None:
            cookies[settings.SESSION_COOKIE_NAME] = session.value
        self.context.add_cookies(
            [{"name": k, "value": v, "url": self.base} for k, v in cookies.items()]
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def open(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).first.inner_text()

    def look(self, name: str) -> None:
        self.page.screenshot(
            path=self.screenshots / f"{self.device}-newuser-{name}.png", full_page=True
        )
        width = self.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[self.device]["viewport"]["width"], f"{name}: {width}px wide"


@pytest.fixture
def demo(settings):
    settings.DEMO_OUTBOX_VISIBLE = True
    demo_loaded()


@pytest.fixture
def visit(browser, live_server, settings, screenshot_dir, device, demo):
    opened = []

    def make(identity, **mode):
        visitor = Visitor(browser, live_server, settings, screenshot_dir, device, identity, **mode)
        opened.append(visitor)
        return visitor

    yield make
    for visitor in opened:
        visitor.context.close()


@pytest.fixture(params=list(VIEWPORTS))
def device(request):
    return request.param


@pytest.mark.django_db(transaction=True)
def test_an_objections_answer_reaches_the_citizen_and_no_second_is_offered(visit):
    zhang = visit(ZHANG)
    record = ViolationRecord.objects.get(place__startswith="昆明", status="entered")
    tab = zhang.open(f"/me/violations/{record.pk}/")
    tab.get_by_label("异议理由").fill("当时车辆停放在小区内，号牌疑被套用，请核查。")
    tab.get_by_role("button", name="提交异议").click()
    assert "异议审核中" in zhang.text()
    dispute = Dispute.objects.get(record=record)
    from jiaoguan.identity.models import User

    # The answer of the office where it happened (its back-office page is tested in
    # tests/backoffice): the demo's Kunming officer.
    dispute_decide(
        actor=User.objects.get(username=KUNMING_OFFICER[0]),
        dispute_id=dispute.pk,
        upheld=False,
        answer="经核查，图像清晰，号牌与车辆一致，异议不成立。",
    )
    tab.reload()
    answer = zhang.text("#dispute")
    assert "异议不成立" in answer
    assert "图像清晰，号牌与车辆一致" in answer
    assert "号牌疑被套用" in answer
    assert tab.get_by_role("button", name="提交异议").count() == 0
    assert tab.get_by_role("button", name="确认处理").count() == 1, zhang.text()
    zhang.look("dispute-answered")
    zhang.open("/me/notices/")
    notice = tab.locator('[data-kind="dispute_rejected"]')
    assert "异议不成立" in notice.inner_text()
    notice.get_by_role("link", name="去办理").click()
    tab.wait_for_url(f"**/me/violations/{record.pk}/")


@pytest.mark.django_db(transaction=True)
def test_the_choice_lists_offer_only_sessions_of_the_applicants_class(visit):
    zhang = visit(ZHANG)  # applies for class D; DEMO-2 has C1 and D sessions
    tab = zhang.open("/exams/windows/DEMO-2/")
    options = tab.get_by_label("第1志愿").locator("option").all_inner_texts()
    assert len(options) > 1
    assert all(option.endswith("· D") for option in options[1:]), options
    tab.get_by_label("第1志愿").select_option(index=1)
    tab.get_by_role("button", name="保存志愿").click()
    assert "志愿已保存" in zhang.text(".notices")
    zhang.look("exam-choices")


@pytest.mark.django_db(transaction=True)
def test_a_demo_citizen_sees_rank_seat_and_reason_and_the_officer_no_early_close(visit):
    zhao = visit(ZHAO)
    zhao.open("/exams/windows/DEMO-1/")
    standing = zhao.text("#standing")
    assert "第 1 名" in standing
    assert "已安排第 1 志愿" in standing
    assert "已安排第一志愿场次" in standing
    assert re.search(r"城[东西]考场|江北考场", standing)
    zhao.look("exam-result")

    officer = visit(OFFICER)
    tab = officer.open("/backoffice/exams/windows/DEMO-2/")
    assert tab.get_by_role("button", name="截止并分配考位").count() == 0
    assert "之后才能截止并分配考位" in officer.text("#close-later")
    tab = officer.open("/backoffice/exams/")
    assert tab.locator('a[href="/admin/exams/"]').count() == 0  # no dead 参考数据管理
    tab = officer.open("/backoffice/notices/")
    tab.get_by_role("button", name="立即运行今日扫描").click()
    flashes = tab.locator(".notices li")
    assert flashes.count() == 1  # once, not twice
    assert "success" in (flashes.first.get_attribute("class") or "")
    colour = flashes.first.evaluate("element => getComputedStyle(element).color")
    assert colour == "rgb(26, 127, 55)"  # --ok, not the info colour
    assert "queued" not in officer.text()
    officer.look("backoffice-notices")


@pytest.mark.django_db(transaction=True)
def test_go_do_it_leads_to_the_guide_or_the_job(visit):
    zhang = visit(ZHANG)
    tab = zhang.open("/me/notices/")
    links = tab.get_by_role("link", name="去办理")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs
    assert not hrefs & {"/me/vehicles/", "/me/license/"}, hrefs
    zhang.open("/me/license/")
    tab.get_by_role("link", name="去换证").click()  # the job itself (issue 14), not its guide
    tab.wait_for_url("**/me/papers/license-renewal/")
    assert "确认驾驶证信息" in zhang.text()
    zhang.look("license-renewal")
    zhang.open("/guides/license-renewal/")
    assert "有效期满前 90 日内" in zhang.text()
    zhang.look("guide-renewal")
    zhang.open("/me/vehicles/")
    tab.get_by_role("link", name="去申领检验标志").first.click()
    tab.wait_for_url("**/guides/inspection-mark/")
    zhang.open("/")
    todo = zhang.text("#todo")
    assert "驾驶证期满换证" in todo
    assert "可以申领检验标志" in todo
    zhang.look("home-todo")
    tab.get_by_label("搜索业务和办事指南").fill("年检")
    tab.get_by_role("button", name="搜索").click()
    assert "检验" in zhang.text("#search-results")


@pytest.mark.django_db(transaction=True)
def test_the_elderly_mode_keeps_the_tiles_status_line(visit):
    li = visit(LI, care=True)
    tab = li.open("/me/")
    tile = tab.locator(".tiles a", has_text="我的驾驶证")
    status = tile.locator("small")
    assert status.is_visible()
    assert "待提交身体条件证明" in status.inner_text()
    li.look("care-me")
    visit(LI, care=True, english=True).open("/me/")


@pytest.mark.django_db(transaction=True)
def test_the_outbox_says_when_the_held_sms_and_push_go_out(visit):
    from datetime import timedelta

    from jiaoguan.core import clock

    later = clock.now() + timedelta(hours=9)
    # The evening: the scan's SMS and push copies wait for the end of the quiet hours.
    assert NoticeMessage.objects.update(status=NoticeMessage.Status.QUEUED, not_before=later)
    anonymous = visit(IDENTITIES[0])
    anonymous.open("/outbox/")
    waiting = anonymous.text("#waiting")
    assert "夜间免打扰" in waiting
    assert clock.local(later).strftime("%Y-%m-%d %H:%M") in waiting
    anonymous.look("outbox-waiting")


@pytest.mark.django_db(transaction=True)
def test_an_officer_plans_an_exam_day_and_confirms_before_opening_a_batch(visit):
    from jiaoguan.exams.models import ExamSession
    from jiaoguan.plates.models import Batch

    officer = visit(OFFICER)
    tab = officer.open("/backoffice/exams/")
    tab.get_by_role("link", name="新建考试计划").click()
    tab.locator("select[name=venue]").select_option(index=0)
    tab.fill("input[name=exam_on]", "2027-06-30")
    tab.get_by_role("button", name="创建").click()
    tab.fill("input[name=starts_at]", "09:30")
    tab.fill("input[name=capacity]", "24")
    tab.get_by_role("button", name="添加", exact=True).click()
    assert "场次已添加" in officer.text()
    session = ExamSession.objects.get(starts_at="09:30", plan__exam_on="2027-06-30")
    assert (session.license_class, session.capacity) == ("C1", 24)
    officer.look("exam-plan")

    batches = Batch.objects.count()
    tab = officer.open("/backoffice/plates/segments/")
    tab.get_by_role("button", name="开放新批次").first.click()
    assert "此操作不能撤销" in officer.text()
    assert Batch.objects.count() == batches  # asked, not done
    officer.look("batch-confirm")
    tab.get_by_role("button", name="确认开放").click()
    assert Batch.objects.count() == batches + 1
