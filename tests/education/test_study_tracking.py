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


def _rule_minutes(application) -> float:
    from jiaoguan.education import selectors
    from jiaoguan.education.rules import study_time

    study = study_time.reduction_study(
        selectors.heartbeats_of(application),
        window_starts_at=application.applied_at,
        window_ends_at=application.study_ends_at,
    )
    return study.counted.total_seconds() / 60


def test_a_beat_reads_no_heartbeats_back_however_many_there_are():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with learner() as me:
        application = _ready(me)
        counts = []
        for n in range(60):
            with CaptureQueriesContext(connection) as queries:
                me.beat(application, "tab-a")
            me.wait(15)
            if n in (1, 59):
                counts.append(len(queries))
                reads = [
                    q["sql"]
                    for q in queries.captured_queries
                    if "studyheartbeat" in q["sql"] and not q["sql"].startswith("INSERT")
                ]
                assert reads == []
        assert counts[0] == counts[1]
        application.refresh_from_db()
        assert _minutes(me.beat(application, "tab-a")) == _rule_minutes(application)


def test_a_server_clock_behind_the_last_beat_rebuilds_the_total_from_the_records():
    with learner() as me:
        application = _ready(me)
        for _ in range(6 * 4 + 1):  # 6 minutes
            me.beat(application, "tab-a")
            me.wait(15)
        me.wait(-20)  # another server, its clock 20 s behind: stamped before the last beat
        progress = me.beat(application, "tab-b")
        application.refresh_from_db()
        assert _minutes(progress) == _rule_minutes(application) == 6


def test_an_application_without_a_running_total_gets_it_rebuilt():
    from jiaoguan.education.models import ReductionApplication

    with learner() as me:
        application = _ready(me)
        for _ in range(5 * 4 + 1):  # 5 minutes
            me.beat(application, "tab-a")
            me.wait(15)
        ReductionApplication.objects.filter(pk=application.pk).update(study_tally={})
        progress = me.beat(application, "tab-a")
        assert _minutes(progress) == 5.25
