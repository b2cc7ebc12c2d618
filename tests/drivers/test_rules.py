"""Tests of the pure driving-license rules (jiaoguan.drivers.rules) and their explanations.

Edge dates come from DOMAIN.md §3 and §4. No database: run with ``-p no:django``.
"""

from __future__ import annotations

import calendar
import os
import re
import subprocess
import sys
from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jiaoguan.drivers.rules import (
    ALL_BASIS_CODES,
    ALSO_PERMITTED,
    CAR_TYPE_CLASSES,
    CONDITION_SEVERITY,
    DEFAULT_PARAMETERS,
    FIRST_APPLICATION_CLASSES,
    LARGE_CLASSES,
    MOTORCYCLE_TYPE_CLASSES,
    RENEWAL_PHASE_ORDER,
    UPGRADE_ONLY_CLASSES,
    AgeLimitActionKind,
    AgeLimitEra,
    Basis,
    LicenseClass,
    LicenseCondition,
    LicenseParameters,
    ProbationGroup,
    RenewalPhase,
    Validity,
    accident_review_duty,
    age_limit_actions,
    age_limit_era,
    age_limit_rule,
    age_limits,
    age_on,
    age_within_limits,
    cycle_bounds,
    cycle_index,
    cycle_span,
    extension_application_window,
    first_license_validity,
    full_score_study,
    full_score_study_days,
    license_status,
    medical_certificate_valid_until,
    medical_duty,
    medical_duty_for_cycle,
    next_validity,
    next_validity_outcome,
    parse_classes,
    permitted_classes,
    points_cycle,
    points_reduction_eligibility,
    probation_end,
    probation_full_score_consequence,
    probation_status,
    recovery_deadline,
    renewal_phase,
    renewal_window,
    review_duty,
    valid_until,
)

L = LicenseClass
ONE_DAY = timedelta(days=1)
ACTION = AgeLimitActionKind

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))


# =============================================================================================
# Purity


def test_rules_package_imports_no_django():
    code = (
        "import sys, jiaoguan.drivers.rules; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "assert not bad, bad"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr


# =============================================================================================
# License classes (§3.1)


def test_license_classes_are_their_codes_in_article_11_order():
    codes = "A1 A2 A3 B1 B2 C1 C2 C3 C4 C5 C6 D E F M N P"
    assert " ".join(c.value for c in LicenseClass) == codes


def test_car_type_and_motorcycle_type_classes_partition_all_classes():
    assert frozenset({L.D, L.E, L.F}) == MOTORCYCLE_TYPE_CLASSES
    assert frozenset(LicenseClass) == CAR_TYPE_CLASSES | MOTORCYCLE_TYPE_CLASSES
    assert not CAR_TYPE_CLASSES & MOTORCYCLE_TYPE_CLASSES
    assert L.C6 in CAR_TYPE_CLASSES
    assert L.M in CAR_TYPE_CLASSES


def test_large_classes_are_a1_a2_a3_b1_b2():
    assert frozenset({L.A1, L.A2, L.A3, L.B1, L.B2}) == LARGE_CLASSES


def test_first_application_and_upgrade_only_classes_partition_all_classes():
    assert frozenset({L.A1, L.A2, L.B1, L.C6}) == UPGRADE_ONLY_CLASSES
    assert frozenset(LicenseClass) == FIRST_APPLICATION_CLASSES | UPGRADE_ONLY_CLASSES
    assert not FIRST_APPLICATION_CLASSES & UPGRADE_ONLY_CLASSES
    assert {L.A3, L.B2, L.C5, L.N, L.P} <= FIRST_APPLICATION_CLASSES


def test_also_permitted_has_a_row_for_every_class_and_never_permits_itself():
    assert set(ALSO_PERMITTED) == set(LicenseClass)
    for cls, permitted in ALSO_PERMITTED.items():
        assert cls not in permitted


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (L.A1, "A3 B1 B2 C1 C2 C3 C4 M"),
        (L.A2, "B1 B2 C1 C2 C3 C4 C6 M"),
        (L.A3, "C1 C2 C3 C4"),
        (L.B1, "C1 C2 C3 C4 M"),
        (L.B2, "C1 C2 C3 C4 M"),  # product default, §13.3
        (L.C1, "C2 C3 C4"),
        (L.C3, "C4"),
        (L.D, "E F"),
        (L.E, "F"),
    ],
)
def test_also_permitted_follows_annex_1(cls, expected):
    assert ALSO_PERMITTED[cls] == frozenset(LicenseClass(c) for c in expected.split())


@pytest.mark.parametrize("cls", [L.C2, L.C4, L.C5, L.C6, L.F, L.M, L.N, L.P])
def test_classes_without_extra_entitlements_permit_nothing_else(cls):
    assert ALSO_PERMITTED[cls] == frozenset()


def test_also_permitted_cannot_be_modified():
    with pytest.raises(TypeError):
        ALSO_PERMITTED[L.C2] = frozenset({L.C1})  # type: ignore[index]


def test_permitted_classes_adds_entitlements_in_article_11_order():
    assert permitted_classes([L.D, L.C1]) == (L.C1, L.C2, L.C3, L.C4, L.D, L.E, L.F)
    assert permitted_classes([L.C2]) == (L.C2,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C1", (L.C1,)),
        ("C1,D", (L.C1, L.D)),
        ("C1D", (L.C1, L.D)),
        ("c1, e", (L.C1, L.E)),
        ("D C1", (L.C1, L.D)),
        ("C1C1 c1", (L.C1,)),
        ("A1A2", (L.A1, L.A2)),
        ("P N M F E D", (L.D, L.E, L.F, L.M, L.N, L.P)),
        ("C1、D", (L.C1, L.D)),
        ("Ｃ１，Ｄ", (L.C1, L.D)),
        ("  b2 ; c6 / m  ", (L.B2, L.C6, L.M)),
        ("A1A2A3B1B2C1C2C3C4C5C6DEFMNP", tuple(LicenseClass)),
    ],
)
def test_parse_classes_accepts_printed_and_typed_forms(text, expected):
    assert parse_classes(text) == expected


@pytest.mark.parametrize("text", ["", "   ", ",", " , ;"])
def test_parse_classes_rejects_empty_input(text):
    with pytest.raises(ValueError, match="no license class"):
        parse_classes(text)


@pytest.mark.parametrize(
    ("text", "bad"),
    [("C7", "C7"), ("G", "G"), ("C", "C"), ("C1X", "X"), ("A1 Z9", "Z9"), ("D1", "D1")],
)
def test_parse_classes_names_the_unknown_code(text, bad):
    with pytest.raises(ValueError, match=f"unknown license class code.*'{bad}'"):
        parse_classes(text)


def test_parse_classes_reports_every_unknown_code_at_once():
    with pytest.raises(ValueError, match=r"'G'.*'C9'"):
        parse_classes("C1 G C9")


# =============================================================================================
# Validity (§3.4)


@pytest.mark.parametrize(
    ("valid_from", "validity", "expected"),
    [
        (date(2020, 3, 10), Validity.SIX_YEARS, date(2026, 3, 10)),
        (date(2020, 3, 10), Validity.TEN_YEARS, date(2030, 3, 10)),
        (date(2020, 2, 29), Validity.SIX_YEARS, date(2026, 2, 28)),
        (date(2016, 2, 29), Validity.TEN_YEARS, date(2026, 2, 28)),
        (date(2018, 2, 28), Validity.SIX_YEARS, date(2024, 2, 28)),
        (date(2020, 3, 10), Validity.LONG_TERM, None),
        (date(2020, 2, 29), Validity.LONG_TERM, None),
    ],
)
def test_valid_until_is_the_same_day_n_years_later(valid_from, validity, expected):
    assert valid_until(valid_from, validity) == expected


def test_valid_until_accepts_the_enum_values_as_strings():
    assert valid_until(date(2020, 1, 1), "10") == date(2030, 1, 1)
    assert valid_until(date(2020, 1, 1), "long_term") is None


def test_first_license_is_valid_six_years():
    outcome = first_license_validity()
    assert outcome.validity is Validity.SIX_YEARS
    assert outcome.basis == "license.validity.first_six_years"


@pytest.mark.parametrize(
    ("current", "full_score", "expected", "basis"),
    [
        (Validity.SIX_YEARS, False, Validity.TEN_YEARS, Basis.VALIDITY_TEN_YEARS),
        (Validity.TEN_YEARS, False, Validity.LONG_TERM, Basis.VALIDITY_LONG_TERM),
        (Validity.SIX_YEARS, True, Validity.SIX_YEARS, Basis.VALIDITY_REPEATED),
        (Validity.TEN_YEARS, True, Validity.TEN_YEARS, Basis.VALIDITY_REPEATED),
        (Validity.LONG_TERM, False, Validity.LONG_TERM, Basis.VALIDITY_LONG_TERM_KEPT),
        (Validity.LONG_TERM, True, Validity.LONG_TERM, Basis.VALIDITY_LONG_TERM_KEPT),
    ],
)
def test_next_validity_steps_up_only_without_a_full_score(current, full_score, expected, basis):
    assert next_validity(current, full_score_in_validity=full_score) is expected
    outcome = next_validity_outcome(current, full_score_in_validity=full_score)
    assert outcome.validity is expected
    assert outcome.basis is basis


