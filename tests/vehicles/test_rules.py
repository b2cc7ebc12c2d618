"""Vehicle rules (DOMAIN §1 inspection, §2 scrapping): edge dates and properties, no database."""

import os
import subprocess
import sys
from datetime import date, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiaoguan.core.dates import month_end, months_between
from jiaoguan.vehicles.rules import (
    ALL_CODES,
    DEFAULT_PARAMETERS,
    SEVERITY,
    Basis,
    Condition,
    ExemptionLossEvent,
    InspectionDue,
    InspectionEra,
    InspectionKind,
    ScheduleParameters,
    UseCharacter,
    VehicleCategory,
    VehicleProfile,
    inspection_era,
    inspection_schedule,
    inspection_window,
    is_dedicated_school_bus,
    is_operating,
    is_van,
    missed_cycles,
    next_inspection,
    parse_use,
    scrap_due,
    uninspected_scrap_on,
    vehicle_category,
    vehicle_status,
)

MARK = InspectionKind.MARK_ONLY
TEST = InspectionKind.TEST_LANE
U = UseCharacter


def vehicle(
    vehicle_type: str = "K33",
    use: UseCharacter = U.NON_OPERATING,
    seats: int = 5,
    registered_on: date = date(2020, 3, 15),
    **changes,
) -> VehicleProfile:
    return VehicleProfile(vehicle_type, use, seats, registered_on, **changes)


def dues(profile: VehicleProfile, count: int = 12, params=DEFAULT_PARAMETERS, **kwargs):
    return list(islice(inspection_schedule(profile, params, **kwargs), count))


def table(profile: VehicleProfile, count: int = 12, params=DEFAULT_PARAMETERS, **kwargs):
    """(due date, age in years, kind) triples: the shape DOMAIN's tables are written in."""
    return [
        (due.due_on, due.age_months / 12, due.kind)
        for due in dues(profile, count, params, **kwargs)
    ]


def due_at_age(profile: VehicleProfile, years: float, params=DEFAULT_PARAMETERS, **kwargs):
    for due in inspection_schedule(profile, params, **kwargs):
        if due.age_months == round(years * 12):
            return due
        if due.age_months > years * 12:
            raise AssertionError(f"no due at age {years}")
    raise AssertionError("unreachable")


# --- use character --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "use",
    [
        U.NON_OPERATING,
        U.POLICE,
        U.FIRE,
        U.AMBULANCE,
        U.ENGINEERING_RESCUE,
        U.OPERATING_TO_NON_OPERATING,
        U.TAXI_TO_NON_OPERATING,
    ],
)
def test_public_service_and_converted_uses_are_non_operating(use):
    assert not is_operating(use)
    assert not use.is_operating


@pytest.mark.parametrize(
    "use",
    [
        U.HIGHWAY_PASSENGER,
        U.TRANSIT_BUS,
        U.TAXI,
        U.TOURIST,
        U.RENTAL,
        U.DRIVING_SCHOOL,
        U.GOODS_TRANSPORT,
        U.DANGEROUS_GOODS,
        U.SCHOOL_BUS,
        U.OTHER_OPERATING,
    ],
)
def test_commercial_uses_are_operating(use):
    assert is_operating(use)


def test_use_values_are_the_lowercase_member_names():
    assert all(use.value == use.name.lower() for use in UseCharacter)


def test_parse_use_maps_coarse_operating_to_other_operating():
    assert parse_use("operating") is U.OTHER_OPERATING
    assert parse_use("non_operating") is U.NON_OPERATING


@pytest.mark.parametrize("use", list(UseCharacter))
def test_parse_use_accepts_every_member_value(use):
    assert parse_use(use.value) is use


@pytest.mark.parametrize("value", ["", "Operating", "OPERATING", "营运", "non-operating", "bus"])
def test_parse_use_rejects_anything_else(value):
    with pytest.raises(ValueError, match="unknown use character"):
        parse_use(value)


# --- vehicle type codes ---------------------------------------------------------------------

C = VehicleCategory


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("K11", C.LARGE_PASSENGER),
        ("K16", C.LARGE_PASSENGER),
        ("K18", C.LARGE_PASSENGER),
        ("K21", C.MEDIUM_PASSENGER),
        ("K28", C.MEDIUM_PASSENGER),
        ("K31", C.SMALL_PASSENGER_CAR),
        ("K33", C.SMALL_PASSENGER_CAR),
        ("K38", C.SMALL_PASSENGER_CAR),
        ("K39", C.SMALL_PASSENGER_CAR),
        ("K41", C.MICRO_PASSENGER_CAR),
        ("K43", C.MICRO_PASSENGER_CAR),
        ("K49", C.MICRO_PASSENGER_CAR),
        ("H11", C.HEAVY_GOODS),
        ("H19", C.HEAVY_GOODS),
        ("H1A", C.HEAVY_GOODS),
        ("Q11", C.HEAVY_GOODS),
        ("Q22", C.HEAVY_GOODS),
        ("Q32", C.HEAVY_GOODS),
        ("H21", C.MEDIUM_GOODS),
        ("H37", C.LIGHT_GOODS),
        ("H41", C.MICRO_GOODS),
        ("H51", C.LOW_SPEED_GOODS),
        ("H5B", C.LOW_SPEED_GOODS),
        ("N11", C.THREE_WHEELED_VEHICLE),
        ("Z11", C.SPECIAL_PURPOSE),
        ("Z71", C.SPECIAL_PURPOSE),
        ("Z72", C.SPECIAL_PURPOSE),
        ("D11", C.TROLLEYBUS),
        ("D12", C.TRAM),
        ("M11", C.THREE_WHEELED_MOTORCYCLE),
        ("M15", C.THREE_WHEELED_MOTORCYCLE),
        ("M21", C.MOTORCYCLE),
        ("M22", C.MOTORCYCLE),
        ("B11", C.SEMI_TRAILER),
        ("B33", C.SEMI_TRAILER),
        ("B1F", C.SEMI_TRAILER),
        ("G11", C.FULL_TRAILER),
        ("G3F", C.FULL_TRAILER),
        ("T11", C.TRACTOR),
        ("T23", C.TRACTOR),
        ("J11", C.WHEELED_MACHINERY),
    ],
)
def test_vehicle_category_maps_ga802_codes(code, category):
    assert vehicle_category(code) is category


def test_vehicle_category_ignores_case_and_surrounding_spaces():
    assert vehicle_category(" k33 ") is C.SMALL_PASSENGER_CAR


@pytest.mark.parametrize("code", ["", "K3", "K333", "33K", "K-3", "KK3", "K30", "H10", "客车"])
def test_vehicle_category_rejects_malformed_codes(code):
    with pytest.raises(ValueError, match="malformed vehicle type code"):
        vehicle_category(code)


@pytest.mark.parametrize("code", ["K35", "K19", "K29", "K44", "X99", "A11", "Q13", "Z61", "M16"])
def test_vehicle_category_rejects_unknown_codes(code):
    with pytest.raises(ValueError, match="unknown vehicle type code"):
        vehicle_category(code)


@pytest.mark.parametrize(("code", "dedicated"), [("K18", True), ("K28", True), ("k38", True)])
def test_dedicated_school_bus_codes(code, dedicated):
    assert is_dedicated_school_bus(code) is dedicated


@pytest.mark.parametrize("code", ["K11", "K31", "K39"])
def test_other_passenger_codes_are_not_dedicated_school_buses(code):
    assert not is_dedicated_school_bus(code)


