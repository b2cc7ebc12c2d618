"""The running total of the points-reduction study (``rules.study_tally``) answers exactly
what the rule computes from all the heartbeats (``study_time.reduction_study``), beat by beat:
tabs and devices overlapping, gaps, hidden pages, stretches under 5 minutes, the window's
edges; stored as JSON and read back it is the same; a beat stamped before the last one is
refused so the caller rebuilds it."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiaoguan.core import clock
from jiaoguan.education.rules import study_tally, study_time
from jiaoguan.education.rules.study_time import Heartbeat

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=clock.TIMEZONE)
WINDOW = {"window_starts_at": T0 + timedelta(minutes=2), "window_ends_at": T0 + timedelta(hours=2)}

beats = st.lists(
    st.tuples(
        st.sampled_from(["tab-a", "tab-b", "phone"]),
        st.integers(min_value=0, max_value=60),  # seconds since the previous beat (any tab)
        st.booleans() | st.just(True),
    ),
    max_size=400,
)


def _timeline(steps) -> list[Heartbeat]:
    at, out = T0, []
    for tab, gap, visible in steps:
        at += timedelta(seconds=gap, microseconds=gap * 7919 % 1000)
        out.append(Heartbeat(tab, at, visible))
    return out


@settings(max_examples=300, deadline=None)
@given(beats)
def test_the_tally_agrees_with_the_rule_after_every_beat(steps):
    tally = study_tally.Tally(**WINDOW)
    seen: list[Heartbeat] = []
    for beat in _timeline(steps):
        study_tally.tally_add(tally, beat)
        seen.append(beat)
        stored = study_tally.from_json(study_tally.to_json(tally), **WINDOW)
        assert study_tally.tally_study(stored) == study_time.reduction_study(seen, **WINDOW)


def test_two_tabs_in_step_count_once_and_a_hidden_tab_stops():
    tally = study_tally.Tally(**WINDOW)
    seen = []
    for n in range(41):  # 10 minutes, both tabs every 15 s; tab-b hidden after 5
        at = T0 + timedelta(minutes=3, seconds=15 * n)
        seen += [
            Heartbeat("tab-a", at, True),
            Heartbeat("tab-b", at + timedelta(seconds=1), n < 20),
        ]
        study_tally.tally_add(tally, seen[-2])
        study_tally.tally_add(tally, seen[-1])
    assert study_tally.tally_study(tally).counted == timedelta(minutes=10)
    # tab-a alone after a 41 s silence: a new stretch, under 5 minutes, not counted.
    for n in range(10):
        beat = Heartbeat("tab-a", T0 + timedelta(minutes=13, seconds=41 + 15 * n), True)
        seen.append(beat)
        study_tally.tally_add(tally, beat)
    assert study_tally.tally_study(tally) == study_time.reduction_study(seen, **WINDOW)
    assert study_tally.tally_study(tally).counted == timedelta(minutes=10)


def test_a_beat_before_the_last_one_is_refused_and_rebuilding_gives_the_rule():
    tally = study_tally.Tally(**WINDOW)
    study_tally.tally_add(tally, Heartbeat("tab-a", T0 + timedelta(minutes=10), True))
    with pytest.raises(study_tally.OutOfOrder):
        study_tally.tally_add(tally, Heartbeat("tab-b", T0 + timedelta(minutes=9), True))
    stored = [
        Heartbeat("tab-a", T0 + timedelta(minutes=3, seconds=15 * n), True) for n in range(40)
    ]
    rebuilt = study_tally.tally_of(reversed(stored), **WINDOW)
    assert study_tally.tally_study(rebuilt) == study_time.reduction_study(stored, **WINDOW)


def test_nothing_stored_reads_as_no_tally():
    assert study_tally.from_json({}, **WINDOW) is None