# =============================================================================================
# Renewal (§3.4)

V = date(2026, 3, 10)


def test_renewal_window_opens_90_days_before_expiry_and_closes_on_expiry():
    assert renewal_window(V) == (date(2025, 12, 10), V)
    assert V - renewal_window(V)[0] == timedelta(days=90)


def test_long_term_license_has_no_renewal_window():
    with pytest.raises(ValueError, match="long-term"):
        renewal_window(None)


@pytest.mark.parametrize(
    ("as_of", "phase"),
    [
        (date(2025, 1, 1), RenewalPhase.NOT_DUE),
        (date(2025, 12, 9), RenewalPhase.NOT_DUE),  # day before the window
        (date(2025, 12, 10), RenewalPhase.WINDOW_OPEN),  # first day of the window
        (date(2026, 3, 9), RenewalPhase.WINDOW_OPEN),
        (date(2026, 3, 10), RenewalPhase.WINDOW_OPEN),  # expiry day is still valid
        (date(2026, 3, 11), RenewalPhase.EXPIRED_ONLINE),  # first day expired
        (date(2027, 2, 10), RenewalPhase.EXPIRED_ONLINE),  # 11-month mark
        (date(2027, 2, 11), RenewalPhase.EXPIRED_COUNTER),  # day after the 11-month mark
        (date(2027, 3, 10), RenewalPhase.EXPIRED_COUNTER),  # 12-month mark: exactly one year
        (date(2027, 3, 11), RenewalPhase.CANCELLABLE),  # more than one year overdue
        (date(2040, 1, 1), RenewalPhase.CANCELLABLE),
    ],
)
def test_renewal_phase_at_edge_dates(as_of, phase):
    assert renewal_phase(V, as_of).phase is phase


def test_renewal_status_carries_all_deadlines():
    status = renewal_phase(V, date(2026, 1, 1))
    assert status.valid_until == V
    assert status.window_opens == date(2025, 12, 10)
    assert status.window_closes == V
    assert status.online_until == date(2027, 2, 10)
    assert status.cancellation_on == date(2027, 3, 11)
    assert status.recovery_until == date(2029, 3, 11)
    assert status.basis == "license.renewal.window_90_days"


@pytest.mark.parametrize(
    ("phase_date", "basis"),
    [
        (date(2025, 12, 9), "license.renewal.not_due"),
        (date(2025, 12, 10), "license.renewal.window_90_days"),
        (date(2026, 3, 11), "license.renewal.expired_online_11_months"),
        (date(2027, 2, 11), "license.renewal.expired_counter_only"),
        (date(2027, 3, 11), "license.renewal.cancellable_over_1_year"),
    ],
)
def test_each_renewal_phase_has_its_basis(phase_date, basis):
    assert renewal_phase(V, phase_date).basis == basis


def test_renewal_of_a_leap_day_expiry_uses_month_ends():
    status = renewal_phase(date(2024, 2, 29), date(2024, 1, 1))
    assert status.window_opens == date(2023, 12, 1)
    assert status.online_until == date(2025, 1, 29)
    # 2024-02-29 + 12 months is 2025-02-28; the next day is the first day over a year.
    assert status.cancellation_on == date(2025, 3, 1)
    assert renewal_phase(date(2024, 2, 29), date(2025, 2, 28)).phase is RenewalPhase.EXPIRED_COUNTER
    assert renewal_phase(date(2024, 2, 29), date(2025, 3, 1)).phase is RenewalPhase.CANCELLABLE


def test_online_renewal_cut_off_of_a_month_end_expiry_is_the_shorter_months_end():
    status = renewal_phase(date(2026, 3, 31), date(2026, 4, 1))
    assert status.online_until == date(2027, 2, 28)
    assert status.cancellation_on == date(2027, 4, 1)


def test_long_term_license_is_never_due_and_never_expires():
    for as_of in (date(2000, 1, 1), date(2026, 3, 10), date(2099, 12, 31)):
        status = renewal_phase(None, as_of)
        assert status.phase is RenewalPhase.LONG_TERM
        assert status.basis == "license.renewal.long_term_no_expiry"
        assert status.valid_until is None
        assert status.window_opens is None
        assert status.window_closes is None
        assert status.online_until is None
        assert status.cancellation_on is None
        assert status.recovery_until is None


def test_renewal_honors_custom_parameters():
    params = LicenseParameters(renewal_window_days=30, online_renewal_months_after_expiry=6)
    assert renewal_phase(V, date(2026, 2, 7), params).phase is RenewalPhase.NOT_DUE
    assert renewal_phase(V, date(2026, 2, 8), params).phase is RenewalPhase.WINDOW_OPEN
    assert renewal_phase(V, date(2026, 9, 10), params).phase is RenewalPhase.EXPIRED_ONLINE
    assert renewal_phase(V, date(2026, 9, 11), params).phase is RenewalPhase.EXPIRED_COUNTER


def test_recovery_deadline_is_two_years_after_cancellation():
    assert recovery_deadline(date(2027, 3, 11)) == date(2029, 3, 11)
    assert recovery_deadline(date(2024, 2, 29)) == date(2026, 2, 28)


@given(expiry=dates, a=dates, b=dates)
def test_renewal_phase_never_moves_backwards_as_time_passes(expiry, a, b):
    earlier, later = sorted((a, b))
    rank = RENEWAL_PHASE_ORDER.index
    assert rank(renewal_phase(expiry, earlier).phase) <= rank(renewal_phase(expiry, later).phase)


@given(expiry=dates)
def test_renewal_phases_follow_each_other_on_adjacent_days(expiry):
    status = renewal_phase(expiry, expiry)
    edges = [
        (status.window_opens, RenewalPhase.NOT_DUE, RenewalPhase.WINDOW_OPEN),
        (status.window_closes + ONE_DAY, RenewalPhase.WINDOW_OPEN, RenewalPhase.EXPIRED_ONLINE),
        (status.online_until + ONE_DAY, RenewalPhase.EXPIRED_ONLINE, RenewalPhase.EXPIRED_COUNTER),
        (status.cancellation_on, RenewalPhase.EXPIRED_COUNTER, RenewalPhase.CANCELLABLE),
    ]
    for first_day, before, after in edges:
        assert renewal_phase(expiry, first_day - ONE_DAY).phase is before
        assert renewal_phase(expiry, first_day).phase is after


# =============================================================================================
# Parameters (§13.3, §13.4)


def test_default_parameters_are_the_documented_product_defaults():
    p = DEFAULT_PARAMETERS
    assert p.renewal_window_days == 90
    assert p.online_renewal_months_after_expiry == 11
    assert p.cancellation_after_months == 12
    assert p.review_days_after_cycle == 30
    assert p.medical_days_after_cycle == 30
    assert p.c5_medical_every_cycles == 3
    assert p.probation_months == 12
    assert p.points_reminder == 9


def test_parameters_are_immutable():
    with pytest.raises(FrozenInstanceError):
        DEFAULT_PARAMETERS.renewal_window_days = 60  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"renewal_window_days": 0},
        {"probation_months": -1},
        {"points_reminder": 12},
        {"online_renewal_months_after_expiry": 13},
        {"review_days_after_cycle": True},
        {"medical_days_after_cycle": 30.0},
    ],
)
def test_parameters_reject_values_that_break_the_rules(kwargs):
    with pytest.raises(ValueError, match=r"must|exceed"):
        LicenseParameters(**kwargs)


# =============================================================================================
# Scoring cycles (§4.1)


def test_cycles_follow_the_domain_example():
    first = date(2015, 3, 10)
    assert points_cycle(first, date(2015, 3, 10)) == (date(2015, 3, 10), date(2016, 3, 9))
    assert points_cycle(first, date(2026, 3, 9)) == (date(2025, 3, 10), date(2026, 3, 9))
    assert points_cycle(first, date(2026, 3, 10)) == (date(2026, 3, 10), date(2027, 3, 9))


def test_cycle_index_counts_from_zero_and_changes_on_the_anniversary():
    first = date(2015, 3, 10)
    assert cycle_index(first, first) == 0
    assert cycle_index(first, date(2016, 3, 9)) == 0
    assert cycle_index(first, date(2016, 3, 10)) == 1
    assert cycle_index(first, date(2026, 3, 9)) == 10
    assert cycle_index(first, date(2026, 3, 10)) == 11


def test_cycle_before_first_issue_is_an_error():
    with pytest.raises(ValueError, match="before the first issue"):
        points_cycle(date(2015, 3, 10), date(2015, 3, 9))
    with pytest.raises(ValueError, match="before the first issue"):
        cycle_index(date(2015, 3, 10), date(2015, 3, 9))


def test_cycles_of_a_leap_day_first_issue_start_on_feb_28_in_common_years():
    first = date(2020, 2, 29)
    assert points_cycle(first, date(2021, 2, 27)) == (date(2020, 2, 29), date(2021, 2, 27))
    assert points_cycle(first, date(2021, 2, 28)) == (date(2021, 2, 28), date(2022, 2, 27))
    assert points_cycle(first, date(2024, 2, 28)) == (date(2023, 2, 28), date(2024, 2, 28))
    assert points_cycle(first, date(2024, 2, 29)) == (date(2024, 2, 29), date(2025, 2, 27))
    assert cycle_index(first, date(2024, 2, 28)) == 3
    assert cycle_index(first, date(2024, 2, 29)) == 4


