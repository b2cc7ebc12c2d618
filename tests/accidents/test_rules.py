"""The pure rules of 快处快赔: eligibility, the liability table, late reports, photos."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.accidents.rules import liability
from jiaoguan.accidents.rules.eligibility import (
    COURSE,
    Facts,
    Instead,
    Reason,
    eligibility_check,
)
from jiaoguan.accidents.rules.reporting import (
    late_report_decision_due,
    photo_check,
    photos_complete,
    report_is_late,
)

ELIGIBLE = Facts(vehicles=2, injured=False, both_insured=True, both_licensed=True, movable=True)


def test_the_eligible_accident_has_no_reason_and_no_course():
    outcome = eligibility_check(ELIGIBLE)
    assert outcome.eligible
    assert outcome.reasons == ()
    assert outcome.instead is None


def test_every_reason_has_a_course_and_an_explanation():
    from jiaoguan.accidents.explanations import REASON_TEXT

    assert set(COURSE) == set(Reason)
    assert set(REASON_TEXT) == set(Reason)


@pytest.mark.parametrize(
    ("change", "reason", "stay"),
    [
        ({"injured": True}, Reason.INJURED, True),
        ({"both_licensed": False}, Reason.NOT_LICENSED, True),
        ({"drink_or_drugs": True}, Reason.DRINK_OR_DRUGS, True),
        ({"overloaded_passenger_vehicle": True}, Reason.OVERLOADED_PASSENGER_VEHICLE, True),
        ({"no_or_fake_plates": True}, Reason.NO_OR_FAKE_PLATES, True),
        ({"movable": False}, Reason.NOT_MOVABLE, True),
        ({"party_left": True}, Reason.PARTY_LEFT, True),
        ({"deliberate": True}, Reason.DELIBERATE, True),
        ({"dangerous_goods": True}, Reason.DANGEROUS_GOODS, True),
        ({"both_insured": False}, Reason.NOT_INSURED, False),
        ({"both_inspection_marks": False}, Reason.NO_INSPECTION_MARK, False),
        ({"hit_property": True}, Reason.HIT_PROPERTY, False),
        ({"vehicles": 3}, Reason.NOT_TWO_VEHICLES, False),
        ({"non_motor_vehicle": True}, Reason.NON_MOTOR_VEHICLE, False),
        ({"both_vehicle_licences_valid": False}, Reason.VEHICLE_LICENCE_INVALID, False),
        ({"identities_given": False}, Reason.DISPUTED_IDENTITY, True),
    ],
)
def test_each_exclusion_of_section_10_refuses_with_its_code(change, reason, stay):
    from dataclasses import replace

    outcome = eligibility_check(replace(ELIGIBLE, **change))
    assert not outcome.eligible
    assert outcome.reasons == (reason,)
    assert outcome.must_stay is stay


def test_move_first_cases_are_move_then_call():
    from dataclasses import replace

    outcome = eligibility_check(replace(ELIGIBLE, hit_property=True, both_insured=False))
    assert outcome.instead == Instead.MOVE_THEN_CALL_122
    assert outcome.reasons == (Reason.NOT_INSURED, Reason.HIT_PROPERTY)


@given(
    st.integers(min_value=0, max_value=10),
    *[st.booleans() for _ in range(9)],
)
def test_eligible_exactly_when_no_reason_and_the_course_is_the_most_urgent(
    vehicles, injured, insured, licensed, movable, drink, goods, plates, left, hit
):
    facts = Facts(
        vehicles=vehicles,
        injured=injured,
        both_insured=insured,
        both_licensed=licensed,
        movable=movable,
        drink_or_drugs=drink,
        dangerous_goods=goods,
        no_or_fake_plates=plates,
        party_left=left,
        hit_property=hit,
    )
    outcome = eligibility_check(facts)
    assert outcome.eligible == (not outcome.reasons)
    assert list(outcome.reasons) == sorted(outcome.reasons, key=list(Reason).index)
    if injured:
        assert outcome.instead == Instead.CALL_122_AND_120
    if outcome.reasons:
        assert outcome.instead in {COURSE[r] for r in outcome.reasons}


# The liability table.


def test_rear_end_puts_the_rear_car_fully_responsible_whichever_party_it_is():
    table = liability.table_on(date(2026, 12, 2))
    assert liability.liability_propose(table, scenario="rear_end", actor="a") == liability.Shares(
        100, 0
    )
    shares = liability.liability_propose(table, scenario="rear_end", actor="b")
    assert (shares.a, shares.b, shares.a_label, shares.b_label) == (0, 100, "none", "full")


def test_a_symmetric_scenario_is_shared_equally():
    table = liability.table_on(date(2026, 12, 2))
    shares = liability.liability_propose(table, scenario="both_lane_change", actor="b")
    assert (shares.a, shares.b, shares.a_label) == (50, 50, "equal")


def test_unknown_scenario_or_party_is_refused():
    table = liability.table_on(date(2026, 12, 2))
    with pytest.raises(liability.LiabilityError):
        liability.liability_propose(table, scenario="meteor", actor="a")
    with pytest.raises(liability.LiabilityError):
        liability.liability_propose(table, scenario="rear_end", actor="c")


def test_the_version_in_force_is_chosen_by_its_date():
    later = liability.Table(
        "2027-1", date(2027, 3, 1), (liability.Scenario("rear_end", "追尾", 100),)
    )
    tables = (liability.V2026_1, later)
    assert liability.table_on(date(2027, 2, 28), tables).version == "2026-1"
    assert liability.table_on(date(2027, 3, 1), tables).version == "2027-1"
    with pytest.raises(liability.LiabilityError):
        liability.table_on(date(2025, 12, 31), tables)
    assert liability.table_version("2027-1", tables) is later


def test_a_broken_table_fails_when_built():
    with pytest.raises(liability.LiabilityError):
        liability.Table("x", date(2026, 1, 1), (liability.Scenario("s", "s", 100, symmetric=True),))
    with pytest.raises(liability.LiabilityError):
        liability.Table(
            "x",
            date(2026, 1, 1),
            (liability.Scenario("s", "s", 100), liability.Scenario("s", "t", 0)),
        )
    with pytest.raises(liability.LiabilityError):
        liability.Table("x", date(2026, 1, 1), (liability.Scenario("s", "s", 101),))


def test_main_and_secondary_labels():
    assert liability.Shares(70, 30).a_label == "main"
    assert liability.Shares(70, 30).b_label == "secondary"


# Late reports (art. 18) at edge dates.


def test_a_late_report_on_a_friday_is_decided_by_the_wednesday():
    assert late_report_decision_due(date(2026, 12, 4)) == date(2026, 12, 9)


def test_a_late_report_before_the_national_day_holiday_counts_working_days_only():
    # 2026-09-30 (Wed); 10-01..10-07 holiday; 10-10 (Sat) is an adjusted working day.
    due = late_report_decision_due(date(2026, 9, 30))
    assert due == date(2026, 10, 10)  # an adjusted working Saturday


def test_a_late_report_on_a_sunday_counts_from_monday():
    assert late_report_decision_due(date(2026, 12, 6)) == date(2026, 12, 9)


def test_a_report_is_late_after_24_hours_only():
    occurred = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert not report_is_late(occurred_at=occurred, reported_at=occurred + timedelta(hours=24))
    assert report_is_late(
        occurred_at=occurred, reported_at=occurred + timedelta(hours=24, seconds=1)
    )


# Photos.


def test_three_photos_must_include_the_required_ones():
    assert photos_complete(["front_side", "rear_side", "collision_point"])
    assert not photos_complete(["front_side", "rear_side", "scene"])
    assert not photos_complete(["front_side", "rear_side"])


def test_photo_capture_time_and_place_are_compared_with_the_report():
    occurred = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    near = photo_check(
        occurred_at=occurred,
        latitude=30.2741,
        longitude=120.1551,
        taken_at=occurred + timedelta(minutes=3),
        taken_latitude=30.2745,
        taken_longitude=120.1553,
    )
    assert not near.flagged
    far = photo_check(
        occurred_at=occurred,
        latitude=30.2741,
        longitude=120.1551,
        taken_at=occurred + timedelta(hours=3),
        taken_latitude=30.30,
        taken_longitude=120.1551,
    )
    assert far.flagged
    assert far.time_ok is False
    assert far.place_ok is False
    stripped = photo_check(
        occurred_at=occurred,
        latitude=30.2741,
        longitude=120.1551,
        taken_at=None,
        taken_latitude=None,
        taken_longitude=None,
    )
    assert stripped.flagged
    assert stripped.time_ok is None
