"""A driver handles a camera-recorded violation in a real browser, on a desktop and on a
phone: the list with its evidence, the confirmation, the served decision and its PDF, and
the fine paid on the sandbox acquirer's page."""

import re

import pytest

from jiaoguan.violations.models import PenaltyDecision
from tests.browser.test_citizen_journey import (  # noqa: F401 (fixtures)
    Journey,
    device,
    page,
)
from tests.drivers.factories import make_license
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record, shipped_reference_data

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(page, live_server, device, screenshot_dir, settings):  # noqa: F811
    settings.JIAOGUAN_PAYMENTS_SANDBOX_TRANSPORT = "inprocess"
    return Journey(page, live_server.url, device, screenshot_dir)


def test_a_driver_handles_a_violation_and_pays_the_fine(journey):
    tab = journey.page
    shipped_reference_data()  # a live-server test starts from flushed tables
    person = make_person()
    make_license(person=person)
    citizen = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=person))

    journey.open("/login/")
    tab.get_by_label("身份证号或手机号码").fill(person.id_number)
    tab.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="登录", exact=True).click()
    tab.wait_for_url("**/me/")
    tab.get_by_role("link", name="违法", exact=True).click()
    tab.wait_for_url("**/me/violations/")
    listing = journey.text("main")
    assert record.plate_number in listing
    assert "200.00 元" in listing
    journey.look("violations-list")

    tab.get_by_role("link", name="查看并处理").click()
    tab.wait_for_url(f"**/me/violations/{record.pk}/")
    evidence = tab.locator("main .evidence img").first
    evidence.scroll_into_view_if_needed()  # it loads lazily, once in view
    loaded_width = evidence.evaluate(
        """image => image.complete ? image.naturalWidth : new Promise(done => {
            image.addEventListener("load", () => done(image.naturalWidth));
            image.addEventListener("error", () => done(0));
        })"""
    )
    assert loaded_width > 0  # the image really loads
    journey.look("violations-detail")
    tab.get_by_label(re.compile("本人是该违法行为的实际驾驶人")).check()
    tab.get_by_role("button", name="确认处理").click()
    tab.wait_for_url(re.compile(r".*/me/decisions/\d+/$"))
    decision = PenaltyDecision.objects.get(record=record)
    assert decision.person == citizen.person
    assert "应缴合计 200.00 元" in journey.text("main")
    journey.look("violations-decision")

    tab.get_by_role("button", name="网上缴纳罚款").click()
    tab.wait_for_url(re.compile(r".*sandbox.*"))
    journey.look("violations-sandbox-pay")
    tab.get_by_role("button", name="确认付款").click()
    tab.wait_for_url(f"**/me/decisions/{decision.number}/")
    decision.refresh_from_db()
    assert decision.paid_fen == 20000
    assert "罚款已缴纳" in journey.text("main")
