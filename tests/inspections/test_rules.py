"""The pure rules at their edge dates: window start and end, horizon, the 2-hour deadline, the
no-show bar, slot times, off-site exclusions, results, and the mark-only years by age."""

from datetime import date, datetime, time, timedelta

import pytest

from jiaoguan.inspections import rules
from jiaoguan.inspections.rules import MarkFacts, MarkRefusal, Refusal
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.rules import VehicleCategory, VehicleProfile

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 10, 0)
# a validity to 2027-01-31: the window is 2026-11-01 .. 2027-01-31
WINDOW = (date(2026, 11, 1), date(2027, 1, 31))


def facts(slot_at: datetime, **changes) -> rules.BookingFacts:
    values = {
        "today": TODAY,
        "now": NOW,
        "slot_starts_at": slot_at,
        "window": WINDOW,
        "valid_until": WINDOW[1],
        "vehicle_normal": True,
        "unhandled_violations": 0,
        "off_site_excluded": False,
        "lane_fits": True,
        "station_open": True,
        "banned_until": None,
    }
    values.update(changes)
    return rules.BookingFacts(**values)


def test_a_slot_on_the_window_start_may_be_booked_and_the_day_before_may_not():
    start = datetime.combine(date(2027, 3, 1), time(9))
    window = (date(2027, 3, 1), date(2027, 5, 31))
    today = date(2027, 2, 20)
    now = datetime.combine(today, time(8))
    assert rules.booking_refusals(facts(start, window=window, today=today, now=now)) == []
    before = start - timedelta(days=1)
    assert rules.booking_refusals(facts(before, window=window, today=today, now=now)) == [
        Refusal.NOT_IN_WINDOW
    ]


def test_an_overdue_vehicle_may_still_book():
    window = (date(2026, 7, 1), date(2026, 9, 30))  # the validity ended in September
    slot = datetime(2026, 12, 4, 9)
    assert rules.booking_refusals(facts(slot, window=window, valid_until=window[1])) == []


def test_the_horizon_ends_fourteen_days_ahead():
    assert rules.booking_refusals(facts(datetime(2026, 12, 17, 16, 30))) == []
    assert rules.booking_refusals(facts(datetime(2026, 12, 18, 8, 30))) == [Refusal.BEYOND_HORIZON]


def test_a_slot_starting_now_is_past():
    assert rules.booking_refusals(facts(NOW)) == [Refusal.SLOT_PAST]
    assert rules.booking_refusals(facts(NOW + timedelta(minutes=1))) == []


def test_every_refusal_is_reported():
    refused = rules.booking_refusals(
        facts(
            datetime(2026, 12, 4, 9),
            unhandled_violations=2,
            lane_fits=False,
            banned_until=TODAY,
            station_open=False,
        )
    )
    assert refused == [
        Refusal.STATION_CLOSED,
        Refusal.LANE_KIND,
        Refusal.UNHANDLED_VIOLATIONS,
        Refusal.NO_SHOW_BAN,
    ]


def test_change_allowed_until_exactly_two_hours_before():
    slot = datetime(2026, 12, 4, 9)
    assert rules.change_allowed(slot, slot - timedelta(hours=2))
    assert not rules.change_allowed(slot, slot - timedelta(hours=2) + timedelta(seconds=1))


def test_two_no_shows_within_ninety_days_bar_booking_for_thirty_days():
    last = date(2026, 12, 1)
    # 2026-09-04 is exactly 90 days before 2026-12-03: it counts; a day earlier does not
    bar = rules.no_show_banned_until([date(2026, 9, 4), last], TODAY)
    assert bar == last + timedelta(days=30)
    assert rules.no_show_banned_until([date(2026, 9, 3), last], TODAY) is None
    assert rules.no_show_banned_until([last], TODAY) is None
    # the bar's last day, then free
    assert rules.no_show_banned_until([date(2026, 11, 1), last], date(2026, 12, 31)) == date(
        2026, 12, 31
    )
    assert rules.no_show_banned_until([date(2026, 11, 1), last], date(2027, 1, 1)) is None


def test_slots_run_back_to_back_and_the_last_one_ends_by_closing():
    slots = rules.slot_times(TODAY, time(8, 30), time(10, 0))
    assert [start.time() for start, _end in slots] == [time(8, 30), time(9), time(9, 30)]
    assert len(rules.slot_times(TODAY, time(8, 30), time(9, 59))) == 2


def test_large_buses_and_school_buses_stay_in_their_province():
    excluded = rules.off_site_excluded
    large = VehicleCategory.LARGE_PASSENGER
    small = VehicleCategory.SMALL_PASSENGER_CAR
    goods = VehicleCategory.HEAVY_GOODS
    assert excluded(large, school_bus=False, vehicle_province="32", station_province="11")
    assert not excluded(large, school_bus=False, vehicle_province="32", station_province="32")
    assert excluded(small, school_bus=True, vehicle_province="32", station_province="11")
    assert not excluded(small, school_bus=False, vehicle_province="32", station_province="11")
    assert not excluded(goods, school_bus=False, vehicle_province="32", station_province="11")


def test_lanes_by_category():
    assert rules.lane_kind_for(VehicleCategory.MICRO_PASSENGER_CAR) is rules.LaneKind.SMALL
    assert (
        rules.lane_kind_for(VehicleCategory.THREE_WHEELED_MOTORCYCLE) is rules.LaneKind.MOTORCYCLE
    )
    assert rules.lane_kind_for(VehicleCategory.MEDIUM_PASSENGER) is rules.LaneKind.LARGE


