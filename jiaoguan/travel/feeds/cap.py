"""The CAP 1.2 feed (OASIS Common Alerting Protocol, ``urn:oasis:names:tc:emergency:cap:1.2``):
one ``alert`` per current event, in an Atom feed (RFC 4287) as CAP feeds are usually
published; ``alert_document`` is one event's alert alone.

An alert's ``identifier`` is ``<public id>-<version>``; the first version is an ``Alert``,
later ones an ``Update`` whose ``references`` name the earlier versions. A published event
withdrawn is, for ``cap_cancel_retention_hours`` (24 h), a ``Cancel`` alert (identifier
``<public id>-cancel``) referencing every version sent, then leaves the feed. ``incidents``
carries the event's public id, the same in every version and every feed. Each alert has an
``info`` block in Chinese and one in English."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _

from jiaoguan.travel import rules
from jiaoguan.travel.feeds.common import iso_local, site_host
from jiaoguan.travel.models import RoadEvent
from jiaoguan.travel.rules import DEFAULT_PARAMETERS

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT_TYPE = "application/cap+xml"

ET.register_namespace("cap", CAP)
ET.register_namespace("atom", ATOM)

_SEVERITY = {
    RoadEvent.Severity.MINOR: "Minor",
    RoadEvent.Severity.MODERATE: "Moderate",
    RoadEvent.Severity.SEVERE: "Severe",
    RoadEvent.Severity.EXTREME: "Extreme",
}
_RESPONSE = {
    RoadEvent.Kind.CLOSURE: "Avoid",
    RoadEvent.Kind.WORKS: "Prepare",
    RoadEvent.Kind.ACCIDENT: "Avoid",
    RoadEvent.Kind.CONGESTION: "Monitor",
    RoadEvent.Kind.WEATHER: "Prepare",
    RoadEvent.Kind.BLACK_SPOT: "Prepare",
}
LANGUAGES = (("zh-hans", "zh-CN"), ("en", "en-US"))


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = CAP) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def sender() -> str:
    return f"travel@{site_host()}"


def identifier(event: RoadEvent, version: int | None = None) -> str:
    return f"{event.public_id}-{version or event.version}"


def cancelled(event: RoadEvent) -> bool:
    """A withdrawn event's alert is a ``Cancel`` (the feed holds it only for the retention)."""
    return event.status == RoadEvent.Status.WITHDRAWN


def _sent_versions(event: RoadEvent) -> list[tuple[int, str]]:
    """(version, sent) of every version sent: the recorded ones; for an event published
    before they were recorded, version 1 at its publication."""
    if event.versions_sent:
        return list(enumerate(event.versions_sent, start=1))
    if event.published_at:
        return [(1, iso_local(event.published_at))]
    return []


def references(event: RoadEvent) -> str:
    """CAP ``references``: ``sender,identifier,sent`` of each earlier message, space-separated
    (for a Cancel, every version; for an Update, the versions before the current one)."""
    last = event.version if cancelled(event) else event.version - 1
    return " ".join(
        f"{sender()},{identifier(event, version)},{sent}"
        for version, sent in _sent_versions(event)
        if version <= last
    )


def _instruction(event: RoadEvent) -> str:
    parts = []
    if event.speed_limit_kmh:
        parts.append(_("限速每小时%(limit)d公里。") % {"limit": event.speed_limit_kmh})
    if event.visibility_m is not None and (advice := rules.fog_advice(event.visibility_m)):
        if advice.minimum_gap_m:
            parts.append(_("与同车道前车保持%(gap)d米以上距离。") % {"gap": advice.minimum_gap_m})
        if advice.hazard_lights:
            parts.append(_("开启雾灯、近光灯、示廓灯和危险报警闪光灯。"))
        if advice.leave_at_nearest_exit:
            parts.append(_("从最近的出口尽快驶离高速公路。"))
    if event.kind == RoadEvent.Kind.CLOSURE:
        parts.append(_("请提前选择绕行路线。"))
    return "".join(parts)


def _circle(longitude: float, latitude: float, radius_km: float) -> str:
    return f"{latitude:.6f},{longitude:.6f} {radius_km}"


def _area(info: ET.Element, event: RoadEvent) -> None:
    area = _sub(info, "area")
    _sub(area, "areaDesc", f"{event.road_name} {event.get_direction_display()}")
    geometry = event.geometry
    radius = DEFAULT_PARAMETERS.cap_circle_radius_km
    if geometry["type"] == "Polygon":
        ring = geometry["coordinates"][0]
        _sub(area, "polygon", " ".join(f"{p[1]:.6f},{p[0]:.6f}" for p in ring))
    else:
        for longitude, latitude in rules.positions_of(geometry):
            _sub(area, "circle", _circle(longitude, latitude, radius))
    geocode = _sub(area, "geocode")
    _sub(geocode, "valueName", "GB/T 2260")
    _sub(geocode, "value", event.region_code)


def _parameter(info: ET.Element, name: str, value: object) -> None:
    if value is None or value == "":
        return
    parameter = _sub(info, "parameter")
    _sub(parameter, "valueName", name)
    _sub(parameter, "value", str(value))


