"""What officers see of the SMS and voice channels: counts, never numbers or texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate

from jiaoguan.core import clock
from jiaoguan.hotline.models import Contact


@dataclass(frozen=True)
class ContactCount:
    day: date
    channel: str
    outcome: str
    count: int

    @property
    def channel_label(self) -> str:
        return str(Contact.Channel(self.channel).label)

    @property
    def outcome_label(self) -> str:
        return str(Contact.Outcome(self.outcome).label)


def contact_statistics(*, days: int = 7) -> list[ContactCount]:
    """Inbound SMS and calls of the last ``days`` days (today included) by day, channel and
    outcome, newest day first. One grouped query."""
    since, _ = clock.day_span(clock.today() - timedelta(days=days - 1))
    rows = (
        Contact.objects.filter(received_at__gte=since)
        .annotate(day=TruncDate("received_at", tzinfo=clock.TIMEZONE))
        .values("day", "channel", "outcome")
        .annotate(count=Count("id"))
        .order_by("-day", "channel", "outcome")
    )
    return [ContactCount(r["day"], r["channel"], r["outcome"], r["count"]) for r in rows]


def command_statistics(*, days: int = 7) -> list[tuple[str, str, int]]:
    """(channel, command, count) of the answered queries of the last ``days`` days."""
    since, _ = clock.day_span(clock.today() - timedelta(days=days - 1))
    rows = (
        Contact.objects.filter(received_at__gte=since)
        .exclude(command="")
        .values("channel", "command")
        .annotate(count=Count("id"))
        .order_by("channel", "-count", "command")
    )
    return [(r["channel"], r["command"], r["count"]) for r in rows]
