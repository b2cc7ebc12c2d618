"""GET /api/v1/guides?q=… (Chinese search), one guide with its §21.3 fields, the points as
GeoJSON and the answered questions."""

import pytest

from jiaoguan.guides import services
from jiaoguan.guides.models import Guide
from tests.guides.factories import make_guides_officer, make_point
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_search_for_换证_finds_the_renewal_guide(client):
    response = client.get("/api/v1/guides", {"q": "换证"})
    assert response.status_code == 200
    found = response.json()
    assert found[0]["key"] == "license-renewal"
    assert found[0]["title"] == "期满换证"
    assert found[0]["trip_category_name"] == "最多跑一次"


def test_a_repeated_search_is_answered_from_memory_until_a_guide_is_published(
    client, django_assert_num_queries
):
    first = client.get("/api/v1/guides", {"q": "换证"}).json()
    with django_assert_num_queries(0):
        assert client.get("/api/v1/guides", {"q": "换证"}).json() == first
    services.guide_publish(
        actor=make_guides_officer(),
        guide=Guide.objects.get(key="license-renewal").pk,
        title="驾驶证期满换证",
    )
    again = client.get("/api/v1/guides", {"q": "换证"}).json()
    assert again[0]["title"] == "驾驶证期满换证"


def test_without_a_query_every_guide_and_one_list(client):
    everything = client.get("/api/v1/guides").json()
    assert len(everything) == Guide.objects.count()
    online = client.get("/api/v1/guides", {"list": "zero_trips"}).json()
    assert online
    assert {item["trip_category"] for item in online} == {"zero_trips"}
    exams = next(item for item in online if item["key"] == "exams")
    assert exams["online_url"] == "/exams/"


def test_a_too_long_query_is_a_field_error(client):
    response = client.get("/api/v1/guides", {"q": "换" * 51})
    assert response.status_code == 422


def test_one_guide_has_its_fields_and_english(client):
    body = client.get("/api/v1/guides/license-renewal").json()
    assert body["materials"]
    assert body["steps"][0].startswith("1.")
    assert body["legal_basis"].startswith("《机动车驾驶证申领和使用规定》")
    assert body["min_trips"] == 1
    assert body["online_url"] is None
    english = client.get("/api/v1/guides/license-renewal", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "License renewal"
    assert client.get("/api/v1/guides/nope").status_code == 404


def test_points_are_geojson_and_answers_are_listed(client):
    officer = make_guides_officer()
    make_point(actor=officer, name="玄武分所")
    make_point(actor=officer, name="鼓楼医院", kind="hospital", guide_keys=["medical-certificate"])
    response = client.get("/api/v1/guides/points", {"kind": "hospital"})
    assert response["Content-Type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert [f["properties"]["name"] for f in features] == ["鼓楼医院"]
    assert features[0]["properties"]["services"] == ["提交身体条件证明"]
    guide = Guide.objects.get(key="license-renewal")
    question = services.question_ask(user=make_citizen(), guide=guide, text="可以异地换证吗？")
    assert client.get("/api/v1/guides/license-renewal/questions").json() == []
    services.question_answer(actor=officer, question=question, answer="可以。")
    answers = client.get("/api/v1/guides/license-renewal/questions").json()
    assert [a["answer"] for a in answers] == ["可以。"]


def test_materials_are_structured_when_the_guide_says_so(client):
    from jiaoguan.guides import services
    from tests.guides.factories import make_guides_officer

    services.guide_publish(
        actor=make_guides_officer(),
        guide=Guide.objects.get(key="scrap").pk,
        materials="身份证明|原件|1份|电子版\n机动车登记证书|原件",
    )
    materials = client.get("/api/v1/guides/scrap").json()["materials"]
    assert materials == [
        {"name": "身份证明", "form": "原件", "copies": 1, "electronic": True, "notes": ""},
        {"name": "机动车登记证书", "form": "原件", "copies": None, "electronic": None, "notes": ""},
    ]
    page = client.get("/guides/scrap/").content.decode()
    assert "可提交电子版" in page
