"""Reads for notices: the words of a notice, a person's inbox, scan history, delivery figures."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet

from jiaoguan.core import clock
from jiaoguan.notices import rules
from jiaoguan.notices.models import (
    Channel,
    Notice,
    NoticeMessage,
    NoticePreference,
    NoticeTemplate,
    PushDevice,
    ScanRun,
)

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person


@dataclass(frozen=True)
class NoticeText:
    title: str
    reason: str
    action: str
    link: str


def _date_text(day: date, language: str) -> str:
    if language == NoticeTemplate.Language.ENGLISH:
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


_TEMPLATE_SECONDS = 60
_templates: dict[int, tuple[float, dict[str, NoticeTemplate]]] = {}


def _kind_templates(kind_id: int) -> dict[str, NoticeTemplate]:
    """A kind's templates by language, kept per process for a minute: a delivery worker reads
    them for every message, an officer's edit in the admin shows within the minute."""
    now = time.monotonic()
    cached = _templates.get(kind_id)
    if cached is None or now - cached[0] > _TEMPLATE_SECONDS:
        templates = {t.language: t for t in NoticeTemplate.objects.filter(kind_id=kind_id)}
        cached = _templates[kind_id] = (now, templates)
    return cached[1]


def notice_text(notice: Notice, language: str, *, absolute: bool = False) -> NoticeText:
    """The notice in ``language`` (Chinese when that template is missing)."""
    templates = _kind_templates(notice.kind_id)
    template = templates.get(language) or templates.get(NoticeTemplate.Language.CHINESE)
    if template is None:
        return NoticeText(notice.kind.name, "", "", "/")
    values = {
        "subject": notice.subject_label,
        "date": _date_text(notice.event_on, language),
        "amount": "" if notice.amount is None else str(notice.amount),
        "id": str(notice.subject_id),
    }
    link = rules.render(template.link, values)
    if absolute and link.startswith("/"):
        link = settings.JIAOGUAN_NOTICES_SITE_URL.rstrip("/") + link
    return NoticeText(
        title=rules.render(template.title, values),
        reason=rules.render(template.reason, values),
        action=rules.render(template.action, values),
        link=link,
    )


@dataclass(frozen=True)
class InboxItem:
    id: int
    kind: str
    created_at: datetime
    read: bool
    text: NoticeText


def person_notice_preference(*, person: Person) -> NoticePreference:
    """The person's preferences, or the defaults (unsaved) when never set."""
    return NoticePreference.objects.filter(person=person).first() or NoticePreference(person=person)


def person_inbox(*, person: Person, language: str, limit: int = 50) -> list[InboxItem]:
    """The person's own notices, newest first, in ``language``."""
    notices = Notice.objects.filter(person=person).select_related("kind")[:limit]
    return [
        InboxItem(
            id=notice.pk,
            kind=notice.kind.code,
            created_at=notice.created_at,
            read=notice.read_at is not None,
            text=notice_text(notice, language),
        )
        for notice in notices
    ]


def person_unread_count(*, person: Person) -> int:
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def scan_runs_recent(*, limit: int = 30) -> QuerySet:
    return ScanRun.objects.all()[:limit]


@dataclass(frozen=True)
class DeliveryFigure:
    """Messages of one channel in one status, in words; ``waiting_until`` is when the
    queued ones held back by the quiet hours (or a retry back-off) go out at the latest."""

    channel: str
    status: str
    channel_label: str
    status_label: str
    count: int
    waiting: int = 0
    waiting_from: datetime | None = None
    waiting_until: datetime | None = None


def quiet_hours_text() -> str:
    """The configured quiet hours, e.g. ``21:00–08:00``."""
    return f"{settings.JIAOGUAN_NOTICES_QUIET_START}–{settings.JIAOGUAN_NOTICES_QUIET_END}"


def delivery_statistics(*, now: datetime | None = None) -> list[DeliveryFigure]:
    """Messages per channel and status, for the back office, with the queued ones that wait
    for a later moment (quiet hours) counted apart with when they go out."""
    now = now or clock.now()
    waiting = {
        row["channel"]: row
        for row in NoticeMessage.objects.filter(
            status=NoticeMessage.Status.QUEUED, not_before__gt=now
        )
        .values("channel")
        .annotate(count=Count("id"), first=Min("not_before"), last=Max("not_before"))
    }
    figures = []
    for row in (
        NoticeMessage.objects.values("channel", "status")
        .annotate(count=Count("id"))
        .order_by("channel", "status")
    ):
        held = waiting.get(row["channel"]) if row["status"] == NoticeMessage.Status.QUEUED else None
        figures.append(
            DeliveryFigure(
                channel=row["channel"],
                status=row["status"],
                channel_label=str(Channel(row["channel"]).label),
                status_label=str(NoticeMessage.Status(row["status"]).label),
                count=row["count"],
                waiting=held["count"] if held else 0,
                waiting_from=held["first"] if held else None,
                waiting_until=held["last"] if held else None,
            )
        )
    return figures


@dataclass(frozen=True)
class WaitingMessage:
    channel_label: str
    title: str
    subject_label: str
    not_before: datetime


def messages_waiting(*, now: datetime | None = None, limit: int = 30) -> list[WaitingMessage]:
    """Queued messages that go out later (quiet hours, back-off), soonest first: the demo
    outbox shows them with the moment they will be sent."""
    now = now or clock.now()
    messages = (
        NoticeMessage.objects.filter(status=NoticeMessage.Status.QUEUED, not_before__gt=now)
        .select_related("notice__kind")
        .order_by("not_before", "pk")[:limit]
    )
    return [
        WaitingMessage(
            channel_label=str(Channel(message.channel).label),
            title=notice_text(message.notice, NoticeTemplate.Language.CHINESE).title,
            subject_label=message.notice.subject_label,
            not_before=message.not_before,
        )
        for message in messages
    ]


def messages_waiting_count(*, now: datetime | None = None) -> tuple[int, datetime | None]:
    """How many queued messages wait for a later moment, and the latest of those moments."""
    row = NoticeMessage.objects.filter(
        status=NoticeMessage.Status.QUEUED, not_before__gt=now or clock.now()
    ).aggregate(count=Count("id"), last=Max("not_before"))
    return row["count"], row["last"]


def account_push_devices(*, account) -> QuerySet:
    """The account's own enabled app installations, newest first."""
    return PushDevice.objects.filter(account=account, enabled=True)
