"""Officers' writes of road events: draft, publish, update, withdraw, import (DOMAIN §20).

Every service needs ``travel.publish_roadevent`` over the event's province, runs in one
transaction, audits its write and, on commit, changes the feeds' version so that every feed
shows the change at the next request in this process and within ``feed_version_seconds``
(1 s) in the others (cached feeds are keyed on the version; an entry lives at most
``feed_cache_seconds``, so a process that missed the change is at most that stale).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE, is_region_code
from jiaoguan.identity.actors import Actor, permission_require
from jiaoguan.travel import errors, rules
from jiaoguan.travel.feeds import wzdx
from jiaoguan.travel.feeds.common import iso_local
from jiaoguan.travel.models import RoadEvent
from jiaoguan.travel.selectors import feed_version_set, travel_parameters

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

PUBLISH = "travel.publish_roadevent"

#: The fields an officer gives; the rest (status, version, timestamps) the services keep.
EDITABLE = (
    "kind",
    "title",
    "description",
    "geometry",
    "region_code",
    "road_name",
    "direction",
    "lanes_total",
    "lanes_affected",
    "severity",
    "starts_at",
    "ends_at",
    "emergency",
    "visibility_m",
    "speed_limit_kmh",
)


def _recorded(value: Any) -> Any:
    """A field's value as the audit trail keeps it (JSON): date-times in Asia/Shanghai."""
    return iso_local(value) if isinstance(value, datetime) else value


def _feeds_changed() -> None:
    transaction.on_commit(lambda: feed_version_set(uuid.uuid4().hex))


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event, checked and completed (the art. 81 fog advice); raises the
    ``travel.event.*`` refusal of the first field that is wrong."""
    for name in ("title", "road_name", "region_code", "starts_at", "geometry", "kind"):
        if fields.get(name) in (None, ""):
            raise errors.required(name)
    for name, choices in (
        ("kind", RoadEvent.Kind),
        ("severity", RoadEvent.Severity),
        ("direction", RoadEvent.Direction),
    ):
        if fields[name] not in choices.values:
            raise errors.choice(name)
    region_code = fields["region_code"]
    if not (is_region_code(region_code) and region_code[:2] in ABBREVIATION_OF_PROVINCE_CODE):
        raise errors.region()
    if (refusal := rules.geometry_refusal(fields["geometry"])) is not None:
        raise errors.geometry(refusal)
    if not rules.validity_ok(fields["starts_at"], fields.get("ends_at")):
        raise errors.validity()
    if not rules.lanes_ok(fields.get("lanes_affected") or 0, fields.get("lanes_total")):
        raise errors.lanes()
    fields["minimum_gap_m"] = None
    visibility = fields.get("visibility_m")
    if visibility is not None:
        advice = rules.fog_advice(visibility)
        if advice is not None:
            limit = fields.get("speed_limit_kmh")
            if limit is not None and limit > advice.speed_limit_kmh:
                raise errors.speed_limit(advice.speed_limit_kmh)
            fields["speed_limit_kmh"] = limit or advice.speed_limit_kmh
            fields["minimum_gap_m"] = advice.minimum_gap_m
    fields["title"] = fields["title"].strip()
    fields["road_name"] = fields["road_name"].strip()
    return fields


def _closure_notice_check(event: RoadEvent, *, at: datetime) -> None:
    """A closure published at ``at`` must start ``closure_notice_days`` later (art. 35 ¶2),
    unless marked an emergency."""
    if event.kind != RoadEvent.Kind.CLOSURE:
        return
    days = travel_parameters().closure_notice_days
    if not rules.closure_announced_in_time(
        published_at=at, starts_at=event.starts_at, emergency=event.emergency, notice_days=days
    ):
        deadline = rules.closure_announcement_deadline(event.starts_at, notice_days=days)
        raise errors.closure_notice(deadline, days)


def _transition(event: RoadEvent, action: rules.EventAction) -> str:
    status = rules.next_status(event.status, action)
    if status is None:
        raise errors.state(action.value)
    return status.value


def _locked(event: RoadEvent | int) -> RoadEvent:
    pk = event if isinstance(event, int) else event.pk
    try:
        return RoadEvent.objects.select_for_update().get(pk=pk)
    except RoadEvent.DoesNotExist:
        raise errors.not_found() from None


def event_draft(
    *,
    actor: Actor | User | None,
    kind: str,
    title: str,
    geometry: dict,
    region_code: str,
    road_name: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    direction: str = RoadEvent.Direction.BOTH,
    lanes_total: int | None = None,
    lanes_affected: int = 0,
    severity: str = RoadEvent.Severity.MODERATE,
    emergency: bool = False,
    visibility_m: int | None = None,
    speed_limit_kmh: int | None = None,
    publish: bool = False,
) -> RoadEvent:
    """A new road event, a draft (``publish``: published at once, as ``event_publish``).

    Needs ``travel.publish_roadevent`` over the region's province. Refused with a
    ``travel.event.*`` field error: a missing field, an unknown kind, severity or direction, a
    region code that is not a known province's, a geometry that is not one valid point, line
    or polygon, an end not after the start, lane counts that do not add up, a speed limit
    above the art. 81 limit for the visibility given. A visibility below 200 m sets the
    speed limit and gap of art. 81. Audits ``travel.event.drafted``."""
    permission_require(actor, PUBLISH)
    fields = _checked(
        {
            "kind": kind,
            "title": title,
            "description": description,
            "geometry": geometry,
            "region_code": region_code,
            "road_name": road_name,
            "direction": direction,
            "lanes_total": lanes_total,
            "lanes_affected": lanes_affected,
            "severity": severity,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "emergency": emergency,
            "visibility_m": visibility_m,
            "speed_limit_kmh": speed_limit_kmh,
        }
    )
    permission_require(actor, PUBLISH, province_code=region_code)
    with transaction.atomic():
        event = RoadEvent.objects.create(**fields)
        audit_record(actor=actor, action="travel.event.drafted", subject=event, data={"kind": kind})
        if publish:
            event = event_publish(actor=actor, event=event)
    return event


@transaction.atomic
def event_publish(*, actor: Actor | User | None, event: RoadEvent | int) -> RoadEvent:
    """Publish a draft: it enters every feed (version 1). A closure is refused
    (``travel.event.closure_notice``) later than 5 days (the configured lead) before it
    starts, unless an emergency. Needs ``travel.publish_roadevent`` over the event's
    province; takes the row's lock. Audits ``travel.event.published``."""
    permission_require(actor, PUBLISH)
    event = _locked(event)
    permission_require(actor, PUBLISH, province_code=event.region_code)
    status = _transition(event, rules.EventAction.PUBLISH)
    now = clock.now()
    _closure_notice_check(event, at=now)
    RoadEvent.objects.filter(pk=event.pk).update(
        status=status,
        published_at=now,
        version=F("version") + 1,
        updated_at=now,
        versions_sent=[iso_local(now)],
    )
    event.refresh_from_db()
    audit_record(actor=actor, action="travel.event.published", subject=event)
    _feeds_changed()
    return event


