"""网办进度 and the officer's work queue in a real browser, on a desktop and on a phone
(390 px): the citizen logs in, opens their applications from "my" page, reads the timeline
of a decided case and the deadline of a pending one; an officer claims a case from the
queue. Nothing may stick out sideways on the phone."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.applications import services
from jiaoguan.core import clock
from tests.applications.factories import REVIEWER, make_case, make_case_officer
from tests.browser.test_citizen_journey import (  # noqa: F401 (fixtures)
    Journey,
    device,
    page,
)
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen

pytestmark = pytest.mark.browser


PHONE_WIDTH = 390


@pytest.fixture
def journey(page, live_server, device, screenshot_dir):  # noqa: F811
    return Journey(page, live_server.url, device, screenshot_dir)


def look(journey, name: str, selector: str = "html") -> None:
    """``Journey.look``, and on the phone a stricter check: a mobile browser zooms out to
    show what overflows (its ``innerWidth`` grows with it), so ``selector``'s box and
    scroll width are held to the 390 px of the screen itself."""
    journey.look(name)
    if journey.device == "phone":
        right, scroll = journey.page.evaluate(
            "(selector) => { const e = document.querySelector(selector);"
            " return [e.getBoundingClientRect().right, e.scrollWidth]; }",
            selector,
        )
        assert max(right, scroll) <= PHONE_WIDTH, f"{name}: {selector} is {scroll}px wide"


def test_a_citizen_follows_their_applications_on_the_timeline(journey):
    tab = journey.page
    citizen = make_citizen()
    decided = make_case(kind="plates.keep_previous", citizen=citizen)
    services.case_transition(
        actor=make_case_officer(), case=decided, action="refuse", reason="原车有未处理的违法"
    )
    pending = make_case(citizen=citizen)

    journey.open("/login/")
    tab.get_by_label("身份证号或手机号码").fill(citizen.person.id_number)
    tab.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="登录", exact=True).click()
    tab.wait_for_url("**/me/")
    tab.get_by_role("link", name="网办进度").click()
    tab.wait_for_url("**/me/cases/")
    main = journey.text("main")
    assert "保留原号牌号码" in main
    assert "同一所有人两车互换号牌" in main
    assert pending.stage_due_on.isoformat() in main
    look(journey, "cases")

    tab.locator(f'[data-case="{pending.reference}"] h2 a').click()
    tab.wait_for_url(f"**/me/cases/{pending.reference}/")
    assert "待审核" in journey.text("#current")
    assert pending.stage_due_on.isoformat() in journey.text("#current")
    assert "撤回" in journey.text("#actions")
    look(journey, "case-pending")

    journey.open(f"/me/cases/{decided.reference}/")
    assert "不予办理" in journey.text("#timeline")
    look(journey, "case-decided")


def _officer_session(journey, officer) -> None:
    """Log the officer in with their second factor already verified (the login form with
    a TOTP code is covered elsewhere), by handing the browser a session cookie."""
    totp = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session["otp_device_id"] = totp.persistent_id
    session.create()
    journey.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": journey.base_url,
            }
        ]
    )


def test_an_officer_claims_the_nearest_deadline_from_the_queue(journey):
    tab = journey.page
    later = make_case()
    sooner = make_case(kind="plates.keep_previous")
    sooner.stage_due_on = clock.today() - timedelta(days=1)
    sooner.save(update_fields=["stage_due_on"])
    officer = make_case_officer(permissions=(REVIEWER, "applications.view_case"))
    _officer_session(journey, officer)

    journey.open("/backoffice/cases/")
    rows = tab.locator("tr[data-case]")
    assert rows.first.get_attribute("data-case") == str(sooner.reference)
    assert "已超期" in rows.first.inner_text()
    look(journey, "case-queue", "main")
    tab.locator(f'tr[data-case="{later.reference}"]').get_by_role("button", name="领取").click()
    tab.wait_for_url("**/backoffice/cases/")
    later.refresh_from_db()
    assert later.assigned_to_id == officer.pk

    journey.open(f"/backoffice/cases/{later.reference}/")
    assert "领取" in journey.text("#log")
    look(journey, "case-officer", "main")
