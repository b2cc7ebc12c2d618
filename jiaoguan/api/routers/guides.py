"""办事指南 (DOMAIN §21): the public service guides, their Chinese full-text search, the
service points and the answered questions. No login: guides are published to everyone
(登记规定 art. 3 ¶4)."""

import dataclasses

from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from pydantic import Field

from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import Text
from jiaoguan.core.families import ApiMount
from jiaoguan.guides import rules, selectors
from jiaoguan.guides.models import Guide

router = Router(tags=["guides"])


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def _online_url(guide: Guide) -> str | None:
    if not guide.online_url_name:
        return None
    try:
        return reverse(guide.online_url_name)
    except NoReverseMatch:
        return None


class GuidesIn(Schema):
    q: str = Field("", max_length=50, description="搜索词（中文分词，须包含全部词）；空：全部")
    list: str = Field("", max_length=20, description="清单：zero_trips, nearest_once, …")


class GuideBrief(Schema):
    key: str
    title: str
    summary: str
    trip_category: str
    trip_category_name: str
    online_url: str | None
    version: int


class MaterialOut(Schema):
    name: str
    form: str = Field(description="原件、复印件；空：未注明")
    copies: int | None
    electronic: bool | None = Field(description="可提交电子版；null：未注明")
    notes: str


class GuideOut(GuideBrief):
    item_type: str
    service_object: str
    implementing_body: str
    level: str
    who: str
    when: str
    conditions: str
    materials: list[MaterialOut]
    supplement_later: str
    steps: list[str]
    statutory_time_limit: str
    promised_time_limit: str
    fee: str
    place: str
    hours: str
    booking: bool
    min_trips: int
    result_delivery: str
    contact: str
    complaint: str
    notes: str
    legal_basis: str
    published_at: str | None


def _brief(guide: Guide, language: str) -> dict:
    return {
        "key": guide.key,
        "title": guide.text("title", language),
        "summary": guide.text("summary", language),
        "trip_category": guide.trip_category,
        "trip_category_name": str(guide.get_trip_category_display()),
        "online_url": _online_url(guide),
        "version": guide.version,
    }


@selectors.GUIDES_VERSION.memo(maxsize=512)
def _answer(query: str, trip_list: str, language: str) -> list[dict]:
    """One search's answer, kept in this process until a guide changes (``GUIDES_VERSION``)."""
    found = selectors.guides_search(query) if query else selectors.guides_all()
    return [
        _brief(guide, language)
        for guide in found
        if not trip_list or guide.trip_category == trip_list
    ]


@router.get("", response={200: list[GuideBrief], **error_responses(422)})
def guides(request, params: Query[GuidesIn]):
    """The guides matching ``q`` (every word of it, segmented as the guides are: 换证 finds
    期满换证), or all guides; ``list`` keeps one of the four lists."""
    return _answer(params.q.strip(), params.list, _language())


class PointsIn(Schema):
    kind: Text = Field("", max_length=20, description="网点类型：office, hospital, post_office…")
    region: Text = Field("", max_length=6, description="行政区划代码；省、市包含其下辖地区")
    guide: Text = Field("", max_length=60, description="可办业务的编码")


@router.get(
    "/points",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "GeoJSON FeatureCollection of the service points",
                "content": {"application/geo+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def points(request, params: Query[PointsIn]):
    """Open service points (location, hours, services) as GeoJSON."""
    rows = selectors.points(kind=params.kind, region_code=params.region, guide_key=params.guide)
    return JsonResponse(
        selectors.points_geojson(rows, _language()), content_type="application/geo+json"
    )


class AnswerOut(Schema):
    question: str
    answer: str
    answered_at: str


@router.get("/{key}", response={200: GuideOut, **error_responses(404)})
def guide(request, key: str):
    """One guide with every field of DOMAIN §21.3: materials with their form, copies and
    electronic version where the guide says them; steps in order."""
    language = _language()
    item = selectors.guide_public(key)
    return {
        **_brief(item, language),
        **{
            name: getattr(item, name)
            for name in (
                "item_type",
                "service_object",
                "implementing_body",
                "level",
                "conditions",
                "supplement_later",
                "statutory_time_limit",
                "promised_time_limit",
                "fee",
                "hours",
                "booking",
                "min_trips",
                "result_delivery",
                "contact",
                "complaint",
                "notes",
                "legal_basis",
            )
        },
        "who": item.text("who", language),
        "when": item.text("when", language),
        "place": item.text("place", language),
        "materials": [
            dataclasses.asdict(material)
            for material in rules.materials_parsed(item.text("materials", language))
        ],
        "steps": [line for line in item.steps.splitlines() if line],
        "published_at": item.published_at.isoformat() if item.published_at else None,
    }


@router.get("/{key}/questions", response={200: list[AnswerOut], **error_responses(404)})
def questions(request, key: str):
    """The guide's questions answered and published by officers (without who asked)."""
    item = selectors.guide_public(key)
    return [
        {
            "question": question.text,
            "answer": question.answer,
            "answered_at": question.answered_at.isoformat() if question.answered_at else "",
        }
        for question in selectors.questions_published(item)
    ]


mounts = [
    ApiMount("/v1/guides", router, position=178),
]
