"""Pure rules of travel information at their edges (DOMAIN §20.2, §20.4)."""

from datetime import UTC, datetime, timedelta

import pytest

from jiaoguan.travel import rules

START = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)


def test_a_closure_announced_exactly_five_days_ahead_is_in_time():
    assert rules.closure_announced_in_time(
        published_at=START - timedelta(days=5), starts_at=START, emergency=False, notice_days=5
    )


def test_a_closure_announced_four_days_and_23_hours_ahead_is_late():
    assert not rules.closure_announced_in_time(
        published_at=START - timedelta(days=4, hours=23),
        starts_at=START,
        emergency=False,
        notice_days=5,
    )


def test_a_closure_announced_one_second_late_is_late():
    published = START - timedelta(days=5) + timedelta(seconds=1)
    assert not rules.closure_announced_in_time(
        published_at=published, starts_at=START, emergency=False, notice_days=5
    )


def test_an_emergency_closure_needs_no_notice():
    assert rules.closure_announced_in_time(
        published_at=START, starts_at=START, emergency=True, notice_days=5
    )


def test_a_longer_configured_notice_moves_the_deadline():
    assert rules.closure_announcement_deadline(START, notice_days=7) == START - timedelta(days=7)


def test_the_notice_may_not_be_configured_below_the_legal_five_days():
    with pytest.raises(ValueError, match="legal 5 days"):
        rules.TravelParameters(closure_notice_days=4)
    assert rules.TravelParameters(closure_notice_days=5).closure_notice_days == 5


def test_the_feed_cache_may_not_exceed_30_seconds():
    with pytest.raises(ValueError, match="between 0 and 30"):
        rules.TravelParameters(feed_cache_seconds=31)
    assert rules.DEFAULT_PARAMETERS.feed_cache_seconds <= 30
    assert rules.TravelParameters(feed_cache_seconds=0).feed_cache_seconds == 0


def test_the_version_token_is_not_trusted_longer_than_the_cache_lives():
    with pytest.raises(ValueError, match="feed_version_seconds"):
        rules.TravelParameters(feed_cache_seconds=2, feed_version_seconds=3)
    with pytest.raises(ValueError, match="feed_version_seconds"):
        rules.TravelParameters(feed_version_seconds=-1)
    defaults = rules.DEFAULT_PARAMETERS
    assert defaults.feed_version_seconds <= defaults.feed_cache_seconds


def test_a_cancel_is_kept_a_positive_time():
    with pytest.raises(ValueError, match="cap_cancel_retention_hours"):
        rules.TravelParameters(cap_cancel_retention_hours=0)


@pytest.mark.parametrize(
    ("visibility", "limit", "gap", "lights", "leave"),
    [
        (1000, None, None, None, None),
        (200, None, None, None, None),
        (199, 60, 100, False, False),
        (100, 60, 100, False, False),
        (99, 40, 50, True, False),
        (50, 40, 50, True, False),
        (49, 20, None, True, True),
        (0, 20, None, True, True),
    ],
)
def test_fog_table_edges(visibility, limit, gap, lights, leave):
    advice = rules.fog_advice(visibility)
    if limit is None:
        assert advice is None
        return
    assert advice is not None
    assert (advice.speed_limit_kmh, advice.minimum_gap_m) == (limit, gap)
    assert (advice.hazard_lights, advice.leave_at_nearest_exit) == (lights, leave)


def test_a_negative_visibility_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        rules.fog_advice(-1)


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [118.78, 32.04]},
        {"type": "Point", "coordinates": [118.78, 32.04, 10]},
        {"type": "LineString", "coordinates": [[118.78, 32.04], [118.80, 32.05]]},
        {
            "type": "Polygon",
            "coordinates": [[[118.7, 32.0], [118.8, 32.0], [118.8, 32.1], [118.7, 32.0]]],
        },
        {"type": "Point", "coordinates": [180, -90]},
    ],
)
def test_valid_geometries(geometry):
    assert rules.geometry_refusal(geometry) is None


