"""The reference guides, officers' versioned edits, points, lists and questions: permission,
audit, refusals; and the Chinese search on the stored tokens."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.guides import reference, selectors, services
from jiaoguan.guides.models import Guide, GuideVersion, OfficeList, Question
from tests.guides.factories import make_guides_officer, make_point
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_every_reference_business_has_a_guide_with_its_first_version():
    keys = {entry.key for entry in reference.ENTRIES}
    assert set(Guide.objects.values_list("key", flat=True)) >= keys
    assert {"license-seizure", "license-restoration", "license-renewal", "exams"} <= keys
    renewal = Guide.objects.get(key="license-renewal")
    assert renewal.version == 1
    assert renewal.versions.get().content["title"] == "期满换证"
    assert renewal.trip_category == "at_most_once"
    assert renewal.english["title"] == "License renewal"
    assert Guide.objects.get(key="exams").online_url_name == "portal:exams"
    assert Guide.objects.get(key="exams").trip_category == "zero_trips"
    assert Guide.objects.get(key="medical-certificate").trip_category == "nearest_once"
    assert Guide.objects.get(key="full-score-study").trip_category == "multiple_trips"


def test_reference_load_leaves_existing_guides_alone():
    officer = make_guides_officer()
    services.guide_publish(actor=officer, guide=Guide.objects.get(key="scrap").pk, fee="免费")
    assert services.reference_load() == 0
    assert Guide.objects.get(key="scrap").fee == "免费"


def test_a_published_edit_is_a_new_version_kept_whole_and_audited():
    officer = make_guides_officer()
    guide = Guide.objects.get(key="license-renewal")
    edited = services.guide_publish(
        actor=officer, guide=guide, hours="周一至周六 8:30-17:30", note="周六开放"
    )
    assert edited.version == 2
    assert edited.hours == "周一至周六 8:30-17:30"
    versions = list(GuideVersion.objects.filter(guide=guide).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].content["hours"] != versions[1].content["hours"]
    assert versions[1].published_by_id == officer.pk
    event = AuditEvent.objects.get(action="guides.guide.published")
    assert event.actor_id == officer.pk
    assert event.data["fields"] == ["hours"]
    assert event.data["version"] == 2
    # nothing changed: nothing published
    assert services.guide_publish(actor=officer, guide=guide, hours=edited.hours).version == 2


def test_an_edit_reindexes_the_search():
    officer = make_guides_officer()
    guide = Guide.objects.get(key="scrap")
    assert guide not in selectors.guides_search("拖车")
    services.guide_publish(actor=officer, guide=guide, notes="无法行驶的车辆可预约拖车上门。")
    assert [g.key for g in selectors.guides_search("拖车")] == ["scrap"]


def test_edits_need_the_permission_and_the_required_fields():
    guide = Guide.objects.get(key="scrap")
    with pytest.raises(PermissionDenied):
        services.guide_publish(actor=make_citizen(), guide=guide, fee="x")
    with pytest.raises(PermissionDenied):
        services.guide_publish(actor=None, guide=guide, fee="x")
    officer = make_guides_officer()
    for changes, code in (
        ({"materials": " "}, "guides.required"),
        ({"trip_category": "sometimes"}, "guides.choice"),
        ({"tokens": "x"}, "guides.choice"),
    ):
        with pytest.raises(ApplicationError) as refused:
            services.guide_publish(actor=officer, guide=guide, **changes)
        assert refused.value.code == code
    with pytest.raises(ApplicationError) as refused:
        services.guide_publish(actor=officer, guide=0, fee="x")
    assert refused.value.code == "guides.guide.not_found"
    assert Guide.objects.get(key="scrap").version == 1


def test_the_search_finds_the_renewal_guide_for_换证():
    found = [guide.key for guide in selectors.guides_search("换证")]
    assert found[0] == "license-renewal"
    assert [g.key for g in selectors.guides_search("驾驶证 吊销")] == ["license-seizure"]
    assert "license-restoration" in [g.key for g in selectors.guides_search("恢复驾驶资格")]
    assert "license-renewal" in [g.key for g in selectors.guides_search("renewal")]
    assert selectors.guides_search("") == []
    assert selectors.guides_search("，。") == []
    assert selectors.guides_search("火星登陆") == []
    with pytest.raises(ApplicationError) as refused:
        selectors.guides_search("换" * 51)
    assert refused.value.code == "guides.search.query"


def test_points_are_checked_placed_in_the_province_and_audited():
    officer = make_guides_officer()
    point = make_point(actor=officer, guide_keys=["license-renewal", "medical-certificate"])
    assert sorted(point.guides.values_list("key", flat=True)) == [
        "license-renewal",
        "medical-certificate",
    ]
    assert AuditEvent.objects.filter(action="guides.point.created").count() == 1
    point = services.point_save(actor=officer, point=point, hours="全天")
    assert point.hours == "全天"
    assert point.guides.count() == 2
    assert list(selectors.points(guide_key="medical-certificate")) == [point]
    assert list(selectors.points(region_code="320100")) == [point]
    assert list(selectors.points(region_code="330100")) == []
    collection = selectors.points_geojson(selectors.points())
    assert collection["features"][0]["geometry"]["coordinates"] == [118.7969, 32.0603]
    for fields, code in (
        ({"latitude": "95"}, "guides.point.position"),
        ({"latitude": "abc"}, "guides.point.position"),
        ({"region_code": "999999"}, "guides.point.region"),
        ({"kind": "castle"}, "guides.choice"),
        ({"name": ""}, "guides.required"),
        ({"guide_keys": ["nope"]}, "guides.choice"),
    ):
        with pytest.raises(ApplicationError) as refused:
            make_point(actor=officer, **fields)
        assert refused.value.code == code
    with pytest.raises(PermissionDenied):
        make_point(actor=officer, region_code="330102")  # another province


def test_an_office_places_a_business_on_another_list():
    officer = make_guides_officer()
    office = make_point(actor=officer, guide_keys=["license-renewal", "exams"])
    renewal = Guide.objects.get(key="license-renewal")
    lists = dict(selectors.office_lists(office))
    assert [g.key for g in lists["at_most_once"]] == ["license-renewal"]
    services.office_list_set(
        actor=officer, office=office, guide=renewal, trip_category="nearest_once"
    )
    lists = dict(selectors.office_lists(office))
    assert [g.key for g in lists["nearest_once"]] == ["license-renewal"]
    assert lists["at_most_once"] == []
    assert OfficeList.objects.count() == 1
    hospital = make_point(actor=officer, kind="hospital")
    with pytest.raises(ApplicationError) as refused:
        services.office_list_set(
            actor=officer, office=hospital, guide=renewal, trip_category="zero_trips"
        )
    assert refused.value.code == "guides.list.office"


def test_a_question_is_shown_once_answered_and_published():
    citizen = make_citizen()
    guide = Guide.objects.get(key="license-renewal")
    question = services.question_ask(user=citizen, guide=guide, text="外地驾驶证可以在南京换证吗？")
    assert list(selectors.questions_published(guide)) == []
    assert list(selectors.questions_open()) == [question]
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=citizen, question=question, answer="可以")
    officer = make_guides_officer()
    with pytest.raises(ApplicationError):
        services.question_answer(actor=officer, question=question, answer=" ")
    services.question_answer(actor=officer, question=question, answer="可以，全国通办。")
    assert list(selectors.questions_published(guide)) == [question]
    assert Question.objects.get().answered_by_id == officer.pk
    assert list(
        AuditEvent.objects.filter(action__startswith="guides.question")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["guides.question.asked", "guides.question.answered"]
    with pytest.raises(ApplicationError) as refused:
        services.question_ask(user=citizen, text="换证")
    assert refused.value.code == "guides.question.text"
