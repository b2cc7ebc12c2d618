"""Notices through the API, the portal and the back office."""

import hashlib
import hmac
import json
from datetime import date

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.identity.services import api_token_issue
from jiaoguan.notices.models import Notice, NoticeMessage, NoticePreference, ScanRun
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.identity.factories import make_citizen
from tests.notices.factories import scan_on
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


@pytest.fixture
def zhang():
    citizen = make_citizen()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    return citizen


@pytest.fixture
def li():
    citizen = make_citizen()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 4, 30))
    return citizen


def test_my_notices_lists_only_mine_with_reason_action_and_link(client, zhang, li):
    scan_on(date(2026, 3, 1))
    body = client.get("/api/v1/me/notices", **auth(zhang)).json()
    assert body["unread"] == 1
    [notice] = body["notices"]
    assert notice["kind"] == "inspection_due"
    assert "2026年3月31日" in notice["reason"]
    assert notice["action"]
    assert notice["link"] == "/guides/inspection-mark/"
    assert li.person.notices.get().pk != notice["id"]


def test_my_notices_in_english_with_accept_language(client, zhang):
    scan_on(date(2026, 3, 1))
    body = client.get("/api/v1/me/notices", HTTP_ACCEPT_LANGUAGE="en", **auth(zhang)).json()
    assert body["notices"][0]["title"] == "Vehicle inspection reminder"


def test_marking_read_works_for_mine_and_is_not_found_for_theirs(client, zhang, li):
    scan_on(date(2026, 3, 1))
    mine = zhang.person.notices.get()
    theirs = li.person.notices.get()
    assert client.post(f"/api/v1/me/notices/{mine.pk}/read", **auth(zhang)).status_code == 204
    refused = client.post(f"/api/v1/me/notices/{theirs.pk}/read", **auth(zhang))
    assert refused.status_code == 404
    assert refused.json()["code"] == "notices.notice.not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get("/api/v1/me/notices", **auth(zhang)).json()["unread"] == 0


def test_preferences_default_to_sms_and_push_in_chinese_and_can_be_changed(client, zhang):
    assert client.get("/api/v1/me/notices/preferences", **auth(zhang)).json() == {
        "sms_enabled": True,
        "push_enabled": True,
        "language": "zh-hans",
    }
    changed = client.put(
        "/api/v1/me/notices/preferences",
        json.dumps({"sms_enabled": False, "push_enabled": True, "language": "en"}),
        content_type="application/json",
        **auth(zhang),
    )
    assert changed.status_code == 200
    preference = NoticePreference.objects.get(person=zhang.person)
    assert (preference.sms_enabled, preference.language) == (False, "en")
    assert AuditEvent.objects.filter(action="notices.preference.update").exists()


def test_an_unknown_language_is_refused_with_a_field_error(client, zhang):
    refused = client.put(
        "/api/v1/me/notices/preferences",
        json.dumps({"sms_enabled": True, "push_enabled": True, "language": "fr"}),
        content_type="application/json",
        **auth(zhang),
    )
    assert refused.status_code == 422  # the document lists the languages (an enum)
    assert refused.json()["code"] == "request.invalid"
    assert "language" in refused.json()["fields"]


def test_notices_need_a_logged_in_citizen(client):
    assert client.get("/api/v1/me/notices").status_code == 401


def signed_receipt(client, body: dict, secret="embedded-receipts"):
    data = json.dumps(body).encode()
    signature = hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()
    return client.post(
        "/api/v1/notices/receipts",
        data,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature,
    )


def test_a_signed_receipt_marks_the_message_delivered_once(client, zhang):
    scan_on(date(2026, 3, 1))
    message = NoticeMessage.objects.get(channel="sms")
    NoticeMessage.objects.filter(pk=message.pk).update(status="sent", provider_reference="p-1")
    first = signed_receipt(client, {"message_id": "p-1", "status": "delivered"})
    again = signed_receipt(client, {"message_id": "p-1", "status": "delivered"})
    assert first.json() == {"matched": True}
    assert again.status_code == 200
    message.refresh_from_db()
    assert message.status == "delivered"


def test_an_unsigned_receipt_is_refused(client):
    refused = signed_receipt(client, {"message_id": "p-1", "status": "delivered"}, secret="wrong")
    assert refused.status_code == 403
    assert refused.json()["code"] == "notices.receipt.signature_invalid"


def portal_login(client, citizen):
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")


def test_the_portal_inbox_shows_my_notice_and_marks_it_read(client, zhang):
    scan_on(date(2026, 3, 1))
    portal_login(client, zhang)
    page = client.get("/me/notices/")
    assert "机动车检验提醒" in page.content.decode()
    notice = zhang.person.notices.get()
    assert client.post("/me/notices/", {"notice": notice.pk}).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_the_portal_preferences_page_saves_choices(client, zhang):
    portal_login(client, zhang)
    assert client.get("/me/notices/preferences/").status_code == 200
    saved = client.post("/me/notices/preferences/", {"sms_enabled": "on", "language": "en"})
    assert saved.status_code == 200
    preference = NoticePreference.objects.get(person=zhang.person)
    assert (preference.sms_enabled, preference.push_enabled, preference.language) == (
        True,
        False,
        "en",
    )


def test_the_portal_inbox_needs_a_login(client):
    assert client.get("/me/notices/").status_code == 302


def test_officers_see_scan_history_and_delivery_statistics_and_can_run_a_scan(client, zhang):
    officer, device = officer_with_device(permissions=("notices.view_scanrun", "notices.run_scan"))
    log_in(client, officer, device)
    scan_on(date(2026, 3, 1))
    page = client.get("/backoffice/notices/").content.decode()
    assert "2026-03-01" in page
    assert "待发送" in page  # the status in words, not the raw key
    assert "queued" not in page
    ran = client.post("/backoffice/notices/")
    assert ran.status_code == 302
    assert ScanRun.objects.filter(started_by=officer.username).exists()
    assert AuditEvent.objects.filter(action="notices.scan.run", actor=officer).exists()


def test_citizens_cannot_open_the_officers_notices_page(client, zhang):
    portal_login(client, zhang)
    assert client.get("/backoffice/notices/").status_code in (302, 403)
    assert not Notice.objects.exists()


def test_receipts_are_refused_while_no_secret_is_configured(client, settings):
    settings.JIAOGUAN_NOTICES_RECEIPT_SECRET = ""
    refused = signed_receipt(client, {"message_id": "p-1", "status": "delivered"}, secret="")
    assert refused.status_code == 403


def test_officers_read_why_queued_messages_wait_and_until_when(client, zhang, settings):
    from freezegun import freeze_time

    settings.DEMO_OUTBOX_VISIBLE = True
    from jiaoguan.notices.models import NoticeMessage

    officer, device = officer_with_device(permissions=("notices.view_scanrun",))
    log_in(client, officer, device)
    scan_on(date(2026, 3, 1))
    with freeze_time("2026-03-01 22:30:00+08:00"):
        NoticeMessage.objects.update(
            status=NoticeMessage.Status.QUEUED, not_before="2026-03-02T00:00:00+00:00"
        )
        page = client.get("/backoffice/notices/").content.decode()
        outbox = client.get("/outbox/").content.decode()
    assert "夜间免打扰（21:00–08:00）暂缓，将于 2026-03-02 08:00 前发出" in page
    assert "待发出的告知短信和推送" in outbox
    assert "2026-03-02 08:00" in outbox