def test_cycle_bounds_rejects_a_negative_index():
    with pytest.raises(ValueError, match="index"):
        cycle_bounds(date(2015, 3, 10), -1)


def test_cycle_span_carries_index_and_basis():
    span = cycle_span(date(2015, 3, 10), date(2020, 6, 1))
    assert (span.index, span.starts_on, span.ends_on) == (5, date(2020, 3, 10), date(2021, 3, 9))
    assert span.basis == "license.cycle.anchored_first_issue"
    assert span.contains(date(2021, 3, 9))
    assert not span.contains(date(2021, 3, 10))


@given(first=dates, offset=st.integers(min_value=0, max_value=40 * 366))
@example(first=date(2020, 2, 29), offset=365)
@example(first=date(2020, 2, 29), offset=1460)
def test_cycles_tile_the_timeline(first, offset):
    as_of = first + timedelta(days=offset)
    start, end = points_cycle(first, as_of)
    assert start <= as_of <= end
    assert (end - start).days + 1 in (365, 366)
    index = cycle_index(first, as_of)
    assert cycle_bounds(first, index) == (start, end)
    # The next cycle starts the day after this one ends.
    assert points_cycle(first, end + ONE_DAY) == (end + ONE_DAY, cycle_bounds(first, index + 1)[1])
    assert cycle_index(first, end + ONE_DAY) == index + 1
    # The previous cycle ends the day before this one starts.
    if index:
        assert points_cycle(first, start - ONE_DAY)[1] == start - ONE_DAY
    else:
        assert start == first


# =============================================================================================
# Probation (§3.5)


def test_probation_ends_the_day_before_the_12_month_anniversary():
    assert probation_end(date(2025, 3, 10)) == date(2026, 3, 9)
    assert probation_end(date(2024, 2, 29)) == date(2025, 2, 27)
    assert probation_end(date(2025, 1, 31)) == date(2026, 1, 30)


def test_probation_includes_its_last_day_and_ends_the_day_after():
    dates_ = {L.C1: date(2025, 3, 10)}
    last = probation_status(dates_, date(2026, 3, 9))
    assert last.in_probation
    assert last.ends_on == date(2026, 3, 9)
    assert last.groups == (ProbationGroup.CAR_TYPE,)
    assert last.classes == (L.C1,)
    assert last.basis == "license.probation.car_type_12_months"
    after = probation_status(dates_, date(2026, 3, 10))
    assert not after.in_probation
    assert after.ends_on is None
    assert after.groups == ()
    assert after.basis == "license.probation.not_in_probation"


def test_probation_starts_on_the_day_the_class_is_obtained():
    dates_ = {L.C1: date(2025, 3, 10)}
    assert probation_status(dates_, date(2025, 3, 10)).in_probation
    assert not probation_status(dates_, date(2025, 3, 9)).in_probation


def test_first_car_type_class_starts_probation_for_a_motorcyclist():
    dates_ = {L.D: date(2015, 6, 1), L.C1: date(2025, 1, 1)}
    status = probation_status(dates_, date(2025, 6, 1))
    assert status.groups == (ProbationGroup.CAR_TYPE,)
    assert status.classes == (L.C1,)  # D is not probationary
    assert status.ends_on == date(2025, 12, 31)


def test_both_groups_can_be_in_probation_at_once():
    dates_ = {L.D: date(2025, 1, 1), L.C1: date(2025, 6, 1)}
    status = probation_status(dates_, date(2025, 7, 1))
    assert status.groups == (ProbationGroup.CAR_TYPE, ProbationGroup.MOTORCYCLE_TYPE)
    assert status.classes == (L.C1, L.D)
    assert status.ends_on == date(2026, 5, 31)
    assert status.basis == "license.probation.car_type_12_months"
    # After the motorcycle probation ends only the car-type one remains.
    later = probation_status(dates_, date(2026, 1, 1))
    assert later.groups == (ProbationGroup.CAR_TYPE,)


def test_motorcycle_probation_has_its_own_basis():
    status = probation_status({L.E: date(2025, 1, 1)}, date(2025, 2, 1))
    assert status.basis == "license.probation.motorcycle_type_12_months"


def test_an_upgrade_after_probation_does_not_start_a_new_probation():
    dates_ = {L.C1: date(2020, 1, 1), L.C6: date(2024, 6, 1)}
    assert not probation_status(dates_, date(2024, 7, 1)).in_probation


def test_a_class_added_during_probation_is_probationary():
    dates_ = {L.C1: date(2025, 1, 1), L.B2: date(2025, 6, 1)}
    status = probation_status(dates_, date(2025, 7, 1))
    assert status.classes == (L.B2, L.C1)
    assert status.ends_on == date(2025, 12, 31)  # the group's probation, not a new one


def test_classes_obtained_after_as_of_are_ignored_for_probation():
    assert not probation_status({L.C1: date(2026, 1, 1)}, date(2025, 12, 31)).in_probation


def test_twelve_probation_points_cancel_the_probationary_class():
    dates_ = {L.D: date(2010, 1, 1), L.C1: date(2025, 1, 1)}
    violations = [(date(2025, 2, 1), 6), (date(2025, 12, 31), 6)]
    (consequence,) = probation_full_score_consequence(violations=violations, class_dates=dates_)
    assert consequence.group is ProbationGroup.CAR_TYPE
    assert consequence.classes_cancelled == (L.C1,)  # D is kept
    assert consequence.probation_points == 12
    assert consequence.probation_ends_on == date(2025, 12, 31)
    assert consequence.basis == "license.probation.full_score_cancels_class"


def test_eleven_probation_points_have_no_consequence():
    dates_ = {L.C1: date(2025, 1, 1)}
    violations = [(date(2025, 2, 1), 6), (date(2025, 3, 1), 3), (date(2025, 4, 1), 2)]
    assert probation_full_score_consequence(violations=violations, class_dates=dates_) == ()


def test_points_after_probation_ends_do_not_count_toward_the_probation_full_score():
    dates_ = {L.C1: date(2025, 1, 1)}
    violations = [(date(2025, 2, 1), 6), (date(2026, 1, 1), 6)]
    assert probation_full_score_consequence(violations=violations, class_dates=dates_) == ()


def test_probation_full_score_counts_across_scoring_cycles():
    # First issued as a motorcyclist in 2024; C1 probation spans the 2025-03-01 cycle change.
    dates_ = {L.E: date(2024, 3, 1), L.C1: date(2025, 1, 1)}
    violations = [(date(2025, 2, 1), 6), (date(2025, 4, 1), 6)]
    (consequence,) = probation_full_score_consequence(violations=violations, class_dates=dates_)
    assert consequence.classes_cancelled == (L.C1,)


def test_probation_full_score_in_both_groups_cancels_both():
    dates_ = {L.D: date(2025, 1, 1), L.C1: date(2025, 1, 1)}
    result = probation_full_score_consequence(
        violations=[(date(2025, 5, 1), 12)], class_dates=dates_
    )
    assert [c.classes_cancelled for c in result] == [(L.C1,), (L.D,)]


# =============================================================================================
# Ages (§3.3)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2000, 6, 15), date(2000, 6, 15), 0),
        (date(2000, 2, 29), date(2018, 2, 27), 17),
        (date(2000, 2, 29), date(2018, 2, 28), 18),  # Feb 29 birthday reached on Feb 28
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(2000, 2, 29), date(2020, 2, 28), 19),  # leap year: the birthday is Feb 29
        (date(2000, 2, 29), date(2020, 2, 29), 20),
    ],
)
def test_age_counts_completed_years(birth, on, age):
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before"):
        age_on(date(2000, 1, 1), date(1999, 12, 31))


def _is_birthday(birth: date, day: date) -> bool:
    if (birth.month, birth.day) != (2, 29):
        return (day.month, day.day) == (birth.month, birth.day)
    leap = calendar.isleap(day.year)
    return (day.month, day.day) == ((2, 29) if leap else (2, 28))


@given(birth=dates, offset=st.integers(min_value=0, max_value=100 * 366))
@example(birth=date(2000, 2, 29), offset=(date(2004, 2, 27) - date(2000, 2, 29)).days)
@example(birth=date(2000, 2, 29), offset=(date(2004, 2, 28) - date(2000, 2, 29)).days)
@example(birth=date(2000, 2, 29), offset=(date(2005, 2, 27) - date(2000, 2, 29)).days)
def test_age_grows_by_one_exactly_on_birthdays(birth, offset):
    on = birth + timedelta(days=offset)
    nxt = on + ONE_DAY
    step = age_on(birth, nxt) - age_on(birth, on)
    assert step == (1 if _is_birthday(birth, nxt) else 0)


@pytest.mark.parametrize(
    ("on", "era"),
    [
        (date(2012, 12, 31), AgeLimitEra.ORDER_123),
        (date(2020, 11, 19), AgeLimitEra.ORDER_123),
        (date(2020, 11, 20), AgeLimitEra.REFORM_2020),
        (date(2024, 12, 31), AgeLimitEra.REFORM_2020),
        (date(2025, 1, 1), AgeLimitEra.ORDER_172),
    ],
)
def test_age_limit_era_changes_on_the_cut_over_days(on, era):
    assert age_limit_era(on) is era