@transaction.atomic
def event_update(
    *, actor: Actor | User | None, event: RoadEvent | int, **changes: Any
) -> RoadEvent:
    """Change a draft or a published event (``changes``: any of ``EDITABLE``); a published
    event's version grows by one and the feeds show the new version. The checks of
    ``event_draft`` apply to the result; a published closure whose start or kind changes is
    checked again against the notice lead. Refused: a withdrawn event
    (``travel.event.state``). Needs ``travel.publish_roadevent`` over the event's province
    before and after the change; takes the row's lock. Audits ``travel.event.updated`` with
    the fields changed, their values before and after, and the version that resulted: the
    event's history (``selectors.event_history``)."""
    permission_require(actor, PUBLISH)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise errors.choice(sorted(unknown)[0])
    event = _locked(event)
    permission_require(actor, PUBLISH, province_code=event.region_code)
    status = _transition(event, rules.EventAction.UPDATE)
    current = {name: getattr(event, name) for name in EDITABLE}
    if "visibility_m" in changes and "speed_limit_kmh" not in changes:
        changes["speed_limit_kmh"] = None  # derived again from the new visibility
    fields = _checked({**current, **changes})
    permission_require(actor, PUBLISH, province_code=fields["region_code"])
    changed = sorted(name for name in EDITABLE if fields[name] != current[name])
    for name, value in fields.items():
        setattr(event, name, value)
    published = status == RoadEvent.Status.PUBLISHED
    if published and ({"starts_at", "kind", "emergency"} & set(changed)):
        _closure_notice_check(event, at=clock.now())
    if not changed:
        return event
    event.save()
    if published:
        RoadEvent.objects.filter(pk=event.pk).update(
            version=F("version") + 1,
            versions_sent=[*event.versions_sent, iso_local(event.updated_at)],
        )
        event.refresh_from_db()
        _feeds_changed()
    audit_record(
        actor=actor,
        action="travel.event.updated",
        subject=event,
        data={
            "fields": changed,
            "before": {name: _recorded(current[name]) for name in changed},
            "after": {name: _recorded(fields[name]) for name in changed},
            "version": event.version,
        },
    )
    return event