def test_vans_are_k39_and_k49_by_default_and_configurable():
    assert is_van("K39")
    assert is_van("k49")
    assert not is_van("K33")
    assert is_van("K33", ("K33",))
    assert not is_van("K39", ("K49",))


# --- parameters and profile -----------------------------------------------------------------


def test_default_parameters_are_the_product_defaults_of_domain_13():
    params = DEFAULT_PARAMETERS
    assert params.window_months == 3
    assert params.school_bus_window_months == 1
    assert params.van_codes == ("K39", "K49")
    assert params.exemption_loss_permanent is True
    assert params.late_registration_excludes is True
    assert params.use_conversion_needs_review is True
    assert params.reform_2022_covers_operating_motorcycles is True
    assert params.scrap_notice_months == 2
    assert params.taxi_service_life_years is None
    assert params.three_wheeled_motorcycle_service_life_years is None
    assert params.motorcycle_service_life_years is None


@pytest.mark.parametrize(
    ("field", "rejected", "accepted"),
    [
        ("taxi_service_life_years", [5, 9], [6, 8]),
        ("three_wheeled_motorcycle_service_life_years", [9, 13], [10, 12]),
        ("motorcycle_service_life_years", [10, 14], [11, 13]),
    ],
)
def test_provincial_service_life_must_lie_between_legal_floor_and_national_life(
    field, rejected, accepted
):
    for years in rejected:
        with pytest.raises(ValueError, match="provincial service life"):
            ScheduleParameters(**{field: years})
    for years in accepted:
        assert getattr(ScheduleParameters(**{field: years}), field) == years


def test_parameters_reject_an_empty_window_and_a_van_code_that_is_not_a_car():
    with pytest.raises(ValueError, match="window"):
        ScheduleParameters(window_months=0)
    with pytest.raises(ValueError, match="van code"):
        ScheduleParameters(van_codes=("H11",))
    assert ScheduleParameters(van_codes=(" k39 ",)).van_codes == ("K39",)


def test_profile_accepts_api_use_strings_and_normalizes_the_type_code():
    profile = VehicleProfile(" k33", "operating", 5, date(2020, 1, 1))
    assert profile.use is U.OTHER_OPERATING
    assert profile.vehicle_type == "K33"


def test_profile_rejects_inconsistent_facts():
    with pytest.raises(ValueError, match="unknown vehicle type code"):
        vehicle("K35")
    with pytest.raises(ValueError, match="seats"):
        vehicle(seats=-1)
    with pytest.raises(ValueError, match="manufactured"):
        vehicle(registered_on=date(2020, 1, 1), manufactured_on=date(2020, 1, 2))
    with pytest.raises(ValueError, match="school-bus sign"):
        vehicle(registered_on=date(2020, 1, 2), school_bus_sign_on=date(2020, 1, 1))
    with pytest.raises(ValueError, match="unknown use character"):
        vehicle(use="private")


# --- eras -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "era"),
    [
        (date(2014, 8, 31), InspectionEra.CLASSIC),
        (date(2014, 9, 1), InspectionEra.REFORM_2014),
        (date(2020, 11, 19), InspectionEra.REFORM_2014),
        (date(2020, 11, 20), InspectionEra.REFORM_2020),
        (date(2022, 9, 30), InspectionEra.REFORM_2020),
        (date(2022, 10, 1), InspectionEra.REFORM_2022),
    ],
)
def test_inspection_era_changes_on_the_cut_over_days(day, era):
    assert inspection_era(day) is era


# --- small/micro non-operating passenger cars ----------------------------------------------


def test_small_car_registered_2016_gets_mark_only_at_year_8_after_reform():
    profile = vehicle(registered_on=date(2016, 5, 10))
    assert table(profile, 7) == [
        (date(2018, 5, 31), 2, MARK),  # 2014 rules
        (date(2020, 5, 31), 4, MARK),
        (date(2022, 5, 31), 6, TEST),  # 2020 rules: years 6-10 every 2 years
        (date(2024, 5, 31), 8, MARK),  # 2022 reform: year 8 is mark-only
        (date(2026, 5, 31), 10, TEST),
        (date(2027, 5, 31), 11, TEST),
        (date(2028, 5, 31), 12, TEST),
    ]
    assert due_at_age(profile, 8).basis == Basis.INSPECTION_REFORM_2022_SMALL_PASSENGER
    assert due_at_age(profile, 6).basis == Basis.INSPECTION_REFORM_2020_SMALL_PASSENGER


def test_year_8_due_on_2022_09_30_is_test_lane_but_on_2022_10_31_is_mark_only():
    # Both cars reached year 7 in 2021 under the 2020 rules, whose grid puts the next due at
    # year 8; the rule in force on the due date decides the kind.
    september = due_at_age(vehicle(registered_on=date(2014, 9, 30)), 8)
    october = due_at_age(vehicle(registered_on=date(2014, 10, 1)), 8)
    assert (september.due_on, september.kind) == (date(2022, 9, 30), TEST)
    assert september.basis == Basis.INSPECTION_REFORM_2020_SMALL_PASSENGER
    assert (october.due_on, october.kind) == (date(2022, 10, 31), MARK)
    assert october.basis == Basis.INSPECTION_REFORM_2022_SMALL_PASSENGER


def test_car_in_year_6_before_2020_reform_steps_to_year_7_then_to_the_2020_grid():
    # Year 6 fell under the 2014 rules (yearly after year 6): year 7 follows. At year 7 the
    # 2020 rules are in force and their grid's next age is year 8, not year 9.
    profile = vehicle(registered_on=date(2014, 10, 1))
    assert [row[:2] for row in table(profile, 6)] == [
        (date(2016, 10, 31), 2),
        (date(2018, 10, 31), 4),
        (date(2020, 10, 31), 6),
        (date(2021, 10, 31), 7),
        (date(2022, 10, 31), 8),
        (date(2024, 10, 31), 10),
    ]


def test_2014_reform_starts_with_dues_on_or_after_2014_09_01():
    before = dues(vehicle(registered_on=date(2012, 8, 15)), 1)[0]
    after = dues(vehicle(registered_on=date(2012, 9, 15)), 1)[0]
    assert (before.due_on, before.kind, before.basis) == (
        date(2014, 8, 31),
        TEST,
        Basis.INSPECTION_CLASSIC_SMALL_PASSENGER,
    )
    assert (after.due_on, after.kind, after.basis) == (
        date(2014, 9, 30),
        MARK,
        Basis.INSPECTION_REFORM_2014_SMALL_PASSENGER,
    )


def test_seven_seat_car_joins_the_exemption_for_dues_from_2020_11_20():
    october = dues(vehicle(seats=7, registered_on=date(2018, 10, 15)), 1)[0]
    november = dues(vehicle(seats=7, registered_on=date(2018, 11, 15)), 1)[0]
    assert (october.due_on, october.kind) == (date(2020, 10, 31), TEST)
    assert october.basis == Basis.INSPECTION_CLASSIC_SMALL_PASSENGER
    assert (november.due_on, november.kind) == (date(2020, 11, 30), MARK)
    assert november.basis == Basis.INSPECTION_REFORM_2020_SMALL_PASSENGER


@pytest.mark.parametrize(("seats", "kind"), [(6, MARK), (7, TEST)])
def test_2014_reform_exempts_only_cars_with_at_most_6_seats(seats, kind):
    assert dues(vehicle(seats=seats, registered_on=date(2015, 1, 10)), 1)[0].kind is kind


