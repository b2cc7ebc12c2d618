"""A running total of the points-reduction study, kept on the application and brought up to
date by each heartbeat, so a beat no longer reads back every heartbeat of the application
(bench/education). It answers exactly what ``study_time.reduction_study`` answers from all
the heartbeats, given that they arrive in the order of the server's clock (the callers hold
the application's row lock, and ``received_at`` is the server's time); a beat stamped earlier
than the last one (clocks of two servers apart) is refused with ``OutOfOrder``, and the
caller rebuilds the tally from the stored heartbeats with ``tally_of``.

Why it is exact: a beat adds at most one covered interval, from the previous beat of its tab,
which is at most ``MAX_GAP_SECONDS`` old. So a stretch of the union that ended more than that
before the latest beat can never grow again: it is *final*, and only its counted seconds (at
least 5 minutes after clipping to the window) are kept. The stretches still open (usually
one), the last beat of each tab, and the moment the 30th minute was reached are kept as they
are.

The tally is stored as JSON (``to_json``/``from_json``): times as ISO strings, the final
counted time in whole microseconds (exact, as the heartbeats' times are).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .study_time import (
    MAX_GAP_SECONDS,
    REDUCTION_MIN_STRETCH,
    REDUCTION_REQUIRED,
    Heartbeat,
    ReductionStudy,
    Stretch,
)

_MAX_GAP = timedelta(seconds=MAX_GAP_SECONDS)
_MICROSECOND = timedelta(microseconds=1)


class OutOfOrder(ValueError):
    """A heartbeat stamped before the last one the tally has seen."""


@dataclass
class Tally:
    window_starts_at: datetime
    window_ends_at: datetime
    #: The last beat of each tab: (server time, visible).
    tabs: dict[str, tuple[datetime, bool]] = field(default_factory=dict)
    #: Stretches that a later beat may still extend or join, in time order, never overlapping.
    open: list[Stretch] = field(default_factory=list)
    #: Counted time of the final stretches (those of at least 5 minutes in the window).
    final: timedelta = timedelta(0)
    #: When the 30th minute was reached within the final stretches.
    final_completed_at: datetime | None = None
    last_at: datetime | None = None

    def knows_tab(self, tab: str) -> bool:
        return tab in self.tabs


def _clipped(tally: Tally, stretch: Stretch) -> timedelta:
    start = max(stretch.starts_at, tally.window_starts_at)
    end = min(stretch.ends_at, tally.window_ends_at)
    duration = end - start
    return duration if duration >= REDUCTION_MIN_STRETCH else timedelta(0)


def _join(stretches: list[Stretch], interval: Stretch) -> list[Stretch]:
    merged: list[Stretch] = []
    for item in sorted([*stretches, interval], key=lambda s: s.starts_at):
        if merged and item.starts_at <= merged[-1].ends_at:
            last = merged[-1]
            if item.ends_at > last.ends_at:
                merged[-1] = Stretch(last.starts_at, item.ends_at)
        else:
            merged.append(item)
    return merged


def tally_add(tally: Tally, beat: Heartbeat) -> None:
    """Bring ``tally`` up to date with ``beat`` (in place). Raises ``OutOfOrder`` for a beat
    stamped before the last one seen (the tally is then unchanged)."""
    at = beat.received_at
    if tally.last_at is not None and at < tally.last_at:
        raise OutOfOrder(at)
    previous = tally.tabs.get(beat.tab)
    if (
        previous is not None
        and previous[1]
        and beat.visible
        and timedelta(0) < at - previous[0] <= _MAX_GAP
    ):
        tally.open = _join(tally.open, Stretch(previous[0], at))
    tally.tabs[beat.tab] = (at, beat.visible)
    tally.last_at = at
    still_open = []
    for stretch in tally.open:
        if stretch.ends_at < at - _MAX_GAP:
            counted = _clipped(tally, stretch)
            if tally.final_completed_at is None and tally.final + counted >= REDUCTION_REQUIRED:
                start = max(stretch.starts_at, tally.window_starts_at)
                tally.final_completed_at = start + (REDUCTION_REQUIRED - tally.final)
            tally.final += counted
        else:
            still_open.append(stretch)
    tally.open = still_open


def tally_study(tally: Tally) -> ReductionStudy:
    """The study as ``study_time.reduction_study`` reads it from the same heartbeats."""
    counted = tally.final
    completed_at = tally.final_completed_at
    for stretch in tally.open:
        part = _clipped(tally, stretch)
        if not part:
            continue
        if completed_at is None and counted + part >= REDUCTION_REQUIRED:
            start = max(stretch.starts_at, tally.window_starts_at)
            completed_at = start + (REDUCTION_REQUIRED - counted)
        counted += part
    return ReductionStudy(counted, tally.window_ends_at, completed_at is not None, completed_at)


def tally_of(
    heartbeats: Iterable[Heartbeat], *, window_starts_at: datetime, window_ends_at: datetime
) -> Tally:
    """A tally rebuilt from stored heartbeats, taken in server-time order."""
    tally = Tally(window_starts_at, window_ends_at)
    for beat in sorted(heartbeats, key=lambda b: b.received_at):
        tally_add(tally, beat)
    return tally


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def to_json(tally: Tally) -> dict:
    return {
        "tabs": {tab: [at.isoformat(), visible] for tab, (at, visible) in tally.tabs.items()},
        "open": [[s.starts_at.isoformat(), s.ends_at.isoformat()] for s in tally.open],
        "final_us": tally.final // _MICROSECOND,
        "final_completed_at": (
            None if tally.final_completed_at is None else tally.final_completed_at.isoformat()
        ),
        "last_at": None if tally.last_at is None else tally.last_at.isoformat(),
    }


def from_json(data: dict, *, window_starts_at: datetime, window_ends_at: datetime) -> Tally | None:
    """The tally stored as ``data``; None when none is stored yet (rebuild it)."""
    if not data:
        return None
    return Tally(
        window_starts_at,
        window_ends_at,
        tabs={
            tab: (datetime.fromisoformat(at), bool(visible))
            for tab, (at, visible) in data["tabs"].items()
        },
        open=[
            Stretch(datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in data["open"]
        ],
        final=data["final_us"] * _MICROSECOND,
        final_completed_at=_time(data["final_completed_at"]),
        last_at=_time(data["last_at"]),
    )