@pytest.mark.parametrize(
    ("items", "passed", "reason", "refused"),
    [
        ([rules.Item("braking", True)], True, "", []),
        ([rules.Item("braking", False)], False, "制动不合格", []),
        ([], True, "", [rules.ResultRefusal.NO_ITEMS]),
        ([rules.Item("braking", False)], True, "", [rules.ResultRefusal.VERDICT_MISMATCH]),
        ([rules.Item("braking", True)], False, "x", [rules.ResultRefusal.VERDICT_MISMATCH]),
        ([rules.Item("braking", False)], False, " ", [rules.ResultRefusal.REASON_MISSING]),
        ([rules.Item("tyres!", True)], True, "", [rules.ResultRefusal.UNKNOWN_ITEM]),
        (
            [rules.Item("lamps", True), rules.Item("lamps", True)],
            True,
            "",
            [rules.ResultRefusal.DUPLICATE_ITEM],
        ),
    ],
)
def test_the_verdict_must_agree_with_the_items(items, passed, reason, refused):
    assert rules.result_refusals(items, passed=passed, failure_reason=reason, odometer_km=1) == (
        refused
    )


def test_odometer_lower_than_any_earlier_reading_is_flagged():
    assert rules.odometer_regressed(50_000, []) is None
    assert rules.odometer_regressed(50_000, [50_000, 20_000]) is None
    assert rules.odometer_regressed(49_999, [50_000, 20_000]) == 50_000


def test_the_retest_window_is_thirty_days_inclusive():
    assert rules.retest_until(date(2026, 12, 3)) == date(2027, 1, 2)


def _car(registered_on: date, **flags) -> VehicleProfile:
    return VehicleProfile(
        vehicle_type=flags.pop("vehicle_type", "K33"),
        use=vehicle_rules.UseCharacter.NON_OPERATING,
        seats=flags.pop("seats", 5),
        registered_on=registered_on,
        manufactured_on=registered_on - timedelta(days=60),
        **flags,
    )


def _mark_facts(profile: VehicleProfile, valid_until: date, today: date) -> MarkFacts:
    due = vehicle_rules.next_inspection(profile, today, valid_until=valid_until)
    return MarkFacts(
        today=today,
        mark_only=due.kind is vehicle_rules.InspectionKind.MARK_ONLY,
        needs_manual_review=due.needs_manual_review,
        window=vehicle_rules.inspection_window(due, school_bus=False),
        unhandled_violations=0,
        vehicle_normal=True,
    )


@pytest.mark.parametrize(
    ("registered_on", "refused"),
    [
        (date(2024, 12, 10), []),  # year 2: mark only
        (date(2022, 12, 10), []),  # year 4: mark only
        (date(2020, 12, 10), [MarkRefusal.NOT_MARK_ONLY]),  # year 6: test lane
        (date(2018, 12, 10), []),  # year 8: mark only (2022 reform)
        (date(2016, 12, 10), [MarkRefusal.NOT_MARK_ONLY]),  # year 10: test lane
        (date(2015, 12, 10), [MarkRefusal.NOT_MARK_ONLY]),  # year 11: yearly test lane
    ],
)
def test_mark_only_years_by_vehicle_age(registered_on, refused):
    facts = _mark_facts(_car(registered_on), date(2026, 12, 31), date(2026, 12, 3))
    assert rules.mark_refusals(facts) == refused


def test_a_seven_seat_van_never_gets_the_mark_online():
    van = _car(date(2022, 12, 10), vehicle_type="K39", seats=7)
    facts = _mark_facts(van, date(2026, 12, 31), date(2026, 12, 3))
    assert rules.mark_refusals(facts) == [MarkRefusal.NOT_MARK_ONLY]


@pytest.mark.parametrize(
    ("today", "refused"),
    [
        (date(2026, 9, 30), [MarkRefusal.NOT_IN_WINDOW]),
        (date(2026, 10, 1), []),  # the window opens on the first day of the 3rd month before
        (date(2026, 12, 31), []),  # the last day of the due month
        (date(2027, 1, 1), [MarkRefusal.EXPIRED]),
    ],
)
def test_the_online_mark_window_edges(today, refused):
    facts = _mark_facts(_car(date(2022, 12, 10)), date(2026, 12, 31), today)
    assert rules.mark_refusals(facts) == refused


def test_a_pass_in_the_window_moves_the_validity_to_the_next_due():
    car = _car(date(2020, 12, 10))  # years 6 (2026-12), 8 (mark), 10 ...
    assert vehicle_rules.validity_after_pass(car, date(2026, 12, 31), date(2026, 10, 1)) == date(
        2028, 12, 31
    )
    assert vehicle_rules.validity_after_pass(car, date(2026, 12, 31), date(2026, 12, 31)) == date(
        2028, 12, 31
    )


def test_a_pass_after_the_validity_expired_covers_the_month_of_the_pass():
    car = _car(date(2014, 12, 10))  # year 11 onwards: yearly, dues every December
    # expired 2025-12-31, passed 2026-03-05: the next due after March 2026 is 2026-12
    assert vehicle_rules.validity_after_pass(car, date(2025, 12, 31), date(2026, 3, 5)) == date(
        2026, 12, 31
    )
    # passed in a due month itself: that due is covered, the next one follows
    assert vehicle_rules.validity_after_pass(car, date(2025, 12, 31), date(2026, 12, 1)) == date(
        2027, 12, 31
    )