@pytest.mark.parametrize(("seats", "kind"), [(7, MARK), (9, MARK), (10, TEST)])
def test_2022_reform_exempts_cars_with_at_most_9_seats(seats, kind):
    first = dues(vehicle(seats=seats, registered_on=date(2023, 1, 10)), 1)[0]
    assert first.kind is kind
    assert first.exemption_lost_by == ()  # a seat count is not an exemption-removing event


def test_ten_seat_small_car_follows_article_16_with_half_yearly_dues_after_year_15():
    profile = vehicle(seats=10, registered_on=date(2023, 1, 10))
    ages = [age for _, age, _ in table(profile, 14)]
    assert ages == [2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15.5, 16]


def test_small_car_is_inspected_yearly_after_year_10_and_never_half_yearly_after_reform():
    profile = vehicle(registered_on=date(2023, 6, 1))
    ages = [age for _, age, _ in table(profile, 12)]
    assert ages == [2, 4, 6, 8, 10, 11, 12, 13, 14, 15, 16, 17]


def test_small_car_is_inspected_every_6_months_after_year_15_before_the_reform():
    # Registered 2000-01: year 15 is 2015-01. The half-yearly step decided on 2022-07-31
    # (2020 rules) still lands on 2023-01; from there the 2022 reform's yearly grid applies.
    profile = vehicle(registered_on=date(2000, 1, 10))
    due_dates = [due.due_on for due in dues(profile, 40)]
    assert [day for day in due_dates if date(2014, 1, 1) <= day < date(2016, 2, 1)] == [
        date(2014, 1, 31),
        date(2015, 1, 31),
        date(2015, 7, 31),
        date(2016, 1, 31),
    ]
    assert [day for day in due_dates if date(2022, 1, 1) <= day < date(2026, 2, 1)] == [
        date(2022, 1, 31),
        date(2022, 7, 31),
        date(2023, 1, 31),
        date(2024, 1, 31),
        date(2025, 1, 31),
        date(2026, 1, 31),
    ]


@pytest.mark.parametrize("van_code", ["K39", "K49"])
def test_van_never_gets_a_mark_only_inspection(van_code):
    profile = vehicle(van_code, registered_on=date(2023, 3, 1))
    schedule = dues(profile, 6)
    assert all(due.kind is TEST for due in schedule)
    assert schedule[0].exemption_lost_by == (ExemptionLossEvent.VAN,)
    assert schedule[1].exemption_lost_by == (ExemptionLossEvent.VAN,)
    assert schedule[2].exemption_lost_by == ()  # year 6 is a test-lane year for everyone


def test_van_stays_on_article_16_including_the_half_yearly_step_after_year_15():
    # Vans are outside every reform (面包车除外), so they keep yearly dues in years 6-10.
    ages = [age for _, age, _ in table(vehicle("K39", registered_on=date(2023, 3, 1)), 14)]
    assert ages == [2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15.5, 16]
    assert due_at_age(vehicle("K39", registered_on=date(2023, 3, 1)), 8).exemption_lost_by == (
        ExemptionLossEvent.VAN,
    )


def test_late_registration_removes_the_exemption():
    late = vehicle(registered_on=date(2019, 6, 1), manufactured_on=date(2015, 5, 31))
    first = dues(late, 1)[0]
    assert (first.due_on, first.kind) == (date(2021, 6, 30), TEST)
    assert first.exemption_lost_by == (ExemptionLossEvent.LATE_REGISTRATION,)


def test_registration_exactly_4_years_after_manufacture_keeps_the_exemption():
    on_time = vehicle(registered_on=date(2019, 6, 1), manufactured_on=date(2015, 6, 1))
    assert dues(on_time, 1)[0].kind is MARK


def test_late_registration_exclusion_after_2022_can_be_switched_off_but_not_for_2020_dues():
    late = vehicle(registered_on=date(2019, 6, 1), manufactured_on=date(2015, 1, 1))
    params = ScheduleParameters(late_registration_excludes=False)
    year_2, year_4 = dues(late, 2, params)
    assert (year_2.due_on, year_2.kind) == (date(2021, 6, 30), TEST)  # 2020 rules: [S] law
    assert (year_4.due_on, year_4.kind) == (date(2023, 6, 30), MARK)


def test_every_exemption_removing_event_is_recorded():
    profile = vehicle(
        "K39",
        registered_on=date(2023, 3, 1),
        manufactured_on=date(2018, 1, 1),
        illegally_modified=True,
        injury_accident=True,
        use_converted=True,
    )
    assert dues(profile, 1)[0].exemption_lost_by == (
        ExemptionLossEvent.VAN,
        ExemptionLossEvent.ILLEGAL_MODIFICATION,
        ExemptionLossEvent.INJURY_ACCIDENT,
        ExemptionLossEvent.LATE_REGISTRATION,
        ExemptionLossEvent.USE_CONVERSION,
    )


@pytest.mark.parametrize(
    ("changes", "event"),
    [
        ({"illegally_modified": True}, ExemptionLossEvent.ILLEGAL_MODIFICATION),
        ({"injury_accident": True}, ExemptionLossEvent.INJURY_ACCIDENT),
        ({"use_converted": True}, ExemptionLossEvent.USE_CONVERSION),
        ({"use": U.OPERATING_TO_NON_OPERATING}, ExemptionLossEvent.USE_CONVERSION),
        ({"use": U.TAXI_TO_NON_OPERATING}, ExemptionLossEvent.USE_CONVERSION),
    ],
)
def test_event_turns_every_would_be_mark_only_due_into_test_lane_by_default(changes, event):
    # Permanent loss (product default): years 2, 4 and 8 all go to the test lane; the grid
    # is still the reform's (no yearly dues in years 6-10).
    schedule = dues(vehicle(registered_on=date(2023, 3, 1), **changes), 6)
    assert [(due.age_months // 12, due.kind) for due in schedule] == [
        (2, TEST),
        (4, TEST),
        (6, TEST),
        (8, TEST),
        (10, TEST),
        (11, TEST),
    ]
    assert [due.exemption_lost_by for due in schedule[:4]] == [(event,), (event,), (), (event,)]


def test_use_conversion_flags_the_affected_dues_for_review_unless_switched_off():
    converted = vehicle(use=U.OPERATING_TO_NON_OPERATING, registered_on=date(2023, 3, 1))
    reviewed = dues(converted, 3)
    assert [due.needs_manual_review for due in reviewed] == [True, True, False]
    unreviewed = dues(converted, 1, ScheduleParameters(use_conversion_needs_review=False))[0]
    assert (unreviewed.kind, unreviewed.needs_manual_review) == (TEST, False)


def test_non_permanent_exemption_loss_applies_only_to_the_current_cycle():
    params = ScheduleParameters(exemption_loss_permanent=False)
    profile = vehicle(registered_on=date(2020, 3, 1), injury_accident=True)
    in_year_2 = dues(profile, 4, params, as_of=date(2022, 1, 1))
    assert [due.kind for due in in_year_2] == [TEST, MARK, TEST, MARK]
    in_year_4 = dues(profile, 4, params, as_of=date(2022, 4, 1))
    assert [due.kind for due in in_year_4] == [MARK, TEST, TEST, MARK]
    # Without a reference day the current cycle is unknown: every cycle stays excluded.
    assert [due.kind for due in dues(profile, 4, params)] == [TEST, TEST, TEST, TEST]


def test_next_inspection_applies_a_non_permanent_loss_to_the_due_it_returns():
    params = ScheduleParameters(exemption_loss_permanent=False)
    profile = vehicle(registered_on=date(2020, 3, 1), injury_accident=True)
    due = next_inspection(profile, date(2024, 1, 5), params, valid_until=date(2024, 3, 1))
    assert (due.due_on, due.kind) == (date(2024, 3, 31), TEST)
    assert due.exemption_lost_by == (ExemptionLossEvent.INJURY_ACCIDENT,)


def test_police_car_has_the_non_operating_exemption():
    assert dues(vehicle(use=U.POLICE, registered_on=date(2023, 3, 1)), 1)[0].kind is MARK


def test_registered_on_february_29_dues_fall_at_the_end_of_february():
    profile = vehicle(registered_on=date(2016, 2, 29))
    assert [row[0] for row in table(profile, 4)] == [
        date(2018, 2, 28),
        date(2020, 2, 29),
        date(2022, 2, 28),
        date(2024, 2, 29),
    ]


# --- other groups ---------------------------------------------------------------------------


def test_operating_passenger_vehicle_is_inspected_yearly_then_every_6_months_after_year_5():
    profile = vehicle("K11", U.HIGHWAY_PASSENGER, 45, date(2016, 3, 1))
    assert [age for _, age, _ in table(profile, 8)] == [1, 2, 3, 4, 5, 5.5, 6, 6.5]
    assert {due.basis for due in dues(profile, 8)} == {Basis.INSPECTION_CLASSIC_OPERATING_PASSENGER}
    assert {due.kind for due in dues(profile, 8)} == {TEST}


def test_taxi_small_car_follows_the_operating_passenger_rule_without_exemption():
    taxi = vehicle("K33", U.TAXI, 5, date(2023, 3, 1))
    assert [(age, kind) for _, age, kind in table(taxi, 2)] == [(1, TEST), (2, TEST)]


def test_goods_vehicle_is_inspected_yearly_then_every_6_months_after_year_10():
    profile = vehicle("H11", U.GOODS_TRANSPORT, 2, date(2010, 6, 20))
    ages = [age for _, age, _ in table(profile, 13)]
    assert ages == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10.5, 11, 11.5]
    assert dues(profile, 11)[-1].due_on == date(2020, 12, 31)


