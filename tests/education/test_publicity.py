"""Safety publicity: officers publish warnings, articles and accident cases (each edit a
version, audited with the officer); everyone reads them without logging in, a warning only
between its dates (both included); a withdrawn item is no longer shown; the home page links
to them and the elderly mode applies."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.education import publicity
from jiaoguan.education.models import SafetyItemVersion
from tests.backoffice.test_education_pages import logged_in
from tests.education.courses import officer

pytestmark = pytest.mark.django_db
PUBLISH = "education.publish_safety"


def warning(actor, **changes):
    fields = {
        "kind": "warning",
        "title": "寒潮大风预警",
        "summary": "高速公路桥面易结冰",
        "body": "请减速慢行。\n保持车距。",
        "starts_on": date(2026, 12, 5),
        "ends_on": date(2026, 12, 7),
    }
    fields.update(changes)
    return publicity.safety_publish(actor=actor, **fields)


def test_each_edit_is_a_version_and_audited_and_an_unchanged_edit_publishes_nothing():
    editor = officer(PUBLISH)
    item = warning(editor)
    assert item.version == 1
    edited = publicity.safety_publish(
        actor=editor, item_id=item.pk, note="延长", ends_on=date(2026, 12, 8)
    )
    assert edited.version == 2
    same = publicity.safety_publish(actor=editor, item_id=item.pk, ends_on=date(2026, 12, 8))
    assert same.version == 2
    versions = SafetyItemVersion.objects.filter(item=item).order_by("version")
    assert [v.content["ends_on"] for v in versions] == ["2026-12-07", "2026-12-08"]
    assert versions[1].note == "延长"
    assert versions[1].published_by_id == editor.pk
    published = AuditEvent.objects.filter(action="education.safety.published").order_by("pk")
    assert published.count() == 2
    assert published.last().data["fields"] == ["ends_on"]
    assert published.last().actor_label == editor.username


def test_only_a_publisher_publishes_and_the_fields_are_checked():
    with pytest.raises(PermissionDenied):
        warning(officer("education.review_education"))
    with pytest.raises(ApplicationError):
        warning(officer(PUBLISH), title=" ")
    with pytest.raises(ApplicationError):
        warning(officer(PUBLISH), ends_on=date(2026, 12, 4))


@pytest.mark.parametrize(
    ("day", "shown"),
    [("2026-12-04", False), ("2026-12-05", True), ("2026-12-07", True), ("2026-12-08", False)],
)
def test_a_warning_is_shown_between_its_dates_only(client, day, shown):
    item = warning(officer(PUBLISH))
    with freeze_time(f"{day} 10:00:00+08:00"):
        page = client.get("/safety/")
        assert page.status_code == 200
        assert ("寒潮大风预警" in page.content.decode()) is shown
        assert client.get(f"/safety/{item.pk}/").status_code == (200 if shown else 404)


@freeze_time("2026-12-06 10:00:00+08:00")
def test_anyone_reads_an_article_and_a_withdrawn_one_is_gone(client):
    editor = officer(PUBLISH)
    article = publicity.safety_publish(
        actor=editor,
        kind="case",
        title="疲劳驾驶追尾事故",
        body="凌晨连续驾驶 5 小时。\n警示：每 2 小时休息。",
    )
    page = client.get(f"/safety/{article.pk}/").content.decode()
    assert "每 2 小时休息" in page
    assert "事故案例" in page
    assert "疲劳驾驶追尾事故" in client.get("/safety/?kind=case").content.decode()
    assert "疲劳驾驶追尾事故" not in client.get("/safety/?kind=warning").content.decode()
    with pytest.raises(ApplicationError):
        publicity.safety_withdraw(actor=editor, item_id=article.pk, reason="")
    publicity.safety_withdraw(actor=editor, item_id=article.pk, reason="内容过时")
    assert client.get(f"/safety/{article.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="education.safety.withdrawn").exists()


def test_home_links_to_it_and_the_elderly_mode_applies(client):
    home = client.get("/").content.decode()
    assert 'href="/safety/"' in home
    assert 'class="care"' not in client.get("/safety/").content.decode()
    client.post("/care-mode/", {"on": "1", "next": "/safety/"})
    page = client.get("/safety/").content.decode()
    assert 'class="care"' in page
    assert 'name="viewport" content="width=device-width' in page  # phone width


def test_the_officer_publishes_and_withdraws_in_the_back_office(client):
    logged_in(client, PUBLISH)
    assert client.get("/backoffice/safety/").status_code == 200
    posted = client.post(
        "/backoffice/safety/publish/",
        {"kind": "article", "title": "安全带的作用", "body": "系好安全带。"},
    )
    assert posted.status_code == 302
    item = publicity.safety_all()[0]
    assert item.title == "安全带的作用"
    edited = client.post(
        f"/backoffice/safety/{item.pk}/",
        {
            "kind": "article",
            "title": "安全带的作用",
            "body": "前后排都要系好安全带。",
            "note": "补充",
        },
    )
    assert edited.status_code == 302
    item.refresh_from_db()
    assert item.version == 2
    client.post(f"/backoffice/safety/{item.pk}/withdraw/", {"reason": "重复"})
    item.refresh_from_db()
    assert item.withdrawn_at is not None
