"""Officers' guide pages: publish an edit (a new version, listed), create and edit a point,
place a business on an office's list, answer a question; the demo's points."""

import pytest
from django.urls import reverse

from jiaoguan.audit.models import AuditEvent
from jiaoguan.demo.guides import ensure_demo_guides
from jiaoguan.guides import services
from jiaoguan.guides.models import Guide, OfficeList, Question, ServicePoint
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.guides.factories import PERMISSIONS, make_point
from tests.identity.factories import make_citizen, make_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    office = make_office(code="320100000000", region="320100")
    officer, device = officer_with_device(permissions=PERMISSIONS, office=office)
    log_in(client, officer, device)
    client.officer = officer
    return client


def _guide_post(guide: Guide, **changes) -> dict:
    data = {name: getattr(guide, name) for name in services.EDITABLE if name != "english"}
    data = {name: value for name, value in data.items() if value not in (False, None)}
    data.update({f"en_{name}": text for name, text in guide.english.items()})
    data.update(changes)
    return data


def test_an_officer_publishes_a_new_version(officer_client):
    page = officer_client.get(reverse("backoffice:guides")).content.decode()
    assert "期满换证" in page
    guide = Guide.objects.get(key="license-renewal")
    url = reverse("backoffice:guides_guide", kwargs={"key": guide.key})
    response = officer_client.post(
        url, _guide_post(guide, fee="工本费 10 元（65 岁以上免）", note="老人免费")
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.version == 2
    assert guide.fee == "工本费 10 元（65 岁以上免）"
    page = officer_client.get(url).content.decode()
    assert "老人免费" in page
    assert AuditEvent.objects.get(action="guides.guide.published").actor_id == (
        officer_client.officer.pk
    )
    response = officer_client.post(url, _guide_post(guide, materials=""))
    assert response.status_code == 200
    assert Guide.objects.get(key="license-renewal").version == 2


def test_an_officer_edits_the_english_texts_as_a_new_version_audited(officer_client, client):
    guide = Guide.objects.get(key="license-renewal")
    english_before = dict(guide.english)
    url = reverse("backoffice:guides_guide", kwargs={"key": guide.key})
    page = officer_client.get(url).content.decode()
    assert "英文：事项名称" in page
    assert english_before["title"] in page
    response = officer_client.post(
        url,
        _guide_post(
            guide,
            en_title="Renew a driving licence when it expires",
            en_summary="  ",
            note="英文标题",
        ),
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.version == 2
    assert guide.english["title"] == "Renew a driving licence when it expires"
    assert "summary" not in guide.english  # left empty: the page shows the Chinese
    assert guide.english["materials"] == english_before["materials"]
    version = guide.versions.get(version=2)
    assert version.content["english"]["title"] == "Renew a driving licence when it expires"
    assert version.published_by == officer_client.officer
    event = AuditEvent.objects.filter(action="guides.guide.published").latest("pk")
    assert event.actor_id == officer_client.officer.pk
    assert "english" in str(event.data)
    english_page = client.get("/guides/license-renewal/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Renew a driving licence when it expires" in english_page.content.decode()
    chinese_page = client.get("/guides/license-renewal/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert guide.title in chinese_page.content.decode()
    # The form in English labels the English texts too.
    english_form = officer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "English: Item name" in english_form


def test_the_service_refuses_english_for_a_field_that_has_none(officer_client):
    from jiaoguan.core.errors import ApplicationError

    guide = Guide.objects.get(key="license-renewal")
    with pytest.raises(ApplicationError) as caught:
        services.guide_publish(
            actor=officer_client.officer, guide=guide, english={"legal_basis": "x"}
        )
    assert caught.value.code == "guides.choice"


def test_an_officer_creates_a_point_and_places_a_business_on_a_list(officer_client):
    response = officer_client.post(
        reverse("backoffice:guides_point_new"),
        {
            "kind": "office",
            "name": "秦淮分所",
            "address": "南京市秦淮区中华路1号",
            "region_code": "320104",
            "longitude": "118.78",
            "latitude": "32.02",
            "hours": "工作日",
            "guide_keys": ["license-renewal", "scrap"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    point = ServicePoint.objects.get(name="秦淮分所")
    assert point.guides.count() == 2
    page = officer_client.get(response["Location"]).content.decode()
    assert "本网点的四张清单" in page
    response = officer_client.post(
        reverse("backoffice:guides_point_list", kwargs={"point_id": point.pk}),
        {"guide": "scrap", "trip_category": "zero_trips"},
    )
    assert response.status_code == 302
    assert OfficeList.objects.get(office=point).trip_category == "zero_trips"
    bad = officer_client.post(
        reverse("backoffice:guides_point_new"),
        {"kind": "office", "name": "x", "address": "x", "region_code": "320104",
         "longitude": "10", "latitude": "32", "hours": "x"},
    )  # fmt: skip
    assert bad.status_code == 200
    assert "经度应在" in bad.content.decode()


def test_an_officer_answers_a_question(officer_client):
    question = services.question_ask(user=make_citizen(), text="满分学习可以网上学吗？")
    page = officer_client.get(reverse("backoffice:guides_questions")).content.decode()
    assert "满分学习可以网上学吗" in page
    response = officer_client.post(
        reverse("backoffice:guides_question", kwargs={"question_id": question.pk}),
        {"answer": "部分可以网上学习。", "publish": "on"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.published
    assert question.answer == "部分可以网上学习。"


def test_the_demo_points_are_in_the_demo_capital_and_idempotent():
    lines = ensure_demo_guides(region_code="320100")
    assert "服务网点" in lines[0]
    count = ServicePoint.objects.count()
    assert count >= 8
    assert set(ServicePoint.objects.values_list("region_code", flat=True)) <= {
        "320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115",
    }  # fmt: skip
    kinds = set(ServicePoint.objects.values_list("kind", flat=True))
    assert {"office", "station", "post_office", "hospital", "inspection", "dealer"} <= kinds
    ensure_demo_guides(region_code="320100")
    assert ServicePoint.objects.count() == count
    assert Question.objects.filter(published=True).count() == 1
    make_point()  # a point of another officer still saves