def test_medium_non_operating_passenger_vehicle_follows_the_goods_interval():
    profile = vehicle("K21", U.NON_OPERATING, 19, date(2010, 6, 20))
    assert [age for _, age, _ in table(profile, 12)][-3:] == [10, 10.5, 11]
    assert dues(profile, 1)[0].basis == Basis.INSPECTION_CLASSIC_LARGE_MEDIUM_PASSENGER


@pytest.mark.parametrize("code", ["B11", "G11", "H51", "N11", "Q11"])
def test_trailers_low_speed_and_three_wheeled_vehicles_take_the_goods_interval(code):
    profile = vehicle(code, U.GOODS_TRANSPORT, 0, date(2010, 6, 20))
    assert [age for _, age, _ in table(profile, 11)][-2:] == [10, 10.5]
    assert dues(profile, 1)[0].basis == Basis.INSPECTION_CLASSIC_GOODS


@pytest.mark.parametrize("code", ["T11", "Z11", "D11", "D12", "J11"])
def test_tractors_and_other_vehicles_are_inspected_every_year(code):
    profile = vehicle(code, U.OTHER_OPERATING, 2, date(2000, 6, 20))
    assert [age for _, age, _ in table(profile, 20)] == list(range(1, 21))
    assert dues(profile, 1)[0].basis == Basis.INSPECTION_CLASSIC_OTHER


def test_motorcycle_before_the_reform_is_inspected_at_2_and_4_then_yearly():
    profile = vehicle("M21", U.NON_OPERATING, 2, date(2012, 3, 1))
    assert table(profile, 5) == [
        (date(2014, 3, 31), 2, TEST),
        (date(2016, 3, 31), 4, TEST),
        (date(2017, 3, 31), 5, TEST),
        (date(2018, 3, 31), 6, TEST),
        (date(2019, 3, 31), 7, TEST),
    ]


@pytest.mark.parametrize("code", ["M21", "M22", "M11", "M15"])
def test_motorcycle_after_the_reform_gets_marks_at_2_4_8_and_test_lane_at_6_10(code):
    profile = vehicle(code, U.NON_OPERATING, 2, date(2023, 1, 10))
    assert [(age, kind) for _, age, kind in table(profile, 7)] == [
        (2, MARK),
        (4, MARK),
        (6, TEST),
        (8, MARK),
        (10, TEST),
        (11, TEST),
        (12, TEST),
    ]
    assert dues(profile, 1)[0].basis == Basis.INSPECTION_REFORM_2022_MOTORCYCLE


def test_motorcycle_registered_before_the_reform_moves_onto_the_reform_grid():
    # Classic dues at 2, 4, 5; year 6 falls after 2022-10-01 and the reform's grid then
    # skips year 7; year 8 is mark-only.
    profile = vehicle("M21", U.NON_OPERATING, 2, date(2017, 1, 10))
    assert [(age, kind) for _, age, kind in table(profile, 6)] == [
        (2, TEST),
        (4, TEST),
        (5, TEST),
        (6, TEST),
        (8, MARK),
        (10, TEST),
    ]


def test_operating_motorcycles_can_be_left_out_of_the_2022_reform():
    profile = vehicle("M21", U.OTHER_OPERATING, 2, date(2023, 1, 10))
    assert dues(profile, 1)[0].kind is MARK
    params = ScheduleParameters(reform_2022_covers_operating_motorcycles=False)
    assert [age for _, age, _ in table(profile, 4, params)] == [2, 4, 5, 6]
    assert {due.kind for due in dues(profile, 4, params)} == {TEST}


def test_illegally_modified_motorcycle_goes_to_the_test_lane():
    profile = vehicle("M21", U.NON_OPERATING, 2, date(2023, 1, 10), illegally_modified=True)
    assert dues(profile, 1)[0].kind is TEST


# --- school buses ---------------------------------------------------------------------------


@pytest.mark.parametrize("use", [U.SCHOOL_BUS, U.NON_OPERATING])
def test_dedicated_school_bus_is_inspected_every_6_months_from_registration(use):
    profile = vehicle("K38", use, 9, date(2023, 3, 15))
    assert table(profile, 4) == [
        (date(2023, 9, 30), 0.5, TEST),
        (date(2024, 3, 31), 1, TEST),
        (date(2024, 9, 30), 1.5, TEST),
        (date(2025, 3, 31), 2, TEST),
    ]
    assert dues(profile, 1)[0].basis == Basis.INSPECTION_SCHOOL_BUS_DEDICATED


def test_non_dedicated_school_bus_is_inspected_every_6_months_from_the_sign_date():
    profile = vehicle(
        "K11", U.SCHOOL_BUS, 40, date(2021, 5, 10), school_bus_sign_on=date(2024, 2, 10)
    )
    schedule = dues(profile, 4)
    assert [due.due_on for due in schedule] == [
        date(2022, 5, 31),  # ordinary operating-passenger dues before the sign
        date(2023, 5, 31),
        date(2024, 8, 31),
        date(2025, 2, 28),
    ]
    assert schedule[2].basis == Basis.INSPECTION_SCHOOL_BUS_NON_DEDICATED
    assert schedule[2].age_months == 39  # still counted from the registration month


