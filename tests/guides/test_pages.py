"""The portal's guide pages: /guides/?q= (Chinese search), the four lists, a guide's page
(online businesses link to their action), points with their map, questions."""

import pytest

from jiaoguan.guides import services
from jiaoguan.guides.models import Guide, Question
from tests.guides.factories import make_guides_officer, make_point
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_guides_search_for_换证_finds_the_renewal_guide(client):
    page = client.get("/guides/", {"q": "换证"}).content.decode()
    results = page.split('id="guide-results"')[1].split("</section>")[0]
    assert "/guides/license-renewal/" in results
    assert "期满换证" in results


def test_guides_search_without_hits_and_a_too_long_query(client):
    assert "没有找到相关办事指南" in client.get("/guides/", {"q": "火星登陆"}).content.decode()
    response = client.get("/guides/", {"q": "换" * 60})
    assert response.status_code == 200
    assert "搜索词不能超过 50 个字" in response.content.decode()


def test_the_four_lists_are_shown(client):
    page = client.get("/guides/").content.decode()
    for label in ("网上跑零次", "最近跑一次", "最多跑一次", "跑多次"):
        assert label in page
    zero = page.split('id="list-zero_trips"')[1].split("</section>")[0]
    assert "/guides/exams/" in zero


def test_an_online_business_links_to_its_action(client):
    page = client.get("/guides/exams/").content.decode()
    assert 'href="/exams/"' in page
    assert "在线办理" in page
    offline = client.get("/guides/license-seizure/").content.decode()
    assert "本业务尚未在网上开通" in offline
    assert "第九十一条" in offline
    assert client.get("/guides/nope/").status_code == 404


def test_a_guide_page_shows_points_and_answered_questions(client):
    officer = make_guides_officer()
    make_point(actor=officer, name="玄武换证点")
    guide = Guide.objects.get(key="license-renewal")
    question = services.question_ask(user=make_citizen(), guide=guide, text="换证要带照片吗？")
    services.question_answer(actor=officer, question=question, answer="不用，现场采集。")
    page = client.get("/guides/license-renewal/").content.decode()
    assert "玄武换证点" in page
    assert "不用，现场采集。" in page


def test_points_list_filters_and_one_point_with_its_lists(client):
    officer = make_guides_officer()
    office = make_point(actor=officer, name="玄武分所", guide_keys=["license-renewal", "exams"])
    make_point(actor=officer, name="鼓楼医院", kind="hospital", guide_keys=["medical-certificate"])
    page = client.get("/guides/points/", {"kind": "hospital"}).content.decode()
    assert "鼓楼医院" in page
    assert "玄武分所" not in page
    page = client.get("/guides/points/", {"guide": "exams"}).content.decode()
    assert "玄武分所" in page
    assert "鼓楼医院" not in page
    detail = client.get(f"/guides/points/{office.pk}/").content.decode()
    assert "本网点的四张清单" in detail
    assert "/guides/license-renewal/" in detail.split('id="list-at_most_once"')[1]
    assert client.get("/guides/points/999999/").status_code == 404


def test_the_map_page_has_the_shipped_base_map_or_says_why_not(client):
    page = client.get("/guides/points/map/").content.decode()
    from django.contrib.staticfiles import finders

    if finders.find("vendor/leaflet/leaflet.js") is None:
        assert "地图暂不可用" in page
    elif finders.find("vendor/basemap/districts.geojson") is None:
        assert "未安装行政区划底图" in page
    else:
        assert "data-basemap=" in page
        assert "不加载外部地图瓦片" in page
        assert "tile" not in page.lower().replace("瓦片", "")


def test_a_signed_in_citizen_asks_a_question(client):
    response = client.post("/guides/questions/", {"text": "异地可以换证吗？"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    citizen = make_citizen()
    client.force_login(citizen)
    response = client.post(
        "/guides/questions/", {"guide": "license-renewal", "text": "异地可以换证吗？"}
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.guide.key == "license-renewal"
    assert question.asked_by == citizen
    response = client.post("/guides/questions/", {"text": "短"})
    assert response.status_code == 200
    assert Question.objects.count() == 1


def test_english_guide_page(client):
    page = client.get("/guides/license-renewal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "License renewal" in page


def test_the_site_search_adds_the_guides_the_segmenter_finds(client):
    # "驾驶证 吊销" is no catalogue keyword phrase, but both words are in the seizure guide
    page = client.get("/search/", {"q": "驾驶证 吊销"}).content.decode()
    assert "/guides/license-seizure/" in page
    page = client.get("/search/", {"q": "换证"}).content.decode()
    assert page.count("/guides/license-renewal/") == 1  # once, not twice


def test_a_closed_point_leaves_the_portal(client):
    officer = make_guides_officer()
    point = make_point(actor=officer, name="已撤并网点")
    services.point_save(actor=officer, point=point, active=False)
    assert client.get(f"/guides/points/{point.pk}/").status_code == 404
    assert "已撤并网点" not in client.get("/guides/points/").content.decode()
