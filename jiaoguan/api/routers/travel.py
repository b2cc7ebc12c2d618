"""出行信息 (DOMAIN §20): the public road-event feeds and list. No login: the information is
published to everyone (公开条例 art. 20(12))."""

from uuid import UUID

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Query, Router, Schema
from pydantic import Field

from jiaoguan.api.errors import error_responses
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.travel import selectors
from jiaoguan.travel.feeds import cap, feed_document
from jiaoguan.travel.feeds.events import event_items

router = Router(tags=["travel"])


def _content(media_type: str, description: str) -> dict:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {
                    media_type: {"schema": {"type": "string" if "xml" in media_type else "object"}}
                },
            }
        }
    }


def _feed(request, name: str) -> HttpResponse:
    """The cached feed, gzip-compressed when the client accepts it; 304 when the client's
    ``If-None-Match`` names the representation it would get (each encoding its own ETag).
    Public: shared caches may keep it as long as the feeds' own cache bound (core.middleware
    keeps the header for requests without credentials)."""
    document = feed_document(name)
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = f'{document.etag[:-1]}-gz"' if gzipped else document.etag
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif gzipped:
        response = HttpResponse(document.gzipped, content_type=document.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(document.body, content_type=document.content_type)
    response["ETag"] = etag
    response["Cache-Control"] = (
        f"public, max-age={selectors.travel_parameters().feed_cache_seconds}"
    )
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


@router.get(
    "/feeds/geojson",
    response={200: None},
    openapi_extra=_content("application/geo+json", "GeoJSON FeatureCollection (RFC 7946)"),
)
def feed_geojson(request):
    """Current road events as a GeoJSON FeatureCollection: each Feature's ``id`` is the
    event's stable public id, its properties the kind, road, direction, lanes, severity,
    validity, fog speed limit and version."""
    return _feed(request, "geojson")


@router.get(
    "/feeds/cap",
    response={200: None},
    openapi_extra=_content("application/atom+xml", "Atom feed of CAP 1.2 alerts"),
)
def feed_cap(request):
    """Current road events as CAP 1.2 alerts (``urn:oasis:names:tc:emergency:cap:1.2``) in an
    Atom feed; each alert has a Chinese and an English ``info``. An event withdrawn within the
    last 24 hours is a ``Cancel`` alert referencing every version sent."""
    return _feed(request, "cap")


@router.get(
    "/feeds/cap/{public_id}",
    response={200: None, **error_responses(404)},
    openapi_extra=_content("application/cap+xml", "one CAP 1.2 alert"),
)
def feed_cap_alert(request, public_id: UUID):
    """One current event's CAP 1.2 alert; for an event withdrawn within the retention (24 h),
    its ``Cancel`` alert."""
    event = selectors.event_alerted(public_id)
    body = cap.alert_document(event, now=clock.now())
    return HttpResponse(body, content_type="application/cap+xml; charset=utf-8")


@router.get(
    "/feeds/datex2",
    response={200: None},
    openapi_extra=_content("application/xml", "DATEX II v3 SituationPublication"),
)
def feed_datex2(request):
    """Current road events as a DATEX II v3 situation publication."""
    return _feed(request, "datex2")


@router.get(
    "/feeds/wzdx",
    response={200: None},
    openapi_extra=_content("application/geo+json", "WZDx 4.2 work zone feed"),
)
def feed_wzdx(request):
    """Current works and closures with an end date as a WZDx 4.2 feed of work-zone events."""
    return _feed(request, "wzdx")


class EventsIn(Schema):
    region: str = Field("", max_length=6, description="六位行政区划代码；省、市包含其下辖地区")
    road: str = Field("", max_length=100, description="道路名称（包含即可）")
    kind: str = Field("", max_length=20, description="事件类型")


class EventOut(Schema):
    id: str
    kind: str
    kind_name: str
    title: str
    road_name: str
    direction: str
    region_code: str
    severity: str
    lanes_total: int | None
    lanes_affected: int
    starts_at: str
    ends_at: str | None
    speed_limit_kmh: int | None
    version: int
    geometry: dict


@router.get("/events", response=list[EventOut])
def events(request, params: Query[EventsIn]):
    """Current road events, optionally of a region, on a road, of a kind (an unknown region or
    kind matches nothing)."""
    if not (params.region or params.road or params.kind):
        return _feed(request, "events")  # everything: the cached list, as the feeds are
    found = selectors.events_current(region_code=params.region, road=params.road, kind=params.kind)
    return event_items(found)


mounts = [
    ApiMount("/v1/travel", router, position=175),
]