def test_non_dedicated_school_bus_without_sign_date_is_rejected():
    with pytest.raises(ValueError, match="school_bus_sign_on"):
        inspection_schedule(vehicle("K11", U.SCHOOL_BUS, 40))


def test_school_bus_window_is_the_due_month_only():
    assert inspection_window(date(2024, 8, 31), school_bus=True) == (
        date(2024, 8, 1),
        date(2024, 8, 31),
    )


# --- window and next due --------------------------------------------------------------------


def test_window_is_the_due_month_and_the_two_months_before():
    assert inspection_window(date(2024, 5, 31), school_bus=False) == (
        date(2024, 3, 1),
        date(2024, 5, 31),
    )


def test_window_accepts_a_due_or_any_day_of_the_due_month_and_crosses_the_year():
    due = InspectionDue(date(2025, 1, 31), TEST, 24, Basis.INSPECTION_CLASSIC_OTHER)
    assert inspection_window(due, school_bus=False) == (date(2024, 11, 1), date(2025, 1, 31))
    assert inspection_window(date(2025, 1, 9), school_bus=False) == (
        date(2024, 11, 1),
        date(2025, 1, 31),
    )


def test_window_length_is_configurable():
    one_month = ScheduleParameters(window_months=1)
    assert inspection_window(date(2024, 5, 31), school_bus=False, params=one_month) == (
        date(2024, 5, 1),
        date(2024, 5, 31),
    )


def test_next_inspection_without_validity_is_the_first_due_on_or_after_the_day():
    profile = vehicle(registered_on=date(2020, 3, 15))
    assert next_inspection(profile, date(2022, 3, 31)).due_on == date(2022, 3, 31)
    assert next_inspection(profile, date(2022, 4, 1)).due_on == date(2024, 3, 31)
    assert next_inspection(profile, date(2019, 1, 1)).due_on == date(2022, 3, 31)


def test_next_inspection_with_validity_on_the_schedule_returns_that_due():
    profile = vehicle(registered_on=date(2019, 3, 15))
    due = next_inspection(profile, date(2026, 1, 1), valid_until=date(2027, 3, 1))
    assert (due.due_on, due.kind, due.age_months) == (date(2027, 3, 31), MARK, 96)


def test_next_inspection_with_validity_off_the_schedule_takes_the_next_dues_kind():
    # A mark bought late left the validity on January; the next schedule due (year 8, 2027-03)
    # is mark-only, so the January due is too.
    profile = vehicle(registered_on=date(2019, 3, 15))
    due = next_inspection(profile, date(2025, 12, 1), valid_until=date(2026, 1, 20))
    assert (due.due_on, due.kind, due.age_months) == (date(2026, 1, 31), MARK, 82)
    assert due.basis == Basis.INSPECTION_REFORM_2022_SMALL_PASSENGER


def test_next_inspection_rejects_a_validity_before_registration():
    with pytest.raises(ValueError, match="before the vehicle was registered"):
        next_inspection(vehicle(), date(2024, 1, 1), valid_until=date(2019, 1, 1))


# --- missed cycles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "count"),
    [
        (date(2020, 4, 30), 0),
        (date(2021, 4, 30), 0),
        (date(2021, 5, 1), 1),
        (date(2022, 4, 30), 1),
        (date(2022, 5, 1), 2),
        (date(2023, 4, 30), 2),
        (date(2023, 5, 1), 3),
        (date(2030, 1, 1), 3),
    ],
)
def test_missed_cycles_count_each_cycle_from_the_day_after_it_ends(as_of, count):
    truck = vehicle("H11", U.GOODS_TRANSPORT, 2, date(2015, 4, 8))
    missed = missed_cycles(truck, date(2020, 4, 1), as_of)
    assert missed.count == count
    assert missed.cycle_ends == (date(2021, 4, 30), date(2022, 4, 30), date(2023, 4, 30))
    assert missed.scrap_required_from == date(2023, 5, 1)


@pytest.mark.parametrize(
    ("valid_until", "scrap_on"),
    [
        (date(2020, 4, 1), date(2023, 5, 1)),  # any day of the month: the month's end counts
        (date(2020, 4, 30), date(2023, 5, 1)),
        (date(2020, 5, 1), date(2023, 5, 1)),  # off the schedule: still the schedule's dues
        (date(2020, 3, 31), date(2022, 5, 1)),
    ],
)
def test_uninspected_scrap_on_is_the_day_after_the_third_due_after_the_validity(
    valid_until, scrap_on
):
    truck = vehicle("H11", U.GOODS_TRANSPORT, 2, date(2015, 4, 8))
    assert uninspected_scrap_on(truck, valid_until) == scrap_on
    assert missed_cycles(truck, valid_until, scrap_on - timedelta(days=1)).count == 2
    assert missed_cycles(truck, valid_until, scrap_on).count == 3


def test_uninspected_scrap_on_of_a_car_registered_on_feb_29():
    car = vehicle(registered_on=date(2016, 2, 29))
    # After the 8-year due: 10 years (2026-02-28), then yearly (2027-02-28, 2028-02-29).
    assert uninspected_scrap_on(car, date(2024, 2, 29)) == date(2028, 3, 1)


def test_missed_cycles_of_an_exempt_car_are_two_years_long():
    car = vehicle(registered_on=date(2019, 3, 15))
    missed = missed_cycles(car, date(2023, 3, 31), date(2026, 1, 1))
    assert missed.cycle_ends == (date(2025, 3, 31), date(2027, 3, 31), date(2029, 3, 31))
    assert missed.count == 1


# --- scrapping ------------------------------------------------------------------------------

B = Basis


