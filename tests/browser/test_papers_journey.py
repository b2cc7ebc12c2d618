"""张伟 renews his driving licence by post from his phone, in a real browser: from the
licence page's 去换证 he confirms his record (the hospital's certificate is there), chooses
delivery by post to his address book's address and submits; the fee is paid; an officer
reviews, produces and dispatches from the back office's review queue, which books the sandbox
courier; the courier's delivered push closes the case and 张伟 sees it done, with the
waybill. Nothing may stick out sideways."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core import clock
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.gateways.postal.base import TrackingStatus
from jiaoguan.papers.models import PaperApplication, Shipment
from jiaoguan.papers.postal import services as postal
from tests.browser.test_citizen_journey import Journey, page  # noqa: F401 (fixtures)
from tests.identity.factories import DEFAULT_PASSWORD
from tests.papers.factories import (
    make_office_postal_address,
    make_papers_officer,
    make_renewal_ready,
    mark_paid,
)
from tests.papers.postal_factories import courier_event, make_address

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def quiet_courier(settings):
    """The sandbox courier's own story stays quiet: the test sends the delivered push."""
    settings.JIAOGUAN_POSTAL_SANDBOX_AUTOPUSH = False


@pytest.fixture
def device():
    return "phone"


@pytest.fixture
def journey(page, live_server, device, screenshot_dir):  # noqa: F811
    return Journey(page, live_server.url, device, screenshot_dir)


def _session_cookie(journey, user, *, officer: bool) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if officer:
        totp = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        session["otp_device_id"] = totp.persistent_id
    session.create()
    journey.page.context.clear_cookies()
    journey.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": journey.base_url,
            }
        ]
    )


def test_zhang_wei_renews_his_licence_by_post_from_his_phone(journey):
    tab = journey.page
    citizen, license = make_renewal_ready()
    make_address(person=citizen.person, is_default=True)
    make_office_postal_address()

    journey.open("/login/")
    tab.get_by_label("身份证号或手机号码").fill(citizen.person.id_number)
    tab.get_by_label("密码", exact=True).fill(DEFAULT_PASSWORD)
    tab.get_by_role("button", name="登录", exact=True).click()
    tab.wait_for_url("**/me/")

    journey.open("/me/license/")
    tab.get_by_role("link", name="去换证").first.click()
    tab.wait_for_url("**/me/papers/license-renewal/")
    assert "医院已提交" in journey.text("#record")
    assert "10.00" in journey.text("#record")
    journey.look("papers-renewal")

    tab.get_by_label("领取方式").select_option("post")
    assert "北京东路 41 号" in journey.text("main")  # the address book's entry, offered
    tab.get_by_label("我已阅读业务须知", exact=False).check()
    tab.get_by_role("button", name="提交申请").click()
    tab.get_by_text("短信验证码已发送", exact=False).wait_for()
    sms = OutboxMessage.objects.filter(recipient=citizen.phone).order_by("-pk").first()
    tab.get_by_label("短信验证码").fill(re.search(r"(\d{6})", sms.body).group(1))
    tab.get_by_role("button", name="提交申请").click()
    tab.wait_for_url("**/me/papers/license-renewal/")
    assert "待审核" in journey.text("#my-applications")
    journey.look("papers-submitted")
    application = PaperApplication.objects.get(driving_license=license)
    mark_paid(application)

    _session_cookie(journey, make_papers_officer(), officer=True)
    journey.open("/backoffice/papers/")
    tab.get_by_role("link", name=citizen.person.name).click()
    tab.wait_for_url(f"**/backoffice/papers/{application.reference}/")
    assert "已缴纳" in journey.text("main")
    for button in ("审核通过", "制证完成", "已寄出"):
        tab.get_by_role("button", name=button).click()
        tab.wait_for_url(f"**/backoffice/papers/{application.reference}/")
    waybill = Shipment.objects.get(
        case_reference=application.reference, leg=Shipment.Leg.DOCUMENT
    ).waybill_number
    assert waybill in journey.text("main")
    postal.tracking_event_apply(
        actor=postal.system_actor("papers.tracking"),
        event=courier_event(waybill, TrackingStatus.DELIVERED, clock.now(), key="in"),
    )
    application.refresh_from_db()
    assert application.state == "delivered"

    _session_cookie(journey, citizen, officer=False)
    journey.open("/me/papers/license-renewal/")
    assert "已办结" in journey.text("#my-applications")
    journey.look("papers-delivered")