@pytest.mark.parametrize(
    ("geometry", "refusal"),
    [
        ([118.78, 32.04], rules.GeometryRefusal.NOT_AN_OBJECT),
        ({"type": "MultiPoint", "coordinates": [[1, 2]]}, rules.GeometryRefusal.TYPE),
        ({"type": "Point", "coordinates": ["118", "32"]}, rules.GeometryRefusal.COORDINATES),
        ({"type": "Point", "coordinates": [True, 32]}, rules.GeometryRefusal.COORDINATES),
        ({"type": "Point", "coordinates": [118.78]}, rules.GeometryRefusal.COORDINATES),
        ({"type": "Point", "coordinates": [180.01, 32]}, rules.GeometryRefusal.RANGE),
        ({"type": "Point", "coordinates": [118, 90.5]}, rules.GeometryRefusal.RANGE),
        ({"type": "Point", "coordinates": [float("nan"), 32]}, rules.GeometryRefusal.COORDINATES),
        ({"type": "LineString", "coordinates": [[118, 32]]}, rules.GeometryRefusal.TOO_FEW),
        (
            {"type": "Polygon", "coordinates": [[[118, 32], [119, 32], [118, 32]]]},
            rules.GeometryRefusal.TOO_FEW,
        ),
        (
            {"type": "Polygon", "coordinates": [[[118, 32], [119, 32], [119, 33], [118, 33]]]},
            rules.GeometryRefusal.NOT_CLOSED,
        ),
        ({"type": "Polygon", "coordinates": []}, rules.GeometryRefusal.COORDINATES),
    ],
)
def test_invalid_geometries(geometry, refusal):
    assert rules.geometry_refusal(geometry) == refusal


def test_centre_of_a_polygon_counts_the_closing_position_once():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    assert rules.centre_of(square) == (1, 1)


def test_the_transition_table():
    S, A = rules.EventStatus, rules.EventAction
    assert rules.next_status(S.DRAFT, A.PUBLISH) == S.PUBLISHED
    assert rules.next_status(S.PUBLISHED, A.UPDATE) == S.PUBLISHED
    assert rules.next_status(S.PUBLISHED, A.WITHDRAW) == S.WITHDRAWN
    assert rules.next_status(S.PUBLISHED, A.PUBLISH) is None
    assert rules.next_status(S.WITHDRAWN, A.UPDATE) is None
    assert rules.next_status(S.WITHDRAWN, A.PUBLISH) is None


def test_validity_and_currency():
    assert rules.validity_ok(START, None)
    assert rules.validity_ok(START, START + timedelta(seconds=1))
    assert not rules.validity_ok(START, START)
    assert rules.is_current(status="published", ends_at=None, now=START)
    assert rules.is_current(status="published", ends_at=START + timedelta(seconds=1), now=START)
    assert not rules.is_current(status="published", ends_at=START, now=START)
    assert not rules.is_current(status="withdrawn", ends_at=None, now=START)
    assert not rules.is_current(status="draft", ends_at=None, now=START)


def test_lanes():
    assert rules.lanes_ok(0, None)
    assert rules.lanes_ok(2, 2)
    assert not rules.lanes_ok(3, 2)
    assert not rules.lanes_ok(0, 0)
    assert not rules.lanes_ok(-1, None)


def test_black_spot_criterion_at_its_edges():
    def spot(deaths=(), general=0, road_factors=False):
        return rules.is_black_spot(
            deaths_per_accident=list(deaths), general_accidents=general, road_factors=road_factors
        )

    assert spot(deaths=[3], road_factors=True)
    assert not spot(deaths=[3])
    assert not spot(deaths=[2], road_factors=True)
    assert spot(deaths=[3, 3])
    assert spot(deaths=[1, 1, 1])
    assert not spot(deaths=[1, 1])
    assert spot(general=5)
    assert not spot(general=4)