@pytest.mark.parametrize(
    ("code", "use", "years", "basis"),
    [
        ("K33", U.TAXI, 8, B.SCRAP_TAXI_SMALL_MICRO),
        ("K43", U.TAXI, 8, B.SCRAP_TAXI_SMALL_MICRO),
        ("K21", U.TAXI, 10, B.SCRAP_TAXI_MEDIUM),
        ("K11", U.TAXI, 12, B.SCRAP_TAXI_LARGE),
        ("K33", U.RENTAL, 15, B.SCRAP_RENTAL),
        ("K11", U.RENTAL, 15, B.SCRAP_RENTAL),
        ("K33", U.DRIVING_SCHOOL, 10, B.SCRAP_DRIVING_SCHOOL_SMALL),
        ("K21", U.DRIVING_SCHOOL, 12, B.SCRAP_DRIVING_SCHOOL_MEDIUM),
        ("K11", U.DRIVING_SCHOOL, 15, B.SCRAP_DRIVING_SCHOOL_LARGE),
        ("K11", U.TRANSIT_BUS, 13, B.SCRAP_TRANSIT_BUS),
        ("K33", U.OTHER_OPERATING, 10, B.SCRAP_OTHER_OPERATING_SMALL_MICRO),
        ("K21", U.TOURIST, 15, B.SCRAP_OTHER_OPERATING_MEDIUM_LARGE),
        ("K11", U.HIGHWAY_PASSENGER, 15, B.SCRAP_OTHER_OPERATING_MEDIUM_LARGE),
        ("K11", U.SCHOOL_BUS, 15, B.SCRAP_OTHER_OPERATING_MEDIUM_LARGE),
        ("K18", U.SCHOOL_BUS, 15, B.SCRAP_DEDICATED_SCHOOL_BUS),
        ("K38", U.SCHOOL_BUS, 15, B.SCRAP_DEDICATED_SCHOOL_BUS),
        ("K33", U.NON_OPERATING, None, B.SCRAP_NON_OPERATING_NO_LIMIT),
        ("K49", U.NON_OPERATING, None, B.SCRAP_NON_OPERATING_NO_LIMIT),
        ("K16", U.NON_OPERATING, None, B.SCRAP_NON_OPERATING_NO_LIMIT),
        ("K21", U.NON_OPERATING, 20, B.SCRAP_NON_OPERATING_MEDIUM_LARGE),
        ("K11", U.POLICE, 20, B.SCRAP_NON_OPERATING_MEDIUM_LARGE),
        ("H41", U.GOODS_TRANSPORT, 12, B.SCRAP_GOODS_MICRO),
        ("H31", U.GOODS_TRANSPORT, 15, B.SCRAP_GOODS_LIGHT_MEDIUM),
        ("H21", U.NON_OPERATING, 15, B.SCRAP_GOODS_LIGHT_MEDIUM),
        ("H11", U.GOODS_TRANSPORT, 15, B.SCRAP_GOODS_HEAVY),
        ("Q11", U.GOODS_TRANSPORT, 15, B.SCRAP_GOODS_HEAVY),
        ("H11", U.DANGEROUS_GOODS, 10, B.SCRAP_GOODS_DANGEROUS),
        ("Q11", U.DANGEROUS_GOODS, 10, B.SCRAP_GOODS_DANGEROUS),
        ("N11", U.GOODS_TRANSPORT, 9, B.SCRAP_THREE_WHEELED_VEHICLE),
        ("H51", U.GOODS_TRANSPORT, 12, B.SCRAP_LOW_SPEED_GOODS_MULTI_CYLINDER),
        ("Z11", U.OTHER_OPERATING, 30, B.SCRAP_SPECIAL_PURPOSE_WITHOUT_LOAD),
        ("Z12", U.OTHER_OPERATING, 15, B.SCRAP_SPECIAL_PURPOSE_WITH_LOAD),
        ("B15", U.GOODS_TRANSPORT, 20, B.SCRAP_SEMI_TRAILER_CONTAINER),
        ("B11", U.DANGEROUS_GOODS, 10, B.SCRAP_SEMI_TRAILER_DANGEROUS),
        ("B11", U.GOODS_TRANSPORT, 15, B.SCRAP_SEMI_TRAILER_OTHER),
        ("G11", U.GOODS_TRANSPORT, 10, B.SCRAP_FULL_TRAILER),
        ("M11", U.NON_OPERATING, 12, B.SCRAP_MOTORCYCLE_THREE_WHEELED),
        ("M14", U.NON_OPERATING, 12, B.SCRAP_MOTORCYCLE_THREE_WHEELED),
        ("M15", U.NON_OPERATING, 13, B.SCRAP_MOTORCYCLE_OTHER),  # 侧三轮 is not 正三轮
        ("M21", U.NON_OPERATING, 13, B.SCRAP_MOTORCYCLE_OTHER),
        ("M22", U.NON_OPERATING, 13, B.SCRAP_MOTORCYCLE_OTHER),
        ("J11", U.OTHER_OPERATING, None, B.SCRAP_WHEELED_MACHINERY_NO_LIMIT),
        ("T11", U.OTHER_OPERATING, None, B.SCRAP_NOT_COVERED),
        ("D11", U.TRANSIT_BUS, None, B.SCRAP_NOT_COVERED),
    ],
)
def test_service_life_by_category_and_use(code, use, years, basis):
    scrap = scrap_due(vehicle(code, use, 5, date(2018, 3, 15)))
    assert (scrap.service_life_years, scrap.basis) == (years, basis)
    expected = None if years is None else date(2018 + years, 3, 15)
    assert scrap.scrap_on == expected
    assert scrap.needs_manual_review is False


def test_low_speed_goods_vehicle_with_single_cylinder_lasts_9_years():
    scrap = scrap_due(vehicle("H51", U.GOODS_TRANSPORT, 2, single_cylinder=True))
    assert (scrap.service_life_years, scrap.basis) == (9, B.SCRAP_LOW_SPEED_GOODS_SINGLE_CYLINDER)


def test_scrap_dates_for_a_small_taxi():
    scrap = scrap_due(vehicle("K33", U.TAXI, 5, date(2018, 3, 15)))
    assert scrap.counted_from == date(2018, 3, 15)
    assert scrap.scrap_on == date(2026, 3, 15)
    assert scrap.notice_on == date(2026, 1, 15)  # 实施条例 art. 9: 2 months before
    assert scrap.last_year_from == date(2025, 3, 15)


def test_service_life_counted_from_february_29_ends_on_february_28():
    rental = scrap_due(vehicle("K33", U.RENTAL, 5, date(2016, 2, 29)))
    assert rental.scrap_on == date(2031, 2, 28)
    assert rental.notice_on == date(2030, 12, 28)
    assert rental.last_year_from == date(2030, 2, 28)
    taxi = scrap_due(vehicle("K33", U.TAXI, 5, date(2016, 2, 29)))
    assert taxi.scrap_on == date(2024, 2, 29)  # 2024 is a leap year


def test_service_life_counts_from_manufacture_when_registered_more_than_2_years_later():
    late = vehicle("K33", U.TAXI, 5, date(2017, 1, 11), manufactured_on=date(2015, 1, 10))
    assert scrap_due(late).counted_from == date(2015, 1, 10)
    assert scrap_due(late).scrap_on == date(2023, 1, 10)
    on_time = vehicle("K33", U.TAXI, 5, date(2017, 1, 10), manufactured_on=date(2015, 1, 10))
    assert scrap_due(on_time).counted_from == date(2017, 1, 10)


def test_no_limit_vehicle_has_no_scrap_dates_but_a_start():
    scrap = scrap_due(vehicle(registered_on=date(2018, 3, 15)))
    assert (scrap.scrap_on, scrap.notice_on, scrap.last_year_from) == (None, None, None)
    assert scrap.counted_from == date(2018, 3, 15)


def test_provincial_taxi_life_shortens_small_taxis_but_not_pure_electric_or_medium_ones():
    params = ScheduleParameters(taxi_service_life_years=6)
    small = scrap_due(vehicle("K33", U.TAXI, 5, date(2018, 3, 15)), params)
    assert (small.service_life_years, small.basis) == (6, B.SCRAP_TAXI_PROVINCIAL)
    electric = scrap_due(vehicle("K33", U.TAXI, 5, pure_electric=True), params)
    assert electric.service_life_years == 8
    assert scrap_due(vehicle("K21", U.TAXI, 12), params).service_life_years == 10


def test_provincial_taxi_life_below_6_years_is_rejected():
    with pytest.raises(ValueError, match="between 6"):
        ScheduleParameters(taxi_service_life_years=5)


def test_provincial_motorcycle_lives_apply_to_their_own_kind():
    params = ScheduleParameters(
        three_wheeled_motorcycle_service_life_years=10, motorcycle_service_life_years=11
    )
    upright = scrap_due(vehicle("M11", seats=2), params)
    assert (upright.service_life_years, upright.basis) == (
        10,
        B.SCRAP_MOTORCYCLE_THREE_WHEELED_PROVINCIAL,
    )
    sidecar = scrap_due(vehicle("M15", seats=3), params)
    assert (sidecar.service_life_years, sidecar.basis) == (11, B.SCRAP_MOTORCYCLE_OTHER_PROVINCIAL)


