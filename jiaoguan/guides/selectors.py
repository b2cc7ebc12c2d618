"""Reads of the service guides: search, the four lists, points, answered questions."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, QuerySet

from jiaoguan.core.cache import VersionToken
from jiaoguan.guides import errors, rules, search
from jiaoguan.guides.models import Guide, GuideVersion, OfficeList, Question, ServicePoint

MAX_QUERY = 50
#: Changes whenever a guide is created or published (``services``): answers built from the
#: guides (the API's search) are kept under it. Read from the shared cache at most once a
#: second per process, so another process's edit shows within a second (product default).
GUIDES_VERSION = VersionToken("guides.version", lambda: 1.0)


def guides_search(query: str) -> list[Guide]:
    """The guides having every token of ``query`` (segmented as the guides are), best first:
    the ones whose title has the query, then by family and key. Empty query: none."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY:
        raise errors.query_too_long()
    words = search.tokens(query)
    if not words:
        return []
    rows: QuerySet[Guide] = Guide.objects.all()
    if connection.vendor == "postgresql":
        rows = rows.extra(
            where=["to_tsvector('simple', guides_guide.tokens) @@ plainto_tsquery('simple', %s)"],
            params=[" ".join(words)],
        )
    else:
        for word in words:
            rows = rows.filter(tokens__contains=f" {word} ")
    found = list(rows)
    return sorted(found, key=lambda guide: (query not in guide.title, guide.family, guide.key))


def guide_public(key: str) -> Guide:
    try:
        return Guide.objects.get(key=key)
    except Guide.DoesNotExist:
        raise errors.not_found() from None


def guides_all() -> QuerySet[Guide]:
    return Guide.objects.all()


def guides_by_list() -> list[tuple[str, list[Guide]]]:
    """The four lists in their order, each with its guides (the guides' own category)."""
    guides = list(Guide.objects.all())
    return [
        (category.value, [guide for guide in guides if guide.trip_category == category.value])
        for category in rules.LIST_ORDER
    ]


def office_lists(office: ServicePoint) -> list[tuple[str, list[Guide]]]:
    """An office's four lists: its own placement of a business, else the business's list;
    only the businesses the office offers (all, for an office that lists none)."""
    own = {row.guide_id: row.trip_category for row in OfficeList.objects.filter(office=office)}
    offered = list(office.guides.all()) or list(Guide.objects.all())
    return [
        (
            category.value,
            [g for g in offered if own.get(g.pk, g.trip_category) == category.value],
        )
        for category in rules.LIST_ORDER
    ]


def guide_versions(guide: Guide) -> QuerySet[GuideVersion]:
    return guide.versions.select_related("published_by").order_by("-version")


def points(*, kind: str = "", region_code: str = "", guide_key: str = "") -> QuerySet[ServicePoint]:
    """Open service points, filtered by kind, region (a province or city code covers its
    parts) and a business they offer."""
    rows = ServicePoint.objects.filter(active=True).prefetch_related(
        Prefetch("guides", queryset=Guide.objects.only("key", "title", "english"))
    )
    if kind:
        rows = rows.filter(kind=kind)
    if region_code:
        prefix = region_code.rstrip("0") if region_code.endswith("00") else region_code
        rows = rows.filter(region_code__startswith=prefix[:6] or region_code)
    if guide_key:
        rows = rows.filter(guides__key=guide_key)
    return rows


def point_of(point_id: int) -> ServicePoint:
    try:
        return ServicePoint.objects.get(pk=point_id)
    except ServicePoint.DoesNotExist:
        raise errors.point_not_found() from None


def points_geojson(rows, language: str = "zh-hans") -> dict:
    """The points as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude])."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": point.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(point.longitude), float(point.latitude)],
                },
                "properties": {
                    "name": point.name,
                    "kind": point.kind,
                    "kind_label": str(point.get_kind_display()),
                    "address": point.address,
                    "hours": point.hours,
                    "phone": point.phone,
                    "services": [guide.text("title", language) for guide in point.guides.all()],
                },
            }
            for point in rows
        ],
    }


def questions_published(guide: Guide | None = None) -> QuerySet[Question]:
    rows = Question.objects.filter(published=True).select_related("guide")
    return rows.filter(guide=guide) if guide is not None else rows


def questions_open() -> QuerySet[Question]:
    return Question.objects.filter(answered_at__isnull=True).select_related("guide")


def question_of(question_id: int) -> Question:
    try:
        return Question.objects.select_related("guide").get(pk=question_id)
    except Question.DoesNotExist:
        raise errors.question_not_found() from None