@transaction.atomic
def event_withdraw(
    *, actor: Actor | User | None, event: RoadEvent | int, reason: str = ""
) -> RoadEvent:
    """Withdraw an event: it leaves every feed and list at once (on commit); a published one
    stays in the CAP feed as a ``Cancel`` alert for ``cap_cancel_retention_hours``. Refused:
    an event already withdrawn (``travel.event.state``). Needs ``travel.publish_roadevent`` over the
    event's province; takes the row's lock. Audits ``travel.event.withdrawn`` with the
    reason."""
    permission_require(actor, PUBLISH)
    event = _locked(event)
    permission_require(actor, PUBLISH, province_code=event.region_code)
    status = _transition(event, rules.EventAction.WITHDRAW)
    was_published = event.status == RoadEvent.Status.PUBLISHED
    now = clock.now()
    RoadEvent.objects.filter(pk=event.pk).update(status=status, withdrawn_at=now, updated_at=now)
    event.refresh_from_db()
    audit_record(
        actor=actor, action="travel.event.withdrawn", subject=event, data={"reason": reason}
    )
    if was_published:
        _feeds_changed()
    return event


def _import_fields(feature: Any) -> tuple[str, dict[str, Any]]:
    """The reference and the event fields of one GeoJSON Feature of the platform's own feed
    shape (``feeds.geojson``); ``ValueError`` with the reason when it is not one."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    reference = str(feature.get("id") or "")
    properties = feature.get("properties")
    if not reference or not isinstance(properties, dict):
        raise ValueError("a Feature needs an id and properties")
    fields: dict[str, Any] = {"geometry": feature.get("geometry")}
    for name in EDITABLE:
        if name in properties and name != "geometry":
            fields[name] = properties[name]
    for name in ("starts_at", "ends_at"):
        value = fields.get(name)
        if isinstance(value, str):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError(f"{name} needs a time zone")
            fields[name] = moment
    return reference, fields


IMPORT_FORMATS = ("geojson", "wzdx")


@transaction.atomic
def events_import(
    *,
    actor: Actor | User | None,
    collection: Any,
    source: str,
    feed_format: str = "geojson",
    region_code: str = "",
) -> dict[str, int]:
    """Import a feed from ``source`` (a short name of the publisher): each feature is
    published as an event, or updates the event imported before from the same source and
    feature id.

    ``feed_format``: ``geojson``, a GeoJSON FeatureCollection (RFC 7946) with the properties of the
    platform's own GeoJSON feed; ``wzdx``, a WZDx 4.x feed whose work zones become works in
    ``region_code`` (detours are skipped). All or nothing: the first feature refused rolls
    the whole import back (``travel.import.invalid`` naming its position, or the event's own
    refusal). Needs ``travel.publish_roadevent`` over every event's province. Each event is
    audited as its service audits it. Returns ``{"created": n, "updated": n}``."""
    permission_require(actor, PUBLISH)
    source = source.strip()[:40]
    if not source:
        raise errors.required("source")
    if feed_format not in IMPORT_FORMATS:
        raise errors.choice("feed_format")
    if feed_format == "wzdx" and not (
        is_region_code(region_code) and region_code[:2] in ABBREVIATION_OF_PROVINCE_CODE
    ):
        raise errors.region()
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise errors.import_invalid(0, "not a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise errors.import_invalid(0, "features must be a list")
    counts = {"created": 0, "updated": 0}
    for position, feature in enumerate(features, start=1):
        try:
            if feed_format == "wzdx":
                read = wzdx.event_fields(feature, region_code=region_code)
                if read is None:
                    continue
                reference, fields = read
            else:
                reference, fields = _import_fields(feature)
        except ValueError as error:
            raise errors.import_invalid(position, str(error)) from None
        existing = RoadEvent.objects.filter(source=source, source_reference=reference).first()
        if existing is not None:
            event_update(actor=actor, event=existing, **fields)
            counts["updated"] += 1
            continue
        try:
            event = event_draft(actor=actor, **fields)
        except TypeError as error:  # a required field missing from the properties
            raise errors.import_invalid(position, str(error)) from None
        RoadEvent.objects.filter(pk=event.pk).update(source=source, source_reference=reference)
        event_publish(actor=actor, event=event)
        counts["created"] += 1
    return counts
