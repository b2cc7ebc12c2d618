"""Reads for notices: the words of a notice, a person's inbox, scan history, delivery figures."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, QuerySet

from jiaoguan.notices import rules
from jiaoguan.notices.models import (
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
    }
    link = template.link
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


def delivery_statistics() -> list[dict]:
    """Messages per channel and status, for the back office."""
    return list(
        NoticeMessage.objects.values("channel", "status")
        .annotate(count=Count("id"))
        .order_by("channel", "status")
    )


def account_push_devices(*, account) -> QuerySet:
    """The account's own enabled app installations, newest first."""
    return PushDevice.objects.filter(account=account, enabled=True)