def _info(alert: ET.Element, event: RoadEvent, *, language: str, now: datetime) -> None:
    info = _sub(alert, "info")
    _sub(info, "language", language)
    _sub(info, "category", "Met" if event.kind == RoadEvent.Kind.WEATHER else "Transport")
    _sub(info, "event", str(event.get_kind_display()))
    withdrawn = cancelled(event)
    started = event.starts_at <= now
    if withdrawn:  # nothing to do any more: the all-clear of a message no longer in force
        _sub(info, "responseType", "AllClear")
        _sub(info, "urgency", "Past")
        _sub(info, "severity", "Minor")
        _sub(info, "certainty", "Observed")
    else:
        _sub(info, "responseType", _RESPONSE[RoadEvent.Kind(event.kind)])
        _sub(info, "urgency", "Immediate" if started else "Future")
        _sub(info, "severity", _SEVERITY[RoadEvent.Severity(event.severity)])
        _sub(info, "certainty", "Observed" if started else "Likely")
    code = _sub(info, "eventCode")
    _sub(code, "valueName", "jiaoguan:kind")
    _sub(code, "value", event.kind)
    if withdrawn and event.withdrawn_at:
        retention = timedelta(hours=DEFAULT_PARAMETERS.cap_cancel_retention_hours)
        _sub(info, "effective", iso_local(event.withdrawn_at))
        _sub(info, "expires", iso_local(event.withdrawn_at + retention))
    else:
        _sub(info, "effective", iso_local(event.published_at or event.updated_at))
        _sub(info, "onset", iso_local(event.starts_at))
        if event.ends_at:
            _sub(info, "expires", iso_local(event.ends_at))
    _sub(info, "senderName", _("公安交通管理部门"))
    if withdrawn:
        _sub(info, "headline", _("已撤销：%(title)s") % {"title": event.title})
        _sub(info, "description", _("此前发布的该路况信息已撤销，不再有效。"))
        _parameter(info, "roadName", event.road_name)
        _area(info, event)
        return
    _sub(info, "headline", event.title)
    if event.description:
        _sub(info, "description", event.description)
    if instruction := _instruction(event):
        _sub(info, "instruction", instruction)
    _parameter(info, "roadName", event.road_name)
    _parameter(info, "direction", event.direction)
    _parameter(info, "lanesTotal", event.lanes_total)
    _parameter(info, "lanesAffected", event.lanes_affected)
    _parameter(info, "speedLimitKmh", event.speed_limit_kmh)
    _parameter(info, "visibilityM", event.visibility_m)
    _area(info, event)


def alert_element(event: RoadEvent, *, now: datetime) -> ET.Element:
    """The CAP ``alert`` of an event's current version, or its ``Cancel`` once withdrawn."""
    alert = ET.Element(f"{{{CAP}}}alert")
    withdrawn = cancelled(event)
    _sub(alert, "identifier", f"{event.public_id}-cancel" if withdrawn else identifier(event))
    _sub(alert, "sender", sender())
    _sub(alert, "sent", iso_local(event.updated_at))
    _sub(alert, "status", "Actual")
    if withdrawn:
        _sub(alert, "msgType", "Cancel")
    else:
        _sub(alert, "msgType", "Alert" if event.version <= 1 else "Update")
    _sub(alert, "scope", "Public")
    if withdrawn:
        _sub(alert, "note", _("该路况信息已由发布单位撤销。"))
    if (referenced := references(event)) and (withdrawn or event.version > 1):
        _sub(alert, "references", referenced)
    _sub(alert, "incidents", str(event.public_id))
    for django_language, cap_language in LANGUAGES:
        with translation.override(django_language):
            _info(alert, event, language=cap_language, now=now)
    return alert


def _bytes(element: ET.Element, default_namespace: str | None = None) -> bytes:
    return ET.tostring(
        element, encoding="utf-8", xml_declaration=True, default_namespace=default_namespace
    )


def alert_document(event: RoadEvent, *, now: datetime) -> bytes:
    """One event's alert as a CAP document."""
    return _bytes(alert_element(event, now=now), CAP)


def atom_feed(events: Iterable[RoadEvent], *, now: datetime, feed_url: str) -> bytes:
    """The Atom feed of the alerts of ``events`` (the current ones and those withdrawn within
    the retention, as Cancels), newest change first."""
    events = sorted(events, key=lambda event: (event.updated_at, event.pk), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"urn:jiaoguan:{site_host()}:travel:cap", ATOM)
    _sub(feed, "title", _("路况信息（CAP 1.2）"), ATOM)
    updated = max((event.updated_at for event in events), default=now)
    _sub(feed, "updated", iso_local(updated), ATOM)
    author = _sub(feed, "author", ns=ATOM)
    _sub(author, "name", _("公安交通管理部门"), ATOM)
    link = _sub(feed, "link", ns=ATOM)
    link.set("rel", "self")
    link.set("href", feed_url)
    for event in events:
        entry = _sub(feed, "entry", ns=ATOM)
        _sub(entry, "id", f"urn:uuid:{event.public_id}", ATOM)
        title = _("已撤销：%(title)s") % {"title": event.title} if cancelled(event) else event.title
        _sub(entry, "title", title, ATOM)
        _sub(entry, "updated", iso_local(event.updated_at), ATOM)
        content = _sub(entry, "content", ns=ATOM)
        content.set("type", CONTENT_TYPE)
        content.append(alert_element(event, now=now))
    return _bytes(feed)  # prefixed: Atom's attributes are unqualified
