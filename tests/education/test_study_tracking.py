"""Study tracking through the service on a simulated clock: what the server counts from the
heartbeats it stamps itself (gaps, hidden pages, parallel tabs, two devices, client clock skew)."""

from datetime import timedelta

import pytest

from tests.education.helpers import learner

pytestmark = pytest.mark.django_db


def _ready(me):
    application = me.apply()
    me.face(application)
    # No random face check falls due in these tests: push it beyond them.
    application.next_face_check_at = application.applied_at + timedelta(days=1)
    application.save(update_fields=["next_face_check_at"])
    return application


def _minutes(progress) -> float:
    return progress.counted_seconds / 60


def test_parallel_tabs_and_two_devices_count_once():
    with learner() as me:
        application = _ready(me)
        progress = None
        for _ in range(10 * 4 + 1):  # 10 minutes, three pages beating at the same moments
            for tab in ("phone-tab", "laptop-tab-1", "laptop-tab-2"):
                progress = me.beat(application, tab)
            me.wait(15)
        assert _minutes(progress) == 10


def test_a_stretch_under_5_minutes_does_not_count_and_a_gap_ends_a_stretch():
    with learner() as me:
        application = _ready(me)
        for _ in range(4 * 4 + 1):  # 4 minutes
            progress = me.beat(application)
            me.wait(15)
        me.wait(60)  # a silence of more than 40 s: the stretch ended
        assert _minutes(progress) == 0
        for _ in range(6 * 4 + 1):  # 6 minutes
            progress = me.beat(application)
            me.wait(15)
        assert _minutes(progress) == 6


def test_a_hidden_page_stops_the_timer():
    with learner() as me:
        application = _ready(me)
        for _ in range(6 * 4 + 1):
            me.beat(application)
            me.wait(15)
        me.beat(application, visible=False)
        me.wait(20 * 60)
        progress = me.beat(application)
        assert _minutes(progress) == 6  # nothing from the last shown beat on


def test_the_client_clock_is_ignored():
    with learner() as me:
        application = _ready(me)
        for n in range(6 * 4 + 1):
            # A page claiming an hour per beat (or any time at all) changes nothing.
            claimed = me.citizen.date_joined + timedelta(hours=n) if n % 2 else None
            progress = me.beat(application, client_at=claimed)
            me.wait(15)
        assert _minutes(progress) == 6