@pytest.mark.parametrize(
    ("cls", "on", "limits"),
    [
        # D/E: 18-60 until 2024, 18-70 from 2025.
        (L.D, date(2024, 12, 31), (18, 60)),
        (L.D, date(2025, 1, 1), (18, 70)),
        (L.E, date(2025, 1, 1), (18, 70)),
        # C6: 20-60 under 162号, 20-70 under 172号.
        (L.C6, date(2024, 12, 31), (20, 60)),
        (L.C6, date(2025, 1, 1), (20, 70)),
        # Small cars: the upper limit of 70 disappeared on 2020-11-20.
        (L.C1, date(2020, 11, 19), (18, 70)),
        (L.C1, date(2020, 11, 20), (18, None)),
        (L.C2, date(2025, 1, 1), (18, None)),
        (L.C5, date(2020, 11, 20), (18, None)),
        (L.F, date(2019, 1, 1), (18, 70)),
        (L.F, date(2026, 1, 1), (18, None)),
        # Large classes.
        (L.A1, date(2020, 11, 19), (26, 50)),
        (L.A1, date(2020, 11, 20), (22, 60)),
        (L.A1, date(2025, 1, 1), (22, 63)),
        (L.A2, date(2020, 11, 19), (24, 50)),
        (L.A2, date(2024, 12, 31), (22, 60)),
        (L.B1, date(2020, 11, 19), (21, 50)),
        (L.B1, date(2020, 11, 20), (20, 60)),
        (L.B1, date(2025, 1, 1), (20, 63)),
        (L.A3, date(2019, 1, 1), (20, 50)),
        (L.B2, date(2024, 12, 31), (20, 60)),
        (L.B2, date(2025, 1, 1), (20, 63)),
        (L.N, date(2025, 1, 1), (20, 63)),
        (L.P, date(2020, 11, 20), (20, 60)),
        # C3, C4, M: 18-60, then 18-63.
        (L.C3, date(2024, 12, 31), (18, 60)),
        (L.C4, date(2025, 1, 1), (18, 63)),
        (L.M, date(2025, 1, 1), (18, 63)),
        (L.M, date(2019, 1, 1), (18, 60)),
    ],
)
def test_age_limits_follow_the_era_in_force(cls, on, limits):
    assert age_limits(cls, on) == limits


@pytest.mark.parametrize(
    ("cls", "on", "limits"),
    [
        (L.A1, date(2019, 1, 1), (20, 50)),
        (L.A2, date(2020, 11, 20), (19, 60)),
        (L.A1, date(2025, 1, 1), (19, 63)),
        (L.B2, date(2025, 1, 1), (20, 63)),  # no vocational rule for B2
    ],
)
def test_vocational_students_have_their_own_limits_for_a1_and_a2(cls, on, limits):
    assert age_limits(cls, on, vocational_student=True) == limits


def test_c6_has_no_age_limit_before_it_existed():
    with pytest.raises(ValueError, match="C6"):
        age_limits(L.C6, date(2022, 3, 31))
    assert age_limits(L.C6, date(2022, 4, 1)) == (20, 60)


@pytest.mark.parametrize("on", [date(2019, 1, 1), date(2023, 1, 1), date(2026, 1, 1)])
def test_every_class_has_age_limits_in_every_era(on):
    for cls in LicenseClass:
        if cls is L.C6 and on < date(2022, 4, 1):
            continue
        minimum, maximum = age_limits(cls, on)
        assert 18 <= minimum <= 26
        assert maximum is None or maximum >= 50


def test_age_limit_rule_carries_the_era_basis():
    assert age_limit_rule(L.D, date(2019, 1, 1)).basis == "license.age_limit.era_123_139"
    assert age_limit_rule(L.D, date(2021, 1, 1)).basis == "license.age_limit.era_2020_reform"
    assert age_limit_rule(L.D, date(2025, 1, 1)).basis == "license.age_limit.era_172"


def test_application_age_bounds_include_the_number_itself():
    # 2020 era, D: 18-60. Aged 60 is admitted; 61 is not.
    assert age_within_limits(date(1964, 6, 1), L.D, date(2024, 6, 1))
    assert not age_within_limits(date(1963, 6, 1), L.D, date(2024, 6, 1))
    # From 2025 D runs to 70.
    assert age_within_limits(date(1963, 6, 1), L.D, date(2025, 6, 1))
    # Minimum: the 18th birthday itself qualifies.
    assert age_within_limits(date(2007, 3, 1), L.C1, date(2025, 3, 1))
    assert not age_within_limits(date(2007, 3, 1), L.C1, date(2025, 2, 28))
    # No upper limit for C1.
    assert age_within_limits(date(1930, 1, 1), L.C1, date(2026, 1, 1))


# =============================================================================================
# Upper-age downgrades (§3.3) and age cancellation (§3.7 ground 10)

BORN = date(1962, 5, 10)  # 63 on 2025-05-10, 70 on 2032-05-10


def test_large_class_exchange_starts_on_the_63rd_birthday():
    assert age_limit_actions(BORN, [L.B2], date(2025, 5, 9)) == ()
    (action,) = age_limit_actions(BORN, [L.B2], date(2025, 5, 10))
    assert action.license_class is L.B2
    assert action.action is ACTION.EXCHANGE
    assert action.exchange_options == (L.C1, L.C2)
    assert action.may_keep == ()
    assert action.applies_from == date(2025, 5, 10)
    assert action.exchange_deadline == date(2025, 6, 9)
    assert action.basis == "license.age_limit.large_class_exchange_63"


@pytest.mark.parametrize("cls", [L.A1, L.A2, L.A3, L.B1, L.B2])
def test_every_large_class_exchanges_for_c1_or_c2_at_63(cls):
    (action,) = age_limit_actions(BORN, [cls], date(2026, 1, 1))
    assert action.action is ACTION.EXCHANGE
    assert action.exchange_options == (L.C1, L.C2)


def test_a2_holders_may_keep_c6_until_70():
    (action,) = age_limit_actions(BORN, [L.A2], date(2026, 1, 1))
    assert action.may_keep == (L.C6,)
    (action,) = age_limit_actions(BORN, [L.A2], date(2032, 5, 10))
    assert action.may_keep == ()


def test_large_class_limit_was_60_before_2025():
    born = date(1963, 6, 1)  # 61 throughout 2024-06 .. 2025-05
    (action,) = age_limit_actions(born, [L.B2], date(2024, 12, 31))
    assert action.basis == "license.age_limit.large_class_exchange_60"
    assert action.applies_from == date(2023, 6, 1)
    # On 2025-01-01 the limit became 63: the same driver may drive B2 again.
    assert age_limit_actions(born, [L.B2], date(2025, 1, 1)) == ()


def test_m_n_p_are_not_allowed_from_63_and_other_classes_stay():
    actions = age_limit_actions(BORN, [L.C1, L.M, L.N], date(2025, 5, 10))
    assert [(a.license_class, a.action) for a in actions] == [
        (L.M, ACTION.NOT_ALLOWED),
        (L.N, ACTION.NOT_ALLOWED),
    ]
    assert actions[0].basis == "license.age_limit.m_n_p_not_allowed_63"
    assert actions[0].exchange_options == ()
    assert actions[0].exchange_deadline == date(2025, 6, 9)


def test_a_license_with_only_m_n_p_is_cancelled_at_63():
    actions = age_limit_actions(BORN, [L.P, L.M], date(2025, 5, 10))
    assert [a.license_class for a in actions] == [L.M, L.P]
    assert all(a.action is ACTION.CANCEL_LICENSE for a in actions)
    assert all(a.exchange_deadline is None for a in actions)
    assert all(a.basis == "license.age_limit.cancel_only_m_n_p_63" for a in actions)
    assert age_limit_actions(BORN, [L.P, L.M], date(2025, 5, 9)) == ()


def test_a_license_with_only_m_was_cancelled_at_60_before_2025():
    (action,) = age_limit_actions(date(1963, 6, 1), [L.M], date(2024, 1, 1))
    assert action.action is ACTION.CANCEL_LICENSE
    assert action.basis == "license.age_limit.cancel_only_m_n_p_60"


def test_motorcycles_d_and_e_exchange_for_f_from_70():
    assert age_limit_actions(BORN, [L.D, L.E], date(2032, 5, 9)) == ()
    actions = age_limit_actions(BORN, [L.D, L.E], date(2032, 5, 10))
    assert [(a.license_class, a.action, a.exchange_options) for a in actions] == [
        (L.D, ACTION.EXCHANGE, (L.F,)),
        (L.E, ACTION.EXCHANGE, (L.F,)),
    ]
    assert actions[0].applies_from == date(2032, 5, 10)
    assert actions[0].exchange_deadline == date(2032, 6, 9)
    assert actions[0].basis == "license.age_limit.motorcycle_exchange_f_70"


def test_c6_exchanges_for_c1_or_c2_from_70():
    (action,) = age_limit_actions(BORN, [L.C1, L.C6], date(2032, 5, 10))
    assert action.license_class is L.C6
    assert action.exchange_options == (L.C1, L.C2)
    assert action.basis == "license.age_limit.c6_exchange_70"
    assert age_limit_actions(BORN, [L.C1, L.C6], date(2032, 5, 9)) == ()


