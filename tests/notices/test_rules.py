"""Pure notice rules: threshold inversion against the domain rules, delivery policy."""

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.dates import add_years, month_end
from jiaoguan.drivers import rules as driver_rules
from jiaoguan.notices import rules
from jiaoguan.vehicles import rules as vehicle_rules

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2060, 12, 31))


@given(day=days, years=st.integers(min_value=1, max_value=30))
def test_anchors_on_or_before_is_the_last_anchor_whose_rule_date_has_come(day, years):
    last = rules.anchors_on_or_before(lambda anchor: add_years(anchor, years), day)
    assert add_years(last, years) <= day
    assert add_years(last + timedelta(days=1), years) > day


def test_anchors_on_or_before_finds_a_feb_29_anchor_when_its_rule_date_is_feb_28():
    last = rules.anchors_on_or_before(lambda anchor: add_years(anchor, 10), date(2026, 2, 28))
    assert last == date(2016, 2, 29)


@given(day=days)
def test_renewal_window_range_matches_the_rule_at_both_ends(day):
    def window(start):
        return driver_rules.renewal_window(
            driver_rules.valid_until(start, driver_rules.Validity("10"))
        )

    first, last = rules.anchors_with_window_containing(window, day)
    for anchor in (first, last):
        opens, closes = window(anchor)
        assert opens <= day <= closes
    for outside in (first - timedelta(days=1), last + timedelta(days=1)):
        opens, closes = window(outside)
        assert not opens <= day <= closes


@given(day=days)
def test_inspection_window_range_is_three_due_months(day):
    first, last = rules.anchors_with_window_containing(
        lambda until: vehicle_rules.inspection_window(until, school_bus=False), day
    )
    assert first == day.replace(day=1)
    assert month_end(last) == last
    assert (last.year * 12 + last.month) - (day.year * 12 + day.month) == 2


def test_a_window_no_anchor_reaches_gives_none():
    assert (
        rules.anchors_with_window_containing(lambda a: (date.max, date.max), date(2026, 1, 1))
        is None
    )


QUIET = rules.QuietHours.parse("21:00", "08:00")


def test_quiet_hours_cross_midnight():
    assert QUIET.contains(time(21, 0))
    assert QUIET.contains(time(7, 59))
    assert not QUIET.contains(time(8, 0))
    assert not QUIET.contains(time(20, 59))


def test_during_quiet_hours_a_message_waits_for_eight_in_the_morning():
    evening = datetime(2026, 3, 1, 22, 30)
    night = datetime(2026, 3, 2, 3, 0)
    assert rules.next_allowed_moment(evening, QUIET) == datetime(2026, 3, 2, 8, 0)
    assert rules.next_allowed_moment(night, QUIET) == datetime(2026, 3, 2, 8, 0)
    assert rules.next_allowed_moment(datetime(2026, 3, 2, 9, 0), QUIET) == datetime(
        2026, 3, 2, 9, 0
    )


def test_equal_start_and_end_mean_no_quiet_hours():
    assert not rules.QuietHours.parse("00:00", "00:00").contains(time(3, 0))


def test_daily_cap():
    assert not rules.daily_cap_reached(2, 3)
    assert rules.daily_cap_reached(3, 3)
    assert not rules.daily_cap_reached(100, 0)


def test_render_keeps_unknown_placeholders():
    assert rules.render("{subject} {unknown}", {"subject": "苏A12345"}) == "苏A12345 {unknown}"