@pytest.mark.parametrize("use", [U.TAXI, U.RENTAL, U.OTHER_OPERATING])
def test_non_operating_small_car_converted_to_operating_is_capped_at_15_years_for_review(use):
    scrap = scrap_due(vehicle("K33", use, 5, date(2018, 3, 15), use_converted=True))
    assert (scrap.service_life_years, scrap.basis) == (15, B.SCRAP_CONVERTED_TO_OPERATING)
    assert scrap.needs_manual_review is True


@pytest.mark.parametrize(
    ("code", "changes", "years"),
    [
        ("K33", {"use": U.OPERATING_TO_NON_OPERATING}, 10),
        ("K33", {"use": U.NON_OPERATING, "use_converted": True}, 10),
        ("K21", {"use": U.OPERATING_TO_NON_OPERATING}, 15),
    ],
)
def test_operating_vehicle_converted_to_non_operating_keeps_an_operating_life(code, changes, years):
    scrap = scrap_due(vehicle(code, **changes))
    assert (scrap.service_life_years, scrap.basis) == (years, B.SCRAP_CONVERTED_FROM_OPERATING)
    assert scrap.needs_manual_review is True  # the previous operating use is not known


def test_former_taxi_keeps_the_taxi_life():
    scrap = scrap_due(vehicle("K33", U.TAXI_TO_NON_OPERATING))
    assert (scrap.service_life_years, scrap.basis) == (8, B.SCRAP_CONVERTED_FROM_TAXI)
    assert scrap.needs_manual_review is False


def test_scrap_notice_is_configurable():
    scrap = scrap_due(
        vehicle("K33", U.TAXI, 5, date(2018, 3, 15)), ScheduleParameters(scrap_notice_months=3)
    )
    assert scrap.notice_on == date(2025, 12, 15)


# --- status ---------------------------------------------------------------------------------

K = Condition


def conditions(status) -> list[Condition]:
    return [entry.condition for entry in status.conditions]


def test_vehicle_between_windows_is_normal():
    status = vehicle_status(
        vehicle(registered_on=date(2020, 3, 15)),
        as_of=date(2023, 1, 1),
        valid_until=date(2024, 3, 1),
    )
    assert conditions(status) == [K.NORMAL]
    assert status.overall is K.NORMAL
    assert status.conditions[0].basis == B.STATUS_NORMAL


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 2, 29), [K.NORMAL]),
        (date(2024, 3, 1), [K.INSPECTION_WINDOW_OPEN]),
        (date(2024, 5, 31), [K.INSPECTION_WINDOW_OPEN]),
        (date(2024, 6, 1), [K.INSPECTION_OVERDUE]),
    ],
)
def test_window_opens_on_the_first_day_and_lapses_the_day_after_the_due_month(as_of, expected):
    status = vehicle_status(
        vehicle(registered_on=date(2018, 5, 2)), as_of=as_of, valid_until=date(2024, 5, 1)
    )
    assert conditions(status) == expected


def test_open_window_and_overdue_entries_carry_their_dates_and_basis():
    profile = vehicle(registered_on=date(2018, 5, 2))
    open_ = vehicle_status(profile, as_of=date(2024, 4, 1), valid_until=date(2024, 5, 1))
    entry = open_.conditions[0]
    assert (entry.since, entry.until, entry.basis) == (
        date(2024, 3, 1),
        date(2024, 5, 31),
        B.INSPECTION_WINDOW,
    )
    overdue = vehicle_status(profile, as_of=date(2024, 7, 1), valid_until=date(2024, 5, 1))
    assert (overdue.conditions[0].since, overdue.conditions[0].basis) == (
        date(2024, 6, 1),
        B.INSPECTION_OVERDUE,
    )
    assert overdue.missed is not None
    assert overdue.missed.count == 0


def test_school_bus_window_in_status_is_one_month():
    bus = vehicle("K38", U.SCHOOL_BUS, 9, date(2023, 3, 15))
    assert conditions(
        vehicle_status(bus, as_of=date(2023, 8, 31), valid_until=date(2023, 9, 30))
    ) == [K.NORMAL]
    status = vehicle_status(bus, as_of=date(2023, 9, 1), valid_until=date(2023, 9, 30))
    assert conditions(status) == [K.INSPECTION_WINDOW_OPEN]
    assert status.conditions[0].basis == B.INSPECTION_WINDOW_SCHOOL_BUS


def test_without_a_known_validity_the_window_comes_from_the_schedule():
    profile = vehicle(registered_on=date(2020, 3, 15))
    status = vehicle_status(profile, as_of=date(2022, 1, 1), valid_until=None)
    assert conditions(status) == [K.INSPECTION_WINDOW_OPEN]
    assert status.next_due is not None
    assert status.next_due.due_on == date(2022, 3, 31)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 3, 14), [K.NORMAL]),
        (date(2025, 3, 15), [K.SCRAP_NEAR]),
        (date(2026, 1, 14), [K.SCRAP_NEAR]),
        (date(2026, 1, 15), [K.SCRAP_NOTICE, K.SCRAP_NEAR]),
        (date(2026, 3, 14), [K.SCRAP_NOTICE, K.SCRAP_NEAR]),
        (date(2026, 3, 15), [K.SCRAP_DUE]),
    ],
)
def test_taxi_scrap_conditions_on_their_edge_dates(as_of, expected):
    # Operating taxi, validity kept current so only the scrap conditions show.
    taxi = vehicle("K33", U.TAXI, 5, date(2018, 3, 15))
    status = vehicle_status(taxi, as_of=as_of, valid_until=date(2026, 9, 1))
    assert conditions(status) == expected


def test_scrap_due_by_service_life_says_so_in_its_basis():
    taxi = vehicle("K33", U.TAXI, 5, date(2018, 3, 15))
    status = vehicle_status(taxi, as_of=date(2026, 3, 15), valid_until=date(2026, 9, 1))
    assert (status.conditions[0].since, status.conditions[0].basis) == (
        date(2026, 3, 15),
        B.SCRAP_DUE_SERVICE_LIFE,
    )


def test_three_missed_cycles_make_the_vehicle_scrap_due_the_day_after_the_third_cycle():
    truck = vehicle("H11", U.GOODS_TRANSPORT, 2, date(2015, 4, 8))
    day_before = vehicle_status(truck, as_of=date(2023, 4, 30), valid_until=date(2020, 4, 1))
    assert conditions(day_before) == [K.INSPECTION_OVERDUE]
    due = vehicle_status(truck, as_of=date(2023, 5, 1), valid_until=date(2020, 4, 1))
    assert conditions(due) == [K.SCRAP_DUE, K.INSPECTION_OVERDUE]
    assert (due.conditions[0].since, due.conditions[0].basis) == (
        date(2023, 5, 1),
        B.SCRAP_DUE_MISSED_INSPECTIONS,
    )
    assert due.overall is K.SCRAP_DUE


def test_overdue_inspection_outranks_the_scrap_notice():
    taxi = vehicle("K33", U.TAXI, 5, date(2018, 3, 15))
    status = vehicle_status(taxi, as_of=date(2026, 2, 1), valid_until=date(2025, 9, 1))
    assert conditions(status) == [K.INSPECTION_OVERDUE, K.SCRAP_NOTICE, K.SCRAP_NEAR]
    assert status.overall is K.INSPECTION_OVERDUE


