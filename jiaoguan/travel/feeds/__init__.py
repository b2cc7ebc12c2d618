"""The published feeds of travel information (GeoJSON, CAP 1.2, DATEX II v3, WZDx 4.2), built
from the current events and cached on the feeds' version.

``feed_document(name)`` is what the API serves. An entry is keyed on the feeds' version
(changed on the commit of every write service), the language and the feed, and lives at most
``feed_cache_seconds`` (10 s by default, 30 s at most): a change is in every feed at the
next request of a process sharing the cache, and in any process within that bound."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from jiaoguan.core import clock
from jiaoguan.travel.feeds import cap, datex2, geojson, wzdx
from jiaoguan.travel.feeds.common import site_host
from jiaoguan.travel.selectors import (
    events_cancelled,
    events_current,
    feed_version,
    travel_parameters,
)

FEEDS = ("geojson", "cap", "datex2", "wzdx")


@dataclass(frozen=True, slots=True)
class FeedDocument:
    body: bytes
    content_type: str


def _as_json(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def feed_build(name: str) -> FeedDocument:
    """The feed ``name`` of the events current now (no cache)."""
    now = clock.now()
    events = list(events_current(now=now))
    site = settings.JIAOGUAN_NOTICES_SITE_URL.rstrip("/")
    if name == "geojson":
        body = _as_json(geojson.feature_collection(events, generated_at=now))
        return FeedDocument(body, "application/geo+json")
    if name == "cap":
        alerted = [*events, *events_cancelled(now=now)]
        body = cap.atom_feed(alerted, now=now, feed_url=f"{site}/api/v1/travel/feeds/cap")
        return FeedDocument(body, "application/atom+xml; charset=utf-8")
    if name == "datex2":
        body = datex2.publication(events, now=now, national_identifier=site_host())
        return FeedDocument(body, "application/xml; charset=utf-8")
    if name == "wzdx":
        body = _as_json(wzdx.feed(events, now=now, contact_email=f"travel@{site_host()}"))
        return FeedDocument(body, "application/geo+json")
    raise ValueError(f"unknown feed {name!r}")


def feed_document(name: str) -> FeedDocument:
    """The feed ``name``, from the cache when nothing changed and the entry is fresh."""
    seconds = travel_parameters().feed_cache_seconds
    if not seconds:
        return feed_build(name)
    key = f"travel.feed:{name}:{feed_version()}:{get_language()}"
    document = cache.get(key)
    if document is None:
        document = feed_build(name)
        cache.set(key, document, seconds)
    return document
