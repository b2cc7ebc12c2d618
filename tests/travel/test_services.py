"""Officers publish, update and withdraw road events: permission, jurisdiction, audit, the
closure notice and the fog limits, and what the public selectors then show."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, PermissionDenied
from jiaoguan.identity.actors import system_actor
from jiaoguan.travel import selectors, services
from jiaoguan.travel.feeds.common import iso_local
from jiaoguan.travel.models import RoadEvent
from tests.identity.factories import make_citizen, make_officer
from tests.travel.factories import AREA, LINE, make_event, make_travel_officer

pytestmark = pytest.mark.django_db

NOW = "2026-12-03 08:00:00+08:00"


def _refusal(call, **kwargs) -> str:
    with pytest.raises(ApplicationError) as refused:
        call(**kwargs)
    return refused.value.code


def test_publish_writes_the_event_with_version_one_and_audits_it():
    officer = make_travel_officer()
    event = make_event(actor=officer)
    assert event.status == RoadEvent.Status.PUBLISHED
    assert event.version == 1
    assert event.published_at is not None
    actions = list(
        AuditEvent.objects.filter(subject_type="travel.roadevent", subject_id=str(event.pk))
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("travel.event.drafted", officer.pk),
        ("travel.event.published", officer.pk),
    ]


def test_an_officer_without_the_permission_is_refused():
    plain = make_officer(username="jc-plain")
    with pytest.raises(PermissionDenied) as refused:
        make_event(actor=plain)
    assert refused.value.code == "auth.permission_denied"
    assert not RoadEvent.objects.exists()


def test_a_citizen_is_refused():
    with pytest.raises(PermissionDenied):
        make_event(actor=make_citizen())


def test_an_event_outside_the_officers_province_is_refused():
    with pytest.raises(PermissionDenied) as refused:
        make_event(region_code="530100")
    assert refused.value.code == "auth.outside_jurisdiction"


def test_withdraw_hides_the_event_from_the_current_events_and_audits_the_reason():
    officer = make_travel_officer()
    event = make_event(actor=officer)
    assert list(selectors.events_current()) == [event]
    services.event_withdraw(actor=officer, event=event, reason="已清障")
    assert list(selectors.events_current()) == []
    audit = AuditEvent.objects.get(action="travel.event.withdrawn")
    assert audit.data == {"reason": "已清障"}
    assert _refusal(services.event_withdraw, actor=officer, event=event) == "travel.event.state"
    assert _refusal(services.event_update, actor=officer, event=event, title="x") == (
        "travel.event.state"
    )


def test_a_draft_is_not_shown_until_published():
    officer = make_travel_officer()
    draft = make_event(actor=officer, publish=False)
    assert draft.version == 0
    assert list(selectors.events_current()) == []
    services.event_publish(actor=officer, event=draft)
    assert list(selectors.events_current()) == [draft]
    assert _refusal(services.event_publish, actor=officer, event=draft) == "travel.event.state"


def test_update_of_a_published_event_bumps_its_version_and_keeps_its_public_id():
    officer = make_travel_officer()
    event = make_event(actor=officer)
    updated = services.event_update(actor=officer, event=event, lanes_affected=2, severity="severe")
    assert (updated.public_id, updated.version, updated.lanes_affected) == (event.public_id, 2, 2)
    audit = AuditEvent.objects.get(action="travel.event.updated")
    assert audit.data == {
        "fields": ["lanes_affected", "severity"],
        "before": {"lanes_affected": event.lanes_affected, "severity": event.severity},
        "after": {"lanes_affected": 2, "severity": "severe"},
        "version": 2,
    }
    unchanged = services.event_update(actor=officer, event=event, lanes_affected=2)
    assert unchanged.version == 2
    assert AuditEvent.objects.filter(action="travel.event.updated").count() == 1


def test_the_history_lists_every_edit_with_its_values_before_and_after():
    officer = make_travel_officer()
    event = make_event(actor=officer)
    later = event.ends_at + timedelta(hours=2)
    services.event_update(actor=officer, event=event, title="事故已处理一半")
    services.event_update(actor=officer, event=event, ends_at=later)
    history = selectors.event_history(actor=officer, event_id=event.pk)
    assert [entry["action"] for entry in history] == [
        "travel.event.drafted",
        "travel.event.published",
        "travel.event.updated",
        "travel.event.updated",
    ]
    assert [entry["version"] for entry in history[2:]] == [2, 3]
    (title,) = history[2]["changes"]
    assert title[1:] == (event.title, "事故已处理一半")
    (ends,) = history[3]["changes"]
    assert ends[1:] == (iso_local(event.ends_at), iso_local(later))
    yunnan = make_travel_officer(region="530100")
    with pytest.raises(ApplicationError) as refused:
        selectors.event_history(actor=yunnan, event_id=event.pk)
    assert refused.value.code == "travel.event.not_found"


def test_an_event_that_has_ended_is_not_current():
    event = make_event()
    with freeze_time(event.ends_at):
        assert list(selectors.events_current()) == []
    with freeze_time(event.ends_at - timedelta(seconds=1)):
        assert list(selectors.events_current()) == [event]


@freeze_time(NOW)
def test_a_closure_published_exactly_five_days_ahead_is_accepted():
    event = make_event(
        kind="closure", geometry=LINE, starts_at=clock.now() + timedelta(days=5), ends_at=None
    )
    assert event.is_published


@freeze_time(NOW)
def test_a_closure_published_four_days_and_23_hours_ahead_is_refused_and_stays_a_draft():
    officer = make_travel_officer()
    starts_at = clock.now() + timedelta(days=4, hours=23)
    with pytest.raises(ApplicationError) as refused:
        make_event(actor=officer, kind="closure", starts_at=starts_at, ends_at=None)
    assert refused.value.code == "travel.event.closure_notice"
    assert "starts_at" in refused.value.fields
    assert not RoadEvent.objects.exists()  # the draft rolled back with the publication
    draft = make_event(
        actor=officer, kind="closure", starts_at=starts_at, ends_at=None, publish=False
    )
    with pytest.raises(ApplicationError):
        services.event_publish(actor=officer, event=draft)
    draft.refresh_from_db()
    assert draft.status == RoadEvent.Status.DRAFT


@freeze_time(NOW)
def test_an_emergency_closure_is_published_at_once():
    event = make_event(kind="closure", emergency=True, starts_at=clock.now(), ends_at=None)
    assert event.is_published


@freeze_time(NOW)
def test_moving_a_published_closure_earlier_is_checked_against_the_notice():
    officer = make_travel_officer()
    event = make_event(
        actor=officer, kind="closure", starts_at=clock.now() + timedelta(days=6), ends_at=None
    )
    code = _refusal(
        services.event_update,
        actor=officer,
        event=event,
        starts_at=clock.now() + timedelta(days=2),
    )
    assert code == "travel.event.closure_notice"
    later = services.event_update(actor=officer, event=event, description="绕行 S55")
    assert later.version == 2


@pytest.mark.parametrize(
    ("visibility", "limit", "gap"),
    [(199, 60, 100), (99, 40, 50), (49, 20, None), (200, None, None)],
)
def test_fog_sets_the_article_81_speed_limit_and_gap(visibility, limit, gap):
    event = make_event(kind="weather", geometry=AREA, visibility_m=visibility)
    assert (event.speed_limit_kmh, event.minimum_gap_m) == (limit, gap)


def test_a_speed_limit_above_the_fog_limit_is_refused_and_a_lower_one_kept():
    code = _refusal(make_event, kind="weather", visibility_m=80, speed_limit_kmh=60)
    assert code == "travel.event.speed_limit"
    assert make_event(kind="weather", visibility_m=80, speed_limit_kmh=30).speed_limit_kmh == 30


def test_lower_visibility_in_an_update_lowers_the_limit():
    officer = make_travel_officer()
    event = make_event(actor=officer, kind="weather", visibility_m=150)
    assert event.speed_limit_kmh == 60
    event = services.event_update(actor=officer, event=event, visibility_m=40)
    assert (event.speed_limit_kmh, event.minimum_gap_m) == (20, None)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": ""}, "travel.event.required"),
        ({"kind": "flood"}, "travel.event.choice"),
        ({"region_code": "32010"}, "travel.event.region"),
        ({"region_code": "990100"}, "travel.event.region"),
        ({"geometry": {"type": "Point", "coordinates": [200, 32]}}, "travel.event.geometry.range"),
        ({"geometry": {"type": "Circle"}}, "travel.event.geometry.type"),
        ({"lanes_total": 2, "lanes_affected": 3}, "travel.event.lanes"),
    ],
)
def test_bad_input_is_refused_with_a_field_error(fields, code):
    with pytest.raises(ApplicationError) as refused:
        make_event(**fields)
    assert refused.value.code == code
    assert refused.value.status == 422
    assert refused.value.fields


def test_an_end_before_the_start_is_refused():
    code = _refusal(make_event, starts_at=clock.now(), ends_at=clock.now() - timedelta(minutes=1))
    assert code == "travel.event.validity"


def test_current_events_filter_by_region_road_and_kind():
    nanjing = make_event(road_name="G2京沪高速")
    suzhou = make_event(region_code="320500", road_name="S17苏嘉杭高速", kind="congestion")
    assert set(selectors.events_current(region_code="320000")) == {nanjing, suzhou}
    assert list(selectors.events_current(region_code="320100")) == [nanjing]
    assert list(selectors.events_current(region_code="320505")) == []
    assert list(selectors.events_current(region_code="bad")) == []
    assert list(selectors.events_current(road="苏嘉杭")) == [suzhou]
    assert list(selectors.events_current(kind="congestion")) == [suzhou]


def test_officers_see_only_their_provinces_events():
    make_event()
    yunnan = make_travel_officer(region="530100")
    kunming = make_event(actor=yunnan, region_code="530100")
    assert list(selectors.events_of_jurisdiction(actor=yunnan)) == [kunming]
    assert selectors.events_of_jurisdiction(actor=system_actor("test")).count() == 2


def test_publishing_changes_the_feed_version_on_commit(django_capture_on_commit_callbacks):
    before = selectors.feed_version()
    with django_capture_on_commit_callbacks(execute=True):
        make_event()
    assert selectors.feed_version() != before


def test_a_wzdx_import_skips_detours_and_refuses_other_event_types():
    officer = make_travel_officer()
    work_zone = {
        "type": "Feature",
        "id": "wz-1",
        "geometry": {"type": "MultiPoint", "coordinates": [[118.9, 32.1], [119.0, 32.1]]},
        "properties": {
            "core_details": {
                "event_type": "work-zone",
                "road_names": ["G42"],
                "direction": "eastbound",
                "description": "桥梁检修",
            },
            "start_date": "2026-12-03T00:00:00Z",
            "end_date": "2026-12-05T00:00:00Z",
            "vehicle_impact": "some-lanes-closed",
            "lanes": [{"order": 1, "status": "closed"}, {"order": 2, "status": "open"}],
        },
    }
    detour = {**work_zone, "id": "d-1", "properties": {"core_details": {"event_type": "detour"}}}
    counts = services.events_import(
        actor=officer,
        collection={"type": "FeatureCollection", "features": [work_zone, detour]},
        source="wzdx",
        feed_format="wzdx",
        region_code="320100",
    )
    assert counts == {"created": 1, "updated": 0}
    event = RoadEvent.objects.get(source_reference="wz-1")
    assert (event.kind, event.direction, event.lanes_total, event.lanes_affected) == (
        "works", "eastbound", 2, 1,
    )  # fmt: skip
    assert event.geometry["type"] == "LineString"
    other = {**work_zone, "properties": {"core_details": {"event_type": "incident"}}}
    with pytest.raises(ApplicationError) as refused:
        services.events_import(
            actor=officer,
            collection={"type": "FeatureCollection", "features": [other]},
            source="wzdx",
            feed_format="wzdx",
            region_code="320100",
        )
    assert refused.value.code == "travel.import.invalid"
