"""Study time that cannot be gamed (issue 16, DOMAIN.md §16.1, §16.3, §23.3).

The study page sends a heartbeat every ``HEARTBEAT_SECONDS`` while it is shown, and one with
``visible=False`` when it is hidden. The server stamps each heartbeat with its own clock when it
arrives (``received_at``); whatever time the client claims is never used, so a skewed or
tampered client clock changes nothing. From the heartbeats of one learner (every tab and every
device together) this module computes:

- the *covered* time: between two consecutive visible heartbeats of one tab no more than
  ``MAX_GAP_SECONDS`` apart, the learner was on the page; a longer gap (network loss, closed
  lid, the tab in the background where browsers throttle timers) or a hidden heartbeat ends
  the coverage;
- the union of that coverage over all tabs and devices, so two tabs or two devices studying at
  the same moment count that moment once;
- *stretches*: maximal continuous runs of that union. Only stretches of at least
  ``min_stretch`` count (5 minutes for points reduction, §16.3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

#: How often the page reports (product default).
HEARTBEAT_SECONDS = 15
#: The longest silence between two heartbeats of one tab that still counts as continuous: two
#: missed beats plus network jitter (product default).
MAX_GAP_SECONDS = 40
#: Points reduction: only continuous stretches of at least 5 minutes count (§16.3, §23.3);
#: full-score and review study online are counted by the same rule.
REDUCTION_MIN_STRETCH = timedelta(minutes=5)
MIN_STRETCH = REDUCTION_MIN_STRETCH
#: Points reduction: 30 minutes accumulated ... (§4.4)
REDUCTION_REQUIRED = timedelta(minutes=30)
#: ... within 3 natural days (163号 art. 36 counts 三日 as natural days).
REDUCTION_WINDOW_DAYS = 3
#: A full-score study day counts after more than 3 hours online in total (163号 art. 19).
FULL_SCORE_DAY_ONLINE = timedelta(hours=3)
#: Review education: at least 3 hours of study (162号 art. 73).
REVIEW_REQUIRED = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """One report from a study page, as the server stored it.

    ``tab`` names the page instance (a random id the page makes when it loads; a second tab or
    a second device has another). ``received_at`` is the server's clock. ``client_at`` is what
    the page claimed and is kept only for the record: no rule reads it.
    """

    tab: str
    received_at: datetime
    visible: bool
    client_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Stretch:
    starts_at: datetime
    ends_at: datetime

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


def _tab_coverage(beats: list[Heartbeat], max_gap: timedelta) -> list[Stretch]:
    covered: list[Stretch] = []
    previous: Heartbeat | None = None
    for beat in sorted(beats, key=lambda b: b.received_at):
        if (
            previous is not None
            and previous.visible
            and beat.visible
            and timedelta(0) < beat.received_at - previous.received_at <= max_gap
        ):
            covered.append(Stretch(previous.received_at, beat.received_at))
        previous = beat
    return covered


def _union(intervals: Iterable[Stretch]) -> list[Stretch]:
    merged: list[Stretch] = []
    for interval in sorted(intervals, key=lambda s: s.starts_at):
        if merged and interval.starts_at <= merged[-1].ends_at:
            last = merged[-1]
            if interval.ends_at > last.ends_at:
                merged[-1] = Stretch(last.starts_at, interval.ends_at)
        else:
            merged.append(interval)
    return merged


def stretches(
    heartbeats: Iterable[Heartbeat], *, max_gap: timedelta = timedelta(seconds=MAX_GAP_SECONDS)
) -> list[Stretch]:
    """Continuous study of one learner over all tabs and devices, in time order, never
    overlapping (a moment studied in two tabs is in one stretch once)."""
    by_tab: dict[str, list[Heartbeat]] = defaultdict(list)
    for beat in heartbeats:
        by_tab[beat.tab].append(beat)
    return _union(
        interval for beats in by_tab.values() for interval in _tab_coverage(beats, max_gap)
    )


def counted_time(
    heartbeats: Iterable[Heartbeat],
    *,
    min_stretch: timedelta = timedelta(0),
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    max_gap: timedelta = timedelta(seconds=MAX_GAP_SECONDS),
) -> timedelta:
    """The study time that counts: the stretches of at least ``min_stretch`` (after clipping
    to ``starts_at``..``ends_at`` when given), added up."""
    total = timedelta(0)
    for stretch in stretches(heartbeats, max_gap=max_gap):
        start = max(stretch.starts_at, starts_at) if starts_at else stretch.starts_at
        end = min(stretch.ends_at, ends_at) if ends_at else stretch.ends_at
        if end - start >= min_stretch and end > start:
            total += end - start
    return total


@dataclass(frozen=True, slots=True)
class ReductionStudy:
    """Progress of the online points-reduction study (§4.4, §16.3)."""

    counted: timedelta
    window_ends_at: datetime
    complete: bool
    completed_at: datetime | None

    @property
    def remaining(self) -> timedelta:
        return max(REDUCTION_REQUIRED - self.counted, timedelta(0))


def reduction_window_end(applied_on: date, zone: tzinfo) -> datetime:
    """The end of the 3 natural days starting on the day of the application: midnight after
    the third day, in the local zone (163号 art. 36)."""
    last = applied_on + timedelta(days=REDUCTION_WINDOW_DAYS)
    return datetime(last.year, last.month, last.day, tzinfo=zone)


def reduction_study(
    heartbeats: Iterable[Heartbeat], *, window_starts_at: datetime, window_ends_at: datetime
) -> ReductionStudy:
    """Whether 30 minutes in stretches of at least 5 minutes were studied in the window, and
    the moment the 30th minute was reached (the 7 working days for the test run from that day)."""
    counted = timedelta(0)
    completed_at: datetime | None = None
    for stretch in stretches(heartbeats):
        start = max(stretch.starts_at, window_starts_at)
        end = min(stretch.ends_at, window_ends_at)
        if end - start < REDUCTION_MIN_STRETCH:
            continue
        if completed_at is None and counted + (end - start) >= REDUCTION_REQUIRED:
            completed_at = start + (REDUCTION_REQUIRED - counted)
        counted += end - start
    return ReductionStudy(counted, window_ends_at, completed_at is not None, completed_at)


def online_time_by_day(
    heartbeats: Iterable[Heartbeat],
    *,
    zone: tzinfo,
    min_stretch: timedelta = timedelta(0),
    starts_at: datetime | None = None,
) -> dict[date, timedelta]:
    """Online study per local calendar day (a stretch across midnight is split), counting
    only stretches of at least ``min_stretch`` (after clipping to ``starts_at``)."""
    days: dict[date, timedelta] = defaultdict(timedelta)
    for stretch in stretches(heartbeats):
        if starts_at is not None and stretch.ends_at > starts_at > stretch.starts_at:
            stretch = Stretch(starts_at, stretch.ends_at)
        if (starts_at is not None and stretch.ends_at <= starts_at) or (
            stretch.duration < min_stretch
        ):
            continue
        start = stretch.starts_at.astimezone(zone)
        end = stretch.ends_at.astimezone(zone)
        while start < end:
            next_midnight = datetime(start.year, start.month, start.day, tzinfo=zone) + timedelta(
                days=1
            )
            piece_end = min(end, next_midnight)
            days[start.date()] += piece_end - start
            start = piece_end
    return dict(days)


def full_score_online_days(
    heartbeats: Iterable[Heartbeat],
    *,
    zone: tzinfo,
    min_stretch: timedelta = timedelta(0),
    starts_at: datetime | None = None,
) -> list[date]:
    """The days that count as online full-score study days: more than 3 hours online in total
    that day (163号 art. 19; exactly 3 hours is not enough). The services count with the
    points-reduction rule's ``MIN_STRETCH`` (the same rules for every online study)."""
    per_day = online_time_by_day(
        heartbeats, zone=zone, min_stretch=min_stretch, starts_at=starts_at
    )
    return sorted(day for day, time in per_day.items() if time > FULL_SCORE_DAY_ONLINE)
