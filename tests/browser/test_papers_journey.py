"""张伟 renews his driving licence by post from his phone, in a real browser: from the
licence page's 去换证 he confirms his record (the hospital's certificate is there), chooses
delivery by post and submits; the fee is paid; an officer reviews, produces, dispatches and
records delivery from the back office's review queue; 张伟 sees it done. Dispatch is an
officer action until the postal gateway lands. Nothing may stick out sideways."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.papers.models import PaperApplication
from tests.browser.test_citizen_journey import Journey, page  # noqa: F401 (fixtures)
from tests.identity.factories import DEFAULT_PASSWORD
from tests.papers.factories import make_papers_officer, make_renewal_ready, mark_paid

pytestmark = pytest.mark.browser


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
    tab.get_by_label("寄递地址").fill("江苏省南京市玄武区中山路1号")
    tab.get_by_label("我已阅读业务须知", exact=False).check()
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
    for button in ("审核通过", "制证完成", "已寄出", "已签收"):
        tab.get_by_role("button", name=button).click()
        tab.wait_for_url(f"**/backoffice/papers/{application.reference}/")
    application.refresh_from_db()
    assert application.state == "delivered"

    _session_cookie(journey, citizen, officer=False)
    journey.open("/me/papers/license-renewal/")
    assert "已办结" in journey.text("#my-applications")
    journey.look("papers-delivered")
