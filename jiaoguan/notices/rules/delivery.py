"""Delivery policy: quiet hours, daily caps, template rendering (the back-off is the
delivery engine's, ``jiaoguan.delivery.backoff``)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class QuietHours:
    """No SMS or push between ``start`` and ``end`` local time (may cross midnight).

    ``start == end`` means no quiet hours.
    """

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> "QuietHours":
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def contains(self, moment: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def next_allowed_moment(local_now: datetime, quiet: QuietHours) -> datetime:
    """``local_now`` if outside quiet hours, else the end of the quiet period (local time)."""
    if not quiet.contains(local_now.timetz().replace(tzinfo=None)):
        return local_now
    end_today = local_now.replace(
        hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0
    )
    return end_today if end_today > local_now else end_today + timedelta(days=1)


def daily_cap_reached(sent_today: int, cap: int) -> bool:
    """Whether a recipient already had ``cap`` messages on this channel today (0: no cap)."""
    return cap > 0 and sent_today >= cap


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown placeholders stay as they are."""
    return text.format_map(_Keep(values))
