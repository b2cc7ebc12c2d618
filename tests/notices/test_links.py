"""Every notice's 去办理 leads to the action or to the guide that says how to do it today, never
to a page that only shows dates (issue 13, defect 5)."""

import pytest

from jiaoguan.notices.models import NoticeTemplate

pytestmark = pytest.mark.django_db

DATES_ONLY = {"/me/license/", "/me/vehicles/"}


def test_no_stored_notice_template_links_to_a_page_of_dates_only():
    links = dict(NoticeTemplate.objects.values_list("kind__code", "link"))
    assert links, "the notice kinds are loaded by migrations"
    assert {code: link for code, link in links.items() if link in DATES_ONLY} == {}


@pytest.mark.parametrize(
    ("code", "guide"),
    [("license_seized", "license-seizure"), ("license_cancelled", "license-restoration")],
)
def test_the_seized_and_cancelled_notices_lead_to_their_guides(client, code, guide):
    link = NoticeTemplate.objects.filter(kind__code=code).values_list("link", flat=True)
    assert set(link) == {f"/guides/{guide}/"}
    page = client.get(f"/guides/{guide}/")
    assert page.status_code == 200
    assert "《机动车驾驶证申领和使用规定》" in page.content.decode()