def test_c3_and_c4_are_not_allowed_from_70_beside_other_classes():
    actions = age_limit_actions(BORN, [L.C3, L.F], date(2032, 5, 10))
    assert [(a.license_class, a.action) for a in actions] == [(L.C3, ACTION.NOT_ALLOWED)]
    assert actions[0].basis == "license.age_limit.c3_c4_not_allowed_70"


def test_a_license_with_only_c3_c4_is_cancelled_at_70():
    assert age_limit_actions(BORN, [L.C3, L.C4], date(2032, 5, 9)) == ()
    actions = age_limit_actions(BORN, [L.C3, L.C4], date(2032, 5, 10))
    assert [a.action for a in actions] == [ACTION.CANCEL_LICENSE, ACTION.CANCEL_LICENSE]
    assert actions[0].basis == "license.age_limit.cancel_only_c3_c4_70"


def test_a_license_left_with_no_class_by_both_limits_is_cancelled():
    actions = age_limit_actions(BORN, [L.C3, L.M], date(2032, 5, 10))
    assert all(a.action is ACTION.CANCEL_LICENSE for a in actions)
    assert all(a.basis == "license.age_limit.cancel_no_class_left" for a in actions)
    assert all(a.applies_from == date(2032, 5, 10) for a in actions)
    # Between 63 and 70 only M lapses and C3 remains.
    (action,) = age_limit_actions(BORN, [L.C3, L.M], date(2030, 1, 1))
    assert (action.license_class, action.action) == (L.M, ACTION.NOT_ALLOWED)


def test_small_car_classes_have_no_upper_age_action():
    assert age_limit_actions(date(1930, 1, 1), [L.C1, L.C2, L.C5, L.F], date(2026, 1, 1)) == ()


def test_leap_day_birth_reaches_63_on_feb_28_in_a_common_year():
    born = date(1964, 2, 29)
    assert age_limit_actions(born, [L.B2], date(2027, 2, 27)) == ()
    (action,) = age_limit_actions(born, [L.B2], date(2027, 2, 28))
    assert action.applies_from == date(2027, 2, 28)


def test_over_63_extension_defers_the_large_class_exchange():
    until = date(2027, 5, 9)
    kwargs = {"large_class_extension_until": until}
    assert age_limit_actions(BORN, [L.B2, L.M], date(2026, 1, 1), **kwargs) == ()
    assert age_limit_actions(BORN, [L.B2], date(2027, 5, 9), **kwargs) == ()
    (action,) = age_limit_actions(BORN, [L.B2], date(2027, 5, 10), **kwargs)
    assert action.applies_from == date(2027, 5, 10)
    assert action.exchange_deadline == date(2027, 6, 9)


def test_over_63_extension_runs_at_most_three_years():
    longest = date(2028, 5, 9)  # 66th birthday - 1 day
    assert (
        age_limit_actions(BORN, [L.B2], date(2028, 5, 9), large_class_extension_until=longest) == ()
    )
    with pytest.raises(ValueError, match="at most 3 years"):
        age_limit_actions(
            BORN, [L.B2], date(2026, 1, 1), large_class_extension_until=longest + ONE_DAY
        )


def test_over_63_extension_is_ignored_before_2025():
    born = date(1963, 6, 1)
    actions = age_limit_actions(
        born, [L.B2], date(2024, 1, 1), large_class_extension_until=date(2026, 6, 1)
    )
    assert len(actions) == 1


def test_extension_application_window_is_the_year_before_turning_63():
    assert extension_application_window(BORN) == (date(2024, 5, 10), date(2025, 5, 9))
    assert extension_application_window(date(1964, 2, 29)) == (date(2026, 2, 28), date(2027, 2, 27))


# =============================================================================================
# Review (§3.6)

CYCLE = {"cycle_start": date(2025, 3, 10), "cycle_end": date(2026, 3, 9)}


def test_large_class_is_exempt_from_review_for_a_cycle_with_no_points():
    assert review_duty(classes=[L.B2], cycle_points=0, age_at_cycle_end=40, **CYCLE) is None


def test_large_class_with_points_is_reviewed_within_30_days_after_the_cycle():
    duty = review_duty(classes=[L.C1, L.A1], cycle_points=1, age_at_cycle_end=40, **CYCLE)
    assert duty is not None
    assert duty.opens_on == date(2026, 3, 10)
    assert duty.due_on == date(2026, 4, 8)
    assert duty.study_hours == 3
    assert not duty.cognitive_tests
    assert duty.basis == "license.review.large_class_with_points"
    assert duty.grounds == (Basis.REVIEW_LARGE_CLASS,)


def accident_duty(classes=(L.C1,), birth_date=date(1980, 1, 1), fatal=None, serious=None):
    return accident_review_duty(
        classes=classes,
        birth_date=birth_date,
        fatal_accident_on=fatal,
        serious_accident_on=serious,
        **CYCLE,
    )


@pytest.mark.parametrize(
    ("fatal_on", "owed"),
    [
        (date(2025, 3, 9), False),  # the day before the cycle
        (date(2025, 3, 10), True),  # its first day
        (date(2026, 3, 9), True),  # its last day
        (date(2026, 3, 10), False),  # the next cycle's first day
    ],
)
def test_a_fatal_accident_counts_for_the_cycle_containing_its_day(fatal_on, owed):
    duty = accident_duty(fatal=fatal_on)
    assert (duty is not None) is owed
    if duty is not None:
        assert duty.grounds == (Basis.REVIEW_FATAL_ACCIDENT,)
        assert duty.due_on == date(2026, 4, 8)


def test_the_fatal_accident_ground_is_not_for_large_classes():
    assert accident_duty(classes=(L.A1,), fatal=date(2025, 6, 1)) is None


@pytest.mark.parametrize(
    ("birth_date", "owed"),
    [
        (date(1956, 3, 9), True),  # 70 on the cycle's last day
        (date(1956, 3, 10), False),  # 70 the day after it ends
    ],
)
def test_a_serious_accident_needs_seventy_at_the_cycle_end(birth_date, owed):
    duty = accident_duty(birth_date=birth_date, serious=date(2025, 3, 10))
    assert (duty is not None) is owed
    if duty is not None:
        assert duty.grounds == (Basis.REVIEW_AGE_70_ACCIDENT,)
        assert duty.cognitive_tests


def test_a_serious_accident_outside_the_cycle_owes_nothing():
    assert accident_duty(birth_date=date(1950, 1, 1), serious=date(2026, 3, 10)) is None
    assert accident_duty(birth_date=date(1950, 1, 1), serious=date(2025, 3, 9)) is None


def test_a_fatal_accident_of_a_large_class_holder_of_seventy_counts_as_serious():
    duty = accident_duty(classes=(L.A1,), birth_date=date(1950, 1, 1), fatal=date(2025, 6, 1))
    assert duty is not None
    assert duty.grounds == (Basis.REVIEW_AGE_70_ACCIDENT,)


def test_small_car_license_with_points_needs_no_review():
    assert review_duty(classes=[L.C1], cycle_points=11, age_at_cycle_end=40, **CYCLE) is None


def test_fatal_accident_responsibility_requires_review_for_other_classes():
    duty = review_duty(
        classes=[L.C1],
        cycle_points=0,
        age_at_cycle_end=40,
        fatal_accident_responsibility=True,
        **CYCLE,
    )
    assert duty is not None
    assert duty.basis == "license.review.fatal_accident"
    assert duty.study_hours == 3


def test_fatal_accident_ground_is_for_licenses_without_a_large_class():
    # Art. 72 states the fatal-accident ground for "other classes"; a large-class holder is
    # reviewed under the points ground instead.
    duty = review_duty(
        classes=[L.B2],
        cycle_points=0,
        age_at_cycle_end=40,
        fatal_accident_responsibility=True,
        **CYCLE,
    )
    assert duty is None


def test_drivers_70_or_over_with_a_serious_accident_are_reviewed():
    kwargs = {"classes": [L.C1], "cycle_points": 0, "serious_accident_responsibility": True}
    assert review_duty(age_at_cycle_end=69, **kwargs, **CYCLE) is None
    duty = review_duty(age_at_cycle_end=70, **kwargs, **CYCLE)
    assert duty is not None
    assert duty.basis == "license.review.age_70_serious_accident"
    assert duty.cognitive_tests
    assert duty.study_hours == 0


def test_review_lists_every_ground_that_applies():
    duty = review_duty(
        classes=[L.A2],
        cycle_points=3,
        age_at_cycle_end=70,
        serious_accident_responsibility=True,
        **CYCLE,
    )
    assert duty.grounds == (Basis.REVIEW_LARGE_CLASS, Basis.REVIEW_AGE_70_ACCIDENT)
    assert duty.study_hours == 3
    assert duty.cognitive_tests


def test_review_period_follows_the_parameter():
    params = LicenseParameters(review_days_after_cycle=15)
    duty = review_duty(classes=[L.B1], cycle_points=2, age_at_cycle_end=40, params=params, **CYCLE)
    assert duty.due_on == date(2026, 3, 24)


def test_review_rejects_a_cycle_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="cycle_end"):
        review_duty(
            classes=[L.B1],
            cycle_start=date(2026, 1, 1),
            cycle_end=date(2025, 1, 1),
            cycle_points=1,
            age_at_cycle_end=40,
        )


