"""The published feeds of travel information (GeoJSON, CAP 1.2, DATEX II v3, WZDx 4.2) and the
unfiltered events list, built from the current events and cached on the feeds' version.

``feed_document(name)`` is what the API serves. An entry is keyed on the feeds' version
(changed on the commit of every write service), the language and the feed, and lives at most
``feed_cache_seconds`` (10 s by default, 30 s at most) from when it was built: a change is in
every feed at the next request of the process that made it, within ``feed_version_seconds``
(1 s) in every process sharing the cache, and in any process within the cache bound. Each
process also keeps the documents it last served (the shared cache is asked only for the small
version token then, at most once a second, not for the document), never past that bound.

A document carries its gzip form and an ETag, built once with it: the API answers
``Accept-Encoding: gzip`` with the compressed bytes and ``If-None-Match`` with 304."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from jiaoguan.core import clock
from jiaoguan.travel.feeds import cap, datex2, events, geojson, wzdx
from jiaoguan.travel.feeds.common import site_host
from jiaoguan.travel.selectors import (
    events_cancelled,
    events_current,
    feed_version,
    feed_version_forget,
    travel_parameters,
)

FEEDS = ("geojson", "cap", "datex2", "wzdx", "events")


@dataclass(frozen=True, slots=True)
class FeedDocument:
    body: bytes
    content_type: str
    #: When it was built (POSIX seconds): no copy of it is served past built + cache seconds.
    built_at: float = 0.0
    gzipped: bytes = field(default=b"", repr=False)
    etag: str = ""


def _document(body: bytes, content_type: str) -> FeedDocument:
    return FeedDocument(
        body,
        content_type,
        built_at=clock.now().timestamp(),
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
    )


#: This process's copies: key -> document (a handful of keys: feed x language x version).
_HELD: dict[str, FeedDocument] = {}
_HELD_MAX = 32


def process_caches_clear() -> None:
    """Forget this process's copies and version read (tests, after clearing the cache)."""
    _HELD.clear()
    feed_version_forget()


def _as_json(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def feed_build(name: str) -> FeedDocument:
    """The feed ``name`` of the events current now (no cache)."""
    now = clock.now()
    current = list(events_current(now=now))
    site = settings.JIAOGUAN_NOTICES_SITE_URL.rstrip("/")
    if name == "geojson":
        body = _as_json(geojson.feature_collection(current, generated_at=now))
        return _document(body, "application/geo+json")
    if name == "cap":
        alerted = [*current, *events_cancelled(now=now)]
        body = cap.atom_feed(alerted, now=now, feed_url=f"{site}/api/v1/travel/feeds/cap")
        return _document(body, "application/atom+xml; charset=utf-8")
    if name == "datex2":
        body = datex2.publication(current, now=now, national_identifier=site_host())
        return _document(body, "application/xml; charset=utf-8")
    if name == "events":  # the list API's answer when it is asked for everything
        return _document(_as_json(events.event_items(current)), "application/json")
    if name == "wzdx":
        body = _as_json(wzdx.feed(current, now=now, contact_email=f"travel@{site_host()}"))
        return _document(body, "application/geo+json")
    raise ValueError(f"unknown feed {name!r}")


def feed_document(name: str) -> FeedDocument:
    """The feed ``name``, from the cache when nothing changed and the entry is fresh."""
    seconds = travel_parameters().feed_cache_seconds
    if not seconds:
        return feed_build(name)
    key = f"travel.feed.2:{name}:{feed_version()}:{get_language()}"
    now = clock.now().timestamp()
    document = _HELD.get(key)
    if document is not None and now < document.built_at + seconds:
        return document
    document = cache.get(key)
    if document is None or not now < document.built_at + seconds:
        document = feed_build(name)
        cache.set(key, document, seconds)
    if len(_HELD) >= _HELD_MAX:
        _HELD.clear()
    _HELD[key] = document
    return document