def test_deregistered_vehicle_has_no_other_condition():
    taxi = vehicle("K33", U.TAXI, 5, date(2010, 3, 15))
    status = vehicle_status(
        taxi, as_of=date(2026, 2, 1), valid_until=date(2012, 9, 1), deregistered=True
    )
    assert conditions(status) == [K.DEREGISTERED]
    assert status.overall is K.DEREGISTERED
    assert status.has(K.DEREGISTERED)
    assert not status.has(K.SCRAP_DUE)


def test_severity_orders_every_condition_once():
    assert sorted(SEVERITY) == sorted(Condition)
    assert SEVERITY[0] is K.NORMAL
    assert SEVERITY[-1] is K.DEREGISTERED


# --- codes and explanations -----------------------------------------------------------------


def test_rules_package_imports_no_django():
    code = (
        "import sys, jiaoguan.vehicles.rules; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_every_code_the_rules_can_emit_has_an_explanation():
    from jiaoguan.vehicles.explanations import BASIS_TEXT

    assert set(BASIS_TEXT) == set(ALL_CODES)
    assert {*Basis, *ExemptionLossEvent, *Condition} == ALL_CODES


def test_explain_returns_a_chinese_sentence_citing_the_instrument():
    from django.conf import settings

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        # Run without pytest-django: plain settings are enough for lazy text without i18n.
        settings.configure(USE_I18N=False)
    from jiaoguan.vehicles.explanations import explain

    assert "第十六条" in explain(Basis.INSPECTION_CLASSIC_SMALL_PASSENGER)
    assert "《机动车强制报废标准规定》" in explain(Basis.SCRAP_TAXI_SMALL_MICRO)
    assert all(explain(code) for code in ALL_CODES)
    with pytest.raises(KeyError):
        explain("inspection.no_such_rule")


# --- properties -----------------------------------------------------------------------------

TYPE_CODES = [
    "K11", "K16", "K18", "K21", "K28", "K31", "K33", "K38", "K39", "K43", "K49", "H11", "H1A",
    "H21", "H31", "H41", "H51", "Q11", "N11", "Z11", "Z12", "D11", "D12", "M11", "M15", "M21",
    "M22", "B11", "B15", "G11", "T11", "J11",
]  # fmt: skip


@st.composite
def profiles(draw):
    registered_on = draw(st.dates(date(1995, 1, 1), date(2035, 12, 31)))
    manufactured_on = draw(
        st.none() | st.dates(registered_on - timedelta(days=3000), registered_on)
    )
    use = draw(st.sampled_from(list(UseCharacter)))
    sign_on = None
    if use is U.SCHOOL_BUS:
        sign_on = draw(st.dates(registered_on, registered_on + timedelta(days=4000)))
    return VehicleProfile(
        vehicle_type=draw(st.sampled_from(TYPE_CODES)),
        use=use,
        seats=draw(st.integers(0, 60)),
        registered_on=registered_on,
        manufactured_on=manufactured_on,
        school_bus_sign_on=sign_on,
        illegally_modified=draw(st.booleans()),
        injury_accident=draw(st.booleans()),
        use_converted=draw(st.booleans()),
        single_cylinder=draw(st.booleans()),
        pure_electric=draw(st.booleans()),
    )


parameter_sets = st.builds(
    ScheduleParameters,
    exemption_loss_permanent=st.booleans(),
    late_registration_excludes=st.booleans(),
    use_conversion_needs_review=st.booleans(),
    reform_2022_covers_operating_motorcycles=st.booleans(),
    window_months=st.integers(1, 6),
)


@settings(max_examples=300)
@given(profiles(), parameter_sets, st.none() | st.dates(date(1995, 1, 1), date(2060, 1, 1)))
def test_schedule_dues_are_increasing_month_ends_after_registration(profile, params, as_of):
    schedule = dues(profile, 45, params, as_of=as_of)
    previous = profile.registered_on
    for due in schedule:
        assert due.due_on > previous
        assert due.due_on == month_end(due.due_on)
        assert due.age_months == months_between(profile.registered_on, due.due_on) > 0
        assert due.basis in set(Basis)
        assert set(due.exemption_lost_by) <= set(ExemptionLossEvent)
        assert not (due.exemption_lost_by and due.kind is MARK)
        assert (
            due.kind is TEST
            or profile.category.is_small_or_micro_passenger
            or (profile.category.is_motorcycle)
        )
        previous = due.due_on


@settings(max_examples=200)
@given(profiles(), st.dates(date(1995, 1, 1), date(2060, 1, 1)))
def test_next_inspection_is_the_first_due_not_before_the_day(profile, as_of):
    due = next_inspection(profile, as_of)
    assert due.due_on >= as_of
    earlier = [d for d in dues(profile, 80) if d.due_on < due.due_on]
    assert all(d.due_on < as_of for d in earlier)


@given(st.dates(date(2000, 1, 1), date(2050, 12, 31)), st.booleans(), st.integers(1, 12))
def test_window_contains_its_due_date_and_starts_on_a_first_of_month(day, school_bus, months):
    params = ScheduleParameters(window_months=months, school_bus_window_months=months)
    start, end = inspection_window(day, school_bus=school_bus, params=params)
    assert start <= day <= end == month_end(day)
    assert start.day == 1
    assert months_between(start, end) == months - 1


@settings(max_examples=200)
@given(profiles(), st.dates(date(2000, 1, 1), date(2050, 12, 31)), st.data())
def test_status_inside_the_window_has_the_window_open(profile, due_day, data):
    valid_until = max(due_day, profile.registered_on)
    start, end = inspection_window(valid_until, school_bus=profile.is_school_bus)
    as_of = data.draw(st.dates(start, end))
    status = vehicle_status(profile, as_of=as_of, valid_until=valid_until)
    assert status.has(K.INSPECTION_WINDOW_OPEN)
    assert not status.has(K.INSPECTION_OVERDUE)
    assert status.overall is status.conditions[0].condition
    ranks = [SEVERITY.index(entry.condition) for entry in status.conditions]
    assert ranks == sorted(ranks, reverse=True)


@settings(max_examples=200)
@given(profiles(), st.dates(date(2000, 1, 1), date(2050, 12, 31)))
def test_missed_cycles_grow_from_0_to_3_over_the_cycle_ends(profile, valid_until):
    valid_until = max(valid_until, profile.registered_on)
    first = missed_cycles(profile, valid_until, valid_until)
    assert first.count == 0
    assert len(first.cycle_ends) == 3
    assert month_end(valid_until) < first.cycle_ends[0] < first.cycle_ends[1] < first.cycle_ends[2]
    for index, end in enumerate(first.cycle_ends):
        assert missed_cycles(profile, valid_until, end).count == index
        assert missed_cycles(profile, valid_until, end + timedelta(days=1)).count == index + 1
    assert first.scrap_required_from == first.cycle_ends[2] + timedelta(days=1)


@settings(max_examples=300)
@given(profiles())
def test_scrap_due_is_consistent(profile):
    scrap = scrap_due(profile)
    assert scrap.basis in set(Basis)
    assert scrap.counted_from in (profile.registered_on, profile.manufactured_on)
    if scrap.scrap_on is None:
        assert scrap.service_life_years is None
        assert scrap.notice_on is None
        assert scrap.last_year_from is None
    else:
        assert scrap.counted_from < scrap.last_year_from < scrap.notice_on < scrap.scrap_on
        assert 6 <= (scrap.service_life_years or 0) <= 30