def test_review_rejects_negative_points():
    with pytest.raises(ValueError, match="negative"):
        review_duty(classes=[L.B1], cycle_points=-1, age_at_cycle_end=40, **CYCLE)


# =============================================================================================
# Medical certificates (§3.6)

FIRST = date(2000, 3, 10)  # cycles run 03-10 .. 03-09


def _medical(birth, as_of, classes=(L.C1,), first=FIRST):
    return medical_duty(birth_date=birth, classes=classes, first_issued_on=first, as_of=as_of)


def test_driver_70_at_the_cycle_end_owes_a_certificate_30_days_after_it():
    duty = _medical(date(1956, 4, 1), date(2026, 5, 1))  # 70 on 2026-04-01
    assert duty is not None
    assert duty.cycle_end == date(2027, 3, 9)
    assert duty.due_on == date(2027, 4, 8)
    assert duty.cancellation_on == date(2028, 3, 10)
    assert duty.basis == "license.medical.age_70"
    assert not duty.designated_hospital_required


def test_turning_70_on_the_last_day_of_the_cycle_counts_and_the_day_after_does_not():
    as_of = date(2026, 6, 1)  # cycle 2026-03-10 .. 2027-03-09
    assert _medical(date(1957, 3, 9), as_of).cycle_end == date(2027, 3, 9)
    assert _medical(date(1957, 3, 10), as_of) is None


def test_previous_cycle_certificate_is_pending_during_its_30_days():
    birth = date(1956, 4, 1)
    during = _medical(birth, date(2027, 4, 8))  # last day to submit for the cycle ended 03-09
    assert during.cycle_end == date(2027, 3, 9)
    after = _medical(birth, date(2027, 4, 9))
    assert after.cycle_end == date(2028, 3, 9)


def test_c5_certificate_is_due_after_every_third_cycle():
    first = date(2020, 1, 1)
    duty = _medical(date(1990, 1, 1), date(2020, 6, 1), classes=(L.C5,), first=first)
    assert duty.cycle_index == 2
    assert duty.cycle_end == date(2022, 12, 31)
    assert duty.due_on == date(2023, 1, 30)
    assert duty.cancellation_on == date(2024, 1, 1)
    assert duty.basis == "license.medical.c5_every_three_cycles"
    assert duty.designated_hospital_required
    last_day = _medical(date(1990, 1, 1), date(2023, 1, 30), classes=(L.C5,), first=first)
    assert last_day.cycle_index == 2
    next_one = _medical(date(1990, 1, 1), date(2023, 1, 31), classes=(L.C5,), first=first)
    assert next_one.cycle_index == 5
    assert next_one.cycle_end == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("index", "due"),
    [(0, False), (1, False), (2, True), (3, False), (4, False), (5, True), (8, True), (9, False)],
)
def test_c5_cycles_2_5_8_owe_a_certificate(index, due):
    duty = medical_duty_for_cycle(
        birth_date=date(1990, 1, 1), classes=[L.C5], first_issued_on=FIRST, index=index
    )
    assert (duty is not None) is due


def test_c5_and_age_grounds_combine_in_one_duty():
    duty = medical_duty_for_cycle(
        birth_date=date(1950, 1, 1), classes=[L.C5], first_issued_on=date(2022, 6, 1), index=2
    )
    assert duty.grounds == (Basis.MEDICAL_AGE_70, Basis.MEDICAL_C5)


def test_yearly_certificate_started_at_60_before_2022():
    birth = date(1956, 1, 1)
    before = medical_duty_for_cycle(
        birth_date=birth, classes=[L.C1], first_issued_on=FIRST, index=21
    )
    assert before.cycle_end == date(2022, 3, 9)
    assert before.basis == "license.medical.age_60_before_2022"
    after = medical_duty_for_cycle(
        birth_date=birth, classes=[L.C1], first_issued_on=FIRST, index=22
    )
    assert after is None  # 66 at 2023-03-09: below 70 under 162号


def test_younger_driver_without_c5_owes_no_certificate():
    assert _medical(date(1980, 1, 1), date(2026, 1, 1)) is None


def test_medical_certificate_is_valid_six_months():
    assert medical_certificate_valid_until(date(2026, 1, 10)) == date(2026, 7, 10)
    assert medical_certificate_valid_until(date(2026, 8, 31)) == date(2027, 2, 28)


# =============================================================================================
# Points reduction by study (§4.4)

CLEAR = {
    "cycle_points": 6,
    "unhandled_violations": 0,
    "full_score_educations_this_cycle": 0,
    "full_score_educations_previous_cycle": 0,
    "in_probation": False,
    "review_overdue": False,
    "license_seized_or_suspended": False,
    "vehicle_inspection_lapsed": False,
    "vehicle_due_for_deregistration": False,
    "serious_offense_last_3_cycles": False,
    "fraud_last_3_cycles": False,
    "points_reduced_this_cycle": 0,
}


def test_clean_driver_may_reduce_up_to_six_points():
    result = points_reduction_eligibility(**CLEAR)
    assert result.eligible
    assert result.refusals == ()
    assert result.max_points == 6
    assert result.basis == "points.reduction.eligible"


@pytest.mark.parametrize(
    ("points", "reduced", "max_points"), [(6, 3, 3), (2, 0, 2), (11, 5, 1), (11, 0, 6)]
)
def test_reduction_is_capped_by_the_cycle_maximum_and_the_points_held(points, reduced, max_points):
    result = points_reduction_eligibility(
        **{**CLEAR, "cycle_points": points, "points_reduced_this_cycle": reduced}
    )
    assert result.eligible
    assert result.max_points == max_points


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"cycle_points": 12}, "points.reduction.refused.full_score"),
        ({"unhandled_violations": 1}, "points.reduction.refused.unhandled_violations"),
        ({"cycle_points": 0}, "points.reduction.refused.no_points"),
        ({"points_reduced_this_cycle": 6}, "points.reduction.refused.cycle_maximum_reached"),
        (
            {"full_score_educations_this_cycle": 2},
            "points.reduction.refused.repeated_full_score_education",
        ),
        (
            {"full_score_educations_previous_cycle": 2},
            "points.reduction.refused.repeated_full_score_education",
        ),
        (
            {"full_score_educations_this_cycle": 1, "full_score_educations_previous_cycle": 1},
            "points.reduction.refused.repeated_full_score_education",
        ),
        (
            {"serious_offense_last_3_cycles": True},
            "points.reduction.refused.serious_offense_last_3_cycles",
        ),
        ({"in_probation": True}, "points.reduction.refused.in_probation"),
        ({"review_overdue": True}, "points.reduction.refused.review_overdue"),
        (
            {"license_seized_or_suspended": True},
            "points.reduction.refused.license_seized_or_suspended",
        ),
        (
            {"vehicle_inspection_lapsed": True},
            "points.reduction.refused.vehicle_inspection_lapsed",
        ),
        (
            {"vehicle_due_for_deregistration": True},
            "points.reduction.refused.vehicle_due_deregistration",
        ),
        ({"fraud_last_3_cycles": True}, "points.reduction.refused.fraud_last_3_cycles"),
    ],
)
def test_each_refusal_reason_alone_refuses_reduction(change, code):
    result = points_reduction_eligibility(**{**CLEAR, **change})
    assert not result.eligible
    assert result.refusals == (code,)
    assert result.basis == code
    assert result.max_points == 0


def test_one_full_score_education_does_not_refuse_reduction():
    assert points_reduction_eligibility(**{**CLEAR, "full_score_educations_this_cycle": 1}).eligible
    assert points_reduction_eligibility(
        **{**CLEAR, "full_score_educations_previous_cycle": 1}
    ).eligible


def test_eleven_points_may_still_be_reduced():
    assert points_reduction_eligibility(**{**CLEAR, "cycle_points": 11}).eligible


def test_every_refusal_reason_is_reported_not_just_the_first():
    everything = {
        **CLEAR,
        "cycle_points": 12,
        "unhandled_violations": 2,
        "full_score_educations_this_cycle": 2,
        "in_probation": True,
        "review_overdue": True,
        "license_seized_or_suspended": True,
        "vehicle_inspection_lapsed": True,
        "vehicle_due_for_deregistration": True,
        "serious_offense_last_3_cycles": True,
        "fraud_last_3_cycles": True,
        "points_reduced_this_cycle": 6,
    }
    result = points_reduction_eligibility(**everything)
    refusal_codes = {c for c in Basis if c.value.startswith("points.reduction.refused.")}
    assert set(result.refusals) == refusal_codes - {Basis.REDUCTION_NO_POINTS}
    assert len(result.refusals) == len(set(result.refusals))


def test_reduction_rejects_negative_counts():
    with pytest.raises(ValueError, match="unhandled_violations"):
        points_reduction_eligibility(**{**CLEAR, "unhandled_violations": -1})


