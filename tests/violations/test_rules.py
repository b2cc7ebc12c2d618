"""Violation rules at their edges: the late penalty's day 15, day 16 and cap; online handling."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.money import Money
from jiaoguan.violations.rules.handling import (
    Driver,
    HandlingCase,
    Refusal,
    online_handling_refusals,
)
from jiaoguan.violations.rules.penalties import late_penalty
from jiaoguan.violations.rules.records import (
    UPLOAD_MAX_AGE,
    plausible_capture_time,
    still_deletable,
)

SERVED = date(2026, 3, 1)
FINE = Money.from_yuan(200)


def on_day(n: int, fine: Money = FINE, **kwargs):
    return late_penalty(fine, served_on=SERVED, as_of=SERVED + timedelta(days=n), **kwargs)


def test_day_15_after_service_is_the_last_day_without_penalty():
    penalty = on_day(15)
    assert penalty.due_on == date(2026, 3, 16)
    assert (penalty.days, penalty.amount) == (0, Money.ZERO)


def test_day_16_after_service_adds_3_percent():
    penalty = on_day(16)
    assert (penalty.days, penalty.amount) == (1, Money.from_yuan(6))
    assert penalty.total(FINE) == Money.from_yuan(206)


def test_penalty_grows_3_percent_a_day_until_it_equals_the_fine():
    # 200 yuan: 6 yuan a day; day 48 is the 33rd charged day (198), day 49 would be 204.
    assert on_day(48).amount == Money.from_yuan(198)
    assert not on_day(48).capped
    assert on_day(49).amount == FINE
    assert on_day(49).capped
    assert on_day(4000).amount == FINE


def test_daily_amount_is_rounded_to_the_fen_once():
    # 3% of 50.50 yuan is 1.515 yuan: 1.52 a day.
    penalty = on_day(17, Money.from_yuan("50.50"))
    assert penalty.daily == Money.from_yuan("1.52")
    assert penalty.amount == Money.from_yuan("3.04")


def test_days_of_pending_reconsideration_do_not_count():
    assert on_day(20, paused_days=5).amount == Money.ZERO
    assert on_day(21, paused_days=5).amount == Money.from_yuan(6)
    with pytest.raises(ValueError, match="negative"):
        on_day(20, paused_days=-1)


def test_nothing_is_owed_before_service():
    assert on_day(-3).amount == Money.ZERO


@given(
    fen=st.integers(min_value=0, max_value=10**8),
    days=st.integers(min_value=-30, max_value=2000),
)
def test_penalty_never_exceeds_the_fine_and_never_decreases(fen, days):
    fine = Money(fen)
    today, tomorrow = on_day(days, fine), on_day(days + 1, fine)
    assert today.amount <= fine
    assert today.amount <= tomorrow.amount


LICENSED = Driver(has_license=True, license_usable=True, cycle_points=0)


def test_camera_record_with_small_fine_may_be_handled_online():
    case = HandlingCase(camera_recorded=True, fine=FINE, points=6)
    assert online_handling_refusals(case, LICENSED) == ()


def test_fine_over_200_yuan_is_the_general_procedure():
    over = HandlingCase(camera_recorded=True, fine=Money.from_yuan("200.01"), points=0)
    assert online_handling_refusals(over, LICENSED) == (Refusal.GENERAL_PROCEDURE,)
    limit = Money.from_yuan(500)
    assert online_handling_refusals(over, LICENSED, fine_limit=limit) == ()
    suspended = HandlingCase(
        camera_recorded=True, fine=FINE, points=0, suspension_or_revocation=True
    )
    assert online_handling_refusals(suspended, LICENSED) == (Refusal.GENERAL_PROCEDURE,)


def test_record_made_on_the_spot_is_not_handled_online():
    case = HandlingCase(camera_recorded=False, fine=FINE, points=0)
    assert online_handling_refusals(case, LICENSED) == (Refusal.NOT_CAMERA_RECORDED,)


@pytest.mark.parametrize(
    ("cycle_points", "points", "allowed"),
    [(5, 6, True), (6, 6, False), (11, 1, False), (11, 0, True)],
)
def test_points_may_not_bring_the_cycle_to_12(cycle_points, points, allowed):
    case = HandlingCase(camera_recorded=True, fine=FINE, points=points)
    driver = Driver(has_license=True, license_usable=True, cycle_points=cycle_points)
    refusals = online_handling_refusals(case, driver)
    assert (Refusal.WOULD_REACH_FULL_SCORE not in refusals) is allowed


def test_points_need_a_usable_license_but_a_zero_point_record_does_not():
    with_points = HandlingCase(camera_recorded=True, fine=FINE, points=1)
    no_points = HandlingCase(camera_recorded=True, fine=FINE, points=0)
    unlicensed = Driver(has_license=False, license_usable=False, cycle_points=0)
    seized = Driver(has_license=True, license_usable=False, cycle_points=0)
    assert online_handling_refusals(with_points, unlicensed) == (Refusal.NO_LICENSE,)
    assert online_handling_refusals(with_points, seized) == (Refusal.LICENSE_NOT_USABLE,)
    assert online_handling_refusals(no_points, unlicensed) == ()


NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("occurred_at", "plausible"),
    [
        (NOW, True),
        (NOW + timedelta(seconds=1), False),
        (NOW - UPLOAD_MAX_AGE, True),
        (NOW - UPLOAD_MAX_AGE - timedelta(seconds=1), False),
    ],
)
def test_capture_time_is_neither_future_nor_older_than_two_years(occurred_at, plausible):
    assert plausible_capture_time(occurred_at, now=NOW) is plausible


def test_entered_record_is_deletable_through_its_last_day():
    last = date(2026, 11, 25)
    assert still_deletable(today=last, deletable_until=last)
    assert not still_deletable(today=last + timedelta(days=1), deletable_until=last)


@pytest.mark.parametrize(("current", "first"), [(0, 0), (1, 0), (2, 0), (3, 1), (10, 8)])
def test_serious_offenses_bar_reduction_for_this_cycle_and_the_two_before(current, first):
    from jiaoguan.violations.rules.reduction import first_barred_cycle

    assert first_barred_cycle(current) == first


@pytest.mark.parametrize(("points", "full"), [(11, 0), (12, 1), (23, 1), (24, 2), (36, 3)])
def test_each_twelve_points_is_one_full_score(points, full):
    from jiaoguan.drivers.rules import full_scores

    assert full_scores(points) == full
