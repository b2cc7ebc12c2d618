"""Reads of travel information: current events for the public and the feeds, and an
officer's events within their jurisdiction."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet

from jiaoguan.audit.selectors import audit_trail_of
from jiaoguan.core import clock
from jiaoguan.core.cache import VersionToken
from jiaoguan.core.places import is_region_code
from jiaoguan.identity.actors import Actor, OfficerActor, permission_require
from jiaoguan.travel import errors
from jiaoguan.travel.models import RoadEvent
from jiaoguan.travel.rules import DEFAULT_PARAMETERS, TravelParameters

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

VIEW = "travel.view_roadevent"
FEED_VERSION_KEY = "travel.feeds.version"


def travel_parameters() -> TravelParameters:
    """The parameters in force (the product defaults; no deployment table yet)."""
    return DEFAULT_PARAMETERS


def _region_filter(region_code: str) -> Q:
    """Events in ``region_code``: a province ``PP0000`` holds its cities and counties, a city
    ``PPCC00`` its counties (GB/T 2260, as ``core.places.region_covers``)."""
    if region_code.endswith("0000"):
        return Q(region_code__startswith=region_code[:2])
    if region_code.endswith("00"):
        return Q(region_code__startswith=region_code[:4])
    return Q(region_code=region_code)


def events_current(
    *,
    region_code: str = "",
    road: str = "",
    kind: str = "",
    now: datetime | None = None,
) -> QuerySet[RoadEvent]:
    """Published events that have not ended (an announced closure shows before it starts),
    optionally in a region (6-digit code; a province or city holds its parts), on a road
    (name contains ``road``) or of a kind. A malformed region code matches nothing. Public:
    every caller may read them."""
    now = now or clock.now()
    events = RoadEvent.objects.filter(status=RoadEvent.Status.PUBLISHED).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    if region_code:
        if not is_region_code(region_code):
            return events.none()
        events = events.filter(_region_filter(region_code))
    if road:
        events = events.filter(road_name__icontains=road.strip())
    if kind:
        events = events.filter(kind=kind)
    return events.order_by("starts_at", "pk")


def events_cancelled(*, now: datetime | None = None) -> QuerySet[RoadEvent]:
    """Published events withdrawn within the last ``cap_cancel_retention_hours`` while they
    were current: the CAP feed's ``Cancel`` alerts, most recent withdrawal first. Public."""
    now = now or clock.now()
    since = now - timedelta(hours=travel_parameters().cap_cancel_retention_hours)
    return (
        RoadEvent.objects.filter(
            status=RoadEvent.Status.WITHDRAWN,
            published_at__isnull=False,
            withdrawn_at__gt=since,
            withdrawn_at__lte=now,
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=F("withdrawn_at")))
        .order_by("-withdrawn_at", "-pk")
    )


def event_public(public_id: uuid.UUID | str) -> RoadEvent:
    """One current published event by its public id; ``travel.event.not_found`` otherwise."""
    try:
        return events_current().get(public_id=public_id)
    except (RoadEvent.DoesNotExist, ValueError):
        raise errors.not_found() from None


def event_alerted(public_id: uuid.UUID | str) -> RoadEvent:
    """The event of one CAP alert: current, or withdrawn within the retention (its alert is
    then a ``Cancel``); ``travel.event.not_found`` otherwise."""
    try:
        return events_current().get(public_id=public_id)
    except (RoadEvent.DoesNotExist, ValueError):
        pass
    try:
        return events_cancelled().get(public_id=public_id)
    except (RoadEvent.DoesNotExist, ValueError):
        raise errors.not_found() from None


def events_of_jurisdiction(*, actor: Actor | User | None, status: str = "") -> QuerySet[RoadEvent]:
    """Every event (any status) of the officer's province (a system job: every province),
    most recently changed first. Needs ``travel.view_roadevent``."""
    who = permission_require(actor, VIEW)
    events = RoadEvent.objects.all()
    if isinstance(who, OfficerActor):
        events = events.filter(province_code=who.province_code)
    if status:
        events = events.filter(status=status)
    return events.order_by("-updated_at", "-pk")


def event_of_jurisdiction(*, actor: Actor | User | None, event_id: int) -> RoadEvent:
    """One event of the officer's province; ``travel.event.not_found`` otherwise."""
    try:
        return events_of_jurisdiction(actor=actor).get(pk=event_id)
    except RoadEvent.DoesNotExist:
        raise errors.not_found() from None


def event_history(*, actor: Actor | User | None, event_id: int) -> list[dict[str, Any]]:
    """The event's edits, oldest first, for an officer of its province: each with its time,
    officer, action, version and, for an update, every field's value before and after."""
    event = event_of_jurisdiction(actor=actor, event_id=event_id)
    labels = {field.name: field.verbose_name for field in RoadEvent._meta.fields}
    history = []
    for entry in audit_trail_of(event):
        before, after = entry.data.get("before", {}), entry.data.get("after", {})
        history.append(
            {
                "occurred_at": entry.occurred_at,
                "actor": entry.actor_label,
                "action": entry.action,
                "version": entry.data.get("version"),
                "changes": [
                    (labels.get(name, name), before.get(name), after.get(name))
                    for name in entry.data.get("fields", [])
                ],
            }
        )
    return history


def _hold() -> float:
    return travel_parameters().feed_version_seconds


#: Changes whenever a published event changes (set on commit by every write service); cached
#: feeds are keyed on it. Each process reads it from the shared cache at most every
#: ``feed_version_seconds`` (1 s).
_FEED_VERSION = VersionToken(FEED_VERSION_KEY, _hold)


def feed_version() -> str:
    """The feeds' token: a change made by another process is in this one's feeds within
    ``feed_version_seconds``, one made here at once (``feed_version_set``)."""
    return _FEED_VERSION.get()


def feed_version_set(token: str) -> None:
    """Publish a new token (on commit of a write): in the shared cache, and in this
    process at once."""
    _FEED_VERSION.set(token)


def feed_version_forget() -> None:
    """Read the token from the shared cache at the next request (tests clearing it)."""
    _FEED_VERSION.forget()