@given(
    points=st.integers(0, 30),
    unhandled=st.integers(0, 3),
    educations=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    flags=st.lists(st.booleans(), min_size=7, max_size=7),
    reduced=st.integers(0, 8),
)
def test_reduction_is_eligible_exactly_when_nothing_refuses_it(
    points, unhandled, educations, flags, reduced
):
    names = [
        "in_probation",
        "review_overdue",
        "license_seized_or_suspended",
        "vehicle_inspection_lapsed",
        "vehicle_due_for_deregistration",
        "serious_offense_last_3_cycles",
        "fraud_last_3_cycles",
    ]
    result = points_reduction_eligibility(
        cycle_points=points,
        unhandled_violations=unhandled,
        full_score_educations_this_cycle=educations[0],
        full_score_educations_previous_cycle=educations[1],
        points_reduced_this_cycle=reduced,
        **dict(zip(names, flags, strict=True)),
    )
    clean = (
        0 < points < 12
        and unhandled == 0
        and sum(educations) < 2
        and not any(flags)
        and reduced < 6
    )
    assert result.eligible is clean
    assert result.eligible is (result.refusals == ())
    assert 0 <= result.max_points <= min(6, points)


# =============================================================================================
# Full-score study (§4.3)


@pytest.mark.parametrize(
    ("large", "full_scores", "points", "days"),
    [
        (False, 1, 12, 7),
        (True, 1, 12, 30),
        (False, 1, 23, 7),
        (False, 1, 24, 14),  # each extra 12 points adds 7 days
        (True, 1, 24, 60),
        (False, 2, 24, 14),  # a second full score with 24 points is one increment, not two
        (False, 2, 12, 14),
        (False, 3, 36, 21),
        (True, 3, 36, 90),
        (True, 4, 48, 120),  # exactly the large-class cap
        (True, 5, 60, 120),  # capped
        (False, 8, 96, 56),
        (False, 9, 108, 60),  # 63 capped to 60
        (False, 1, 240, 60),
    ],
)
def test_full_score_study_days(large, full_scores, points, days):
    assert (
        full_score_study_days(
            large_class=large, full_scores_in_cycle=full_scores, total_points=points
        )
        == days
    )


def test_full_score_study_reports_the_cap_and_basis():
    capped = full_score_study(large_class=False, full_scores_in_cycle=9, total_points=108)
    assert capped.capped
    assert capped.basis == "points.full_score.study_days"
    large = full_score_study(large_class=True, full_scores_in_cycle=4, total_points=48)
    assert not large.capped
    assert large.basis == "points.full_score.study_days_large_class"


@pytest.mark.parametrize(("full_scores", "points"), [(0, 12), (1, 11), (1, 0)])
def test_full_score_study_rejects_inputs_without_a_full_score(full_scores, points):
    with pytest.raises(ValueError, match="full score"):
        full_score_study_days(
            large_class=False, full_scores_in_cycle=full_scores, total_points=points
        )


@given(
    large=st.booleans(),
    full_scores=st.integers(1, 12),
    points=st.integers(12, 200),
    extra=st.integers(0, 24),
)
def test_full_score_study_is_bounded_and_never_shrinks_with_more_points(
    large, full_scores, points, extra
):
    days = full_score_study_days(
        large_class=large, full_scores_in_cycle=full_scores, total_points=points
    )
    more = full_score_study_days(
        large_class=large, full_scores_in_cycle=full_scores, total_points=points + extra
    )
    base, cap = (30, 120) if large else (7, 60)
    assert base <= days <= more <= cap
    assert days % (30 if large else 7) == 0 or days == cap


# =============================================================================================
# License status


def _status(**overrides):
    values = {
        "register_status": "valid",
        "valid_until": date(2030, 6, 1),
        "first_issued_on": date(2015, 6, 1),
        "class_dates": {L.C1: date(2015, 6, 1)},
        "birth_date": date(1985, 1, 1),
        "cycle_points": 0,
        "as_of": date(2026, 1, 1),
    }
    values.update(overrides)
    return license_status(**values)


def test_ordinary_license_is_valid():
    status = _status()
    assert status.conditions == (LicenseCondition.VALID,)
    assert status.overall is LicenseCondition.VALID
    assert status.basis == "license.status.valid"
    assert status.cycle.starts_on == date(2025, 6, 1)


def test_renewal_window_open_is_a_notice_on_a_valid_license():
    status = _status(as_of=date(2030, 3, 3))
    assert status.conditions == (LicenseCondition.RENEWAL_WINDOW_OPEN, LicenseCondition.VALID)
    assert status.overall is LicenseCondition.RENEWAL_WINDOW_OPEN
    assert status.basis == "license.renewal.window_90_days"
    assert _status(as_of=date(2030, 3, 2)).conditions == (LicenseCondition.VALID,)


def test_expired_license_is_not_valid():
    status = _status(as_of=date(2030, 6, 2))
    assert status.conditions == (LicenseCondition.EXPIRED,)
    assert status.renewal.phase is RenewalPhase.EXPIRED_ONLINE


def test_license_over_a_year_past_expiry_is_cancellable():
    assert _status(as_of=date(2031, 6, 1)).overall is LicenseCondition.EXPIRED
    status = _status(as_of=date(2031, 6, 2))
    assert status.overall is LicenseCondition.CANCELLABLE_OVERDUE
    assert status.basis == "license.renewal.cancellable_over_1_year"


def test_long_term_license_never_shows_renewal_conditions():
    status = _status(valid_until=None, as_of=date(2060, 1, 1))
    assert status.renewal.phase is RenewalPhase.LONG_TERM
    assert LicenseCondition.EXPIRED not in status.conditions


@pytest.mark.parametrize(
    ("points", "conditions"),
    [
        (8, (LicenseCondition.VALID,)),
        (9, (LicenseCondition.POINTS_REMINDER, LicenseCondition.VALID)),
        (11, (LicenseCondition.POINTS_REMINDER, LicenseCondition.VALID)),
        (12, (LicenseCondition.FULL_SCORE,)),
        (15, (LicenseCondition.FULL_SCORE,)),
    ],
)
def test_points_reminder_at_9_and_full_score_at_12(points, conditions):
    assert _status(cycle_points=points).conditions == conditions


def test_points_reminder_follows_the_parameter():
    params = LicenseParameters(points_reminder=6)
    status = _status(cycle_points=6, params=params)
    assert LicenseCondition.POINTS_REMINDER in status.conditions


def test_probation_is_shown_on_a_valid_license():
    status = _status(
        first_issued_on=date(2025, 6, 1), class_dates={L.C1: date(2025, 6, 1)}, valid_until=None
    )
    assert status.conditions == (LicenseCondition.IN_PROBATION, LicenseCondition.VALID)
    assert status.basis == "license.probation.car_type_12_months"


def test_suspended_license_keeps_its_other_conditions_but_is_not_valid():
    status = _status(register_status="SUSPENDED", as_of=date(2030, 6, 2))
    assert status.conditions == (LicenseCondition.SUSPENDED, LicenseCondition.EXPIRED)
    assert status.basis == "license.register.suspended"


@pytest.mark.parametrize(
    ("register", "condition", "basis"),
    [
        ("revoked", LicenseCondition.REVOKED, "license.register.revoked"),
        ("cancelled", LicenseCondition.CANCELLED, "license.register.cancelled"),
    ],
)
def test_revoked_and_cancelled_licenses_show_only_that(register, condition, basis):
    status = _status(register_status=register, as_of=date(2031, 12, 1), cycle_points=12)
    assert status.conditions == (condition,)
    assert status.basis == basis


def test_unknown_register_status_is_an_error():
    with pytest.raises(ValueError, match="seized"):
        _status(register_status="seized")


def test_age_limit_action_shows_on_the_license():
    status = _status(birth_date=BORN, class_dates={L.B2: date(2015, 6, 1)}, as_of=date(2025, 5, 10))
    assert status.overall is LicenseCondition.AGE_LIMIT_ACTION
    assert status.basis == "license.age_limit.large_class_exchange_63"
    assert LicenseCondition.VALID in status.conditions
    assert status.age_limit_actions[0].license_class is L.B2


def test_review_due_during_the_30_days_after_a_cycle_with_points():
    kwargs = {"class_dates": {L.B2: date(2015, 6, 1)}, "previous_cycle_points": 3}
    status = _status(as_of=date(2026, 6, 1), **kwargs)  # cycle ended 2026-05-31
    assert status.overall is LicenseCondition.REVIEW_DUE
    assert status.review.due_on == date(2026, 6, 30)
    assert status.basis == "license.review.large_class_with_points"
    on_last_day = _status(as_of=date(2026, 6, 30), **kwargs)
    assert LicenseCondition.REVIEW_DUE in on_last_day.conditions
    late = _status(as_of=date(2026, 7, 1), **kwargs)
    assert LicenseCondition.REVIEW_DUE not in late.conditions
    assert late.review is None
    in_cycle = _status(as_of=date(2026, 5, 31), **kwargs)  # the cycle before has long ended
    assert LicenseCondition.REVIEW_DUE not in in_cycle.conditions


def test_no_review_due_after_a_large_class_cycle_without_points():
    status = _status(class_dates={L.B2: date(2015, 6, 1)}, as_of=date(2026, 6, 5))
    assert LicenseCondition.REVIEW_DUE not in status.conditions
    assert status.review is None


def test_medical_due_during_the_30_days_after_a_cycle_ended_at_70():
    born = date(1955, 1, 1)  # 71 at the cycle end 2026-05-31
    status = _status(birth_date=born, as_of=date(2026, 6, 30))
    assert status.overall is LicenseCondition.MEDICAL_DUE
    assert status.basis == "license.medical.age_70"
    assert status.medical.due_on == date(2026, 6, 30)
    before = _status(birth_date=born, as_of=date(2026, 5, 31))
    assert LicenseCondition.MEDICAL_DUE not in before.conditions
    after = _status(birth_date=born, as_of=date(2026, 7, 1))
    assert LicenseCondition.MEDICAL_DUE not in after.conditions


def test_overall_is_the_most_severe_condition():
    status = _status(
        birth_date=BORN,
        class_dates={L.B2: date(2015, 6, 1)},
        as_of=date(2030, 6, 2),
        cycle_points=10,
    )
    assert status.conditions == (
        LicenseCondition.EXPIRED,
        LicenseCondition.AGE_LIMIT_ACTION,
        LicenseCondition.POINTS_REMINDER,
    )
    assert status.overall is LicenseCondition.EXPIRED
    assert status.reasons[0] == (LicenseCondition.EXPIRED, Basis.RENEWAL_EXPIRED_ONLINE)


def test_condition_severity_starts_with_terminal_states_and_ends_with_valid():
    assert CONDITION_SEVERITY[:3] == (
        LicenseCondition.CANCELLED,
        LicenseCondition.REVOKED,
        LicenseCondition.SUSPENDED,
    )
    assert CONDITION_SEVERITY[-1] is LicenseCondition.VALID
    assert set(CONDITION_SEVERITY) == set(LicenseCondition)


def test_license_status_ignores_classes_obtained_after_as_of():
    status = _status(
        class_dates={L.C1: date(2015, 6, 1), L.D: date(2026, 6, 1)}, as_of=date(2026, 1, 1)
    )
    assert not status.probation.in_probation


@given(
    points=st.integers(0, 20),
    offset=st.integers(0, 20 * 366),
    register=st.sampled_from(["valid", "suspended", "revoked", "cancelled"]),
    long_term=st.booleans(),
)
def test_license_status_conditions_are_sorted_by_severity(points, offset, register, long_term):
    status = _status(
        register_status=register,
        cycle_points=points,
        as_of=date(2015, 6, 1) + timedelta(days=offset),
        valid_until=None if long_term else date(2025, 6, 1),
        birth_date=date(1955, 3, 1),
        class_dates={L.B2: date(2015, 6, 1), L.D: date(2020, 1, 1)},
        previous_cycle_points=points,
    )
    ranks = [CONDITION_SEVERITY.index(c) for c in status.conditions]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
    assert status.overall is status.conditions[0]
    assert status.basis is status.reasons[0][1]
    usable = LicenseCondition.VALID in status.conditions
    assert usable is (
        register == "valid"
        and points < 12
        and status.renewal.phase
        in (RenewalPhase.NOT_DUE, RenewalPhase.WINDOW_OPEN, RenewalPhase.LONG_TERM)
    )


# =============================================================================================
# Basis codes and explanations


def test_basis_codes_are_stable_dotted_identifiers():
    pattern = re.compile(r"^(license|points)(\.[a-z0-9_]+){2,}$")
    for code in Basis:
        assert pattern.match(code.value), code
    assert frozenset(c.value for c in Basis) == ALL_BASIS_CODES
    assert len(ALL_BASIS_CODES) == len(Basis)


def _emitted_codes() -> set[str]:
    """Run the rules over a grid of inputs and collect every basis code they produce."""
    codes: set[str] = set()
    expiry = date(2026, 3, 10)
    for days in range(-200, 800, 5):
        codes.add(renewal_phase(expiry, expiry + timedelta(days=days)).basis)
    codes.add(renewal_phase(None, expiry).basis)
    codes.add(first_license_validity().basis)
    for current in Validity:
        for full in (False, True):
            codes.add(next_validity_outcome(current, full_score_in_validity=full).basis)
    codes.add(cycle_span(FIRST, date(2026, 1, 1)).basis)
    for group_dates in (
        {L.C1: date(2025, 1, 1)},
        {L.D: date(2025, 1, 1)},
        {L.C1: date(2000, 1, 1)},
    ):
        codes.add(probation_status(group_dates, date(2025, 6, 1)).basis)
    for c in probation_full_score_consequence(
        violations=[(date(2025, 2, 1), 12)], class_dates={L.C1: date(2025, 1, 1)}
    ):
        codes.add(c.basis)
    for on in (date(2019, 1, 1), date(2023, 1, 1), date(2026, 1, 1)):
        codes.add(age_limit_rule(L.C1, on).basis)
    for on in (date(2024, 6, 1), date(2035, 1, 1)):
        for classes in (
            [L.A2, L.M, L.C3, L.D, L.C6],
            [L.M],
            [L.C3, L.C4],
            [L.C3, L.M],
        ):
            codes.update(a.basis for a in age_limit_actions(date(1950, 1, 1), classes, on))
    for kwargs in (
        {"classes": [L.B2], "cycle_points": 1},
        {"classes": [L.C1], "fatal_accident_responsibility": True},
        {"classes": [L.C1], "serious_accident_responsibility": True, "age_at_cycle_end": 75},
        {"classes": [L.A3], "school_bus_driver": True},
    ):
        kwargs = {"cycle_points": 0, "age_at_cycle_end": 40, **kwargs}
        codes.update(review_duty(**kwargs, **CYCLE).grounds)
    for index in (20, 23):  # cycles ending 2021-03-09 (before 162号) and 2024-03-09
        duty = medical_duty_for_cycle(
            birth_date=date(1950, 1, 1), classes=[L.C5], first_issued_on=FIRST, index=index
        )
        codes.update(duty.grounds)
    codes.add(full_score_study(large_class=False, full_scores_in_cycle=1, total_points=12).basis)
    codes.add(full_score_study(large_class=True, full_scores_in_cycle=1, total_points=12).basis)
    codes.add(points_reduction_eligibility(**CLEAR).basis)
    for change in ({"cycle_points": 0}, {**{k: True for k, v in CLEAR.items() if v is False}}):
        codes.update(points_reduction_eligibility(**{**CLEAR, **change}).refusals)
    everything = {
        **CLEAR,
        "cycle_points": 12,
        "unhandled_violations": 1,
        "full_score_educations_this_cycle": 2,
        "points_reduced_this_cycle": 6,
    }
    codes.update(points_reduction_eligibility(**everything).refusals)
    for register in ("valid", "suspended", "revoked", "cancelled"):
        for points in (0, 9, 12):
            status = _status(register_status=register, cycle_points=points)
            codes.update(basis for _, basis in status.reasons)
    return codes


def test_the_rules_emit_every_basis_code_and_nothing_else():
    emitted = _emitted_codes()
    assert emitted <= ALL_BASIS_CODES
    # Every listed code is reachable, except the extension code, which documents a window.
    assert ALL_BASIS_CODES - emitted == {"license.age_limit.extension_before_63"}


@pytest.fixture(scope="module")
def explanations():
    from django.conf import settings

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(USE_I18N=False)
    else:
        import django

        django.setup()
    from jiaoguan.drivers import explanations as module

    return module


def test_every_basis_code_and_condition_has_an_explanation(explanations):
    expected = {c.value for c in Basis} | {c.value for c in LicenseCondition}
    assert set(explanations.BASIS_TEXT) == expected


def test_every_emitted_code_has_an_explanation(explanations):
    for code in _emitted_codes():
        assert explanations.explain(code)


def test_explanations_are_chinese_sentences_citing_their_source(explanations):
    for code in explanations.BASIS_TEXT:
        text = explanations.explain(code)
        assert re.search(r"[\u4e00-\u9fff]", text), code
        assert "《" in text or "本平台" in text, code


def test_explanation_of_the_renewal_window_cites_article_63(explanations):
    text = explanations.explain("license.renewal.window_90_days")
    assert text.startswith("《机动车驾驶证申领和使用规定》第六十三条")
    assert "九十日" in text


def test_explanations_accept_enum_members_and_plain_strings(explanations):
    assert explanations.explain(Basis.MEDICAL_AGE_70) == explanations.explain(
        "license.medical.age_70"
    )
    assert explanations.explain(LicenseCondition.FULL_SCORE) == explanations.explain("full_score")


def test_explaining_an_unknown_code_is_an_error(explanations):
    with pytest.raises(KeyError, match=r"license\.nope"):
        explanations.explain("license.nope")


def test_school_bus_drivers_are_reviewed_every_cycle_with_study_and_a_certificate():
    # 162号 art. 90: every cycle, points or not, within 30 days, 3 hours, a medical certificate.
    assert review_duty(classes=[L.A3], cycle_points=0, age_at_cycle_end=45, **CYCLE) is None
    duty = review_duty(
        classes=[L.A3], cycle_points=0, age_at_cycle_end=45, school_bus_driver=True, **CYCLE
    )
    assert duty is not None
    assert duty.basis == "license.review.school_bus_driver"
    assert duty.study_hours == 3
    assert duty.medical_certificate
    assert duty.opens_on == date(2026, 3, 10)
    assert duty.due_on == date(2026, 4, 8)  # the cycle's end + 30 days
    both = review_duty(
        classes=[L.A3], cycle_points=2, age_at_cycle_end=45, school_bus_driver=True, **CYCLE
    )
    assert both is not None
    assert both.grounds == (
        "license.review.large_class_with_points",
        "license.review.school_bus_driver",
    )
    assert not review_duty(
        classes=[L.A3], cycle_points=2, age_at_cycle_end=45, **CYCLE
    ).medical_certificate
