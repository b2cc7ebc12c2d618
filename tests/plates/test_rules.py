"""Plate rules (DOMAIN §6, §13.6): composition, pools, draws, dates. No database."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiaoguan.core.ids import (
    SERIAL_DIGITS,
    SERIAL_LETTERS,
    InvalidPlateNumber,
    is_valid_nev_serial,
    is_valid_ordinary_serial,
)
from jiaoguan.plates.rules import (
    InvalidSegment,
    Pool,
    PreviousNumber,
    SelectionParameters,
    Situation,
    SwapSide,
    TemporaryPlateRefused,
    applicant_key,
    candidate_stream,
    composed_serial,
    draw_candidates,
    earliest_segment_start,
    hold_expired,
    hold_expires_on,
    keep_previous_refusals,
    seed_commitment,
    seed_matches,
    segment_start_allowed,
    spouse_keep_refusals,
    swap_refusals,
    temporary_plate_valid_on,
    temporary_plate_valid_until,
    verify_draw,
    void_from,
)

SEED = "5f0c1d6e2a9b4c7d8e1f0a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"
ALL = SERIAL_DIGITS + SERIAL_LETTERS


# --- composition and pools -------------------------------------------------------------------


def test_serial_alphabet_has_ten_digits_and_twenty_four_letters_without_i_and_o():
    assert len(SERIAL_DIGITS) == 10
    assert len(SERIAL_LETTERS) == 24
    assert "I" not in SERIAL_LETTERS
    assert "O" not in SERIAL_LETTERS


def test_full_ordinary_pool_counts_serials_with_at_most_two_letters():
    pool = Pool("02", "苏A", "*****")
    # 0 letters: 10^5; 1 letter: 5 * 24 * 10^4; 2 letters: C(5,2) * 24^2 * 10^3.
    assert pool.size == 100_000 + 5 * 24 * 10_000 + 10 * 24**2 * 1_000 == 7_060_000


def test_ordinary_pool_with_one_letter_allowed_is_smaller():
    assert Pool("02", "苏A", "*****", max_letters=1).size == 100_000 + 1_200_000
    assert Pool("02", "苏A", "*****", max_letters=0).size == 100_000


def test_fixed_letter_pattern_counts_the_remaining_letter_budget():
    # D + 4 positions, one letter left among them.
    assert Pool("02", "苏A", "D****").size == 10_000 + 4 * 24 * 1_000


def test_small_nev_pool_has_energy_letter_first():
    pool = Pool("52", "苏A", "******")
    # D or F, then a digit or one of 24 letters, then 4 digits.
    assert pool.size == 2 * 34 * 10_000
    assert all(pool.serial_at(i)[0] in "DF" for i in (0, pool.size - 1, pool.size // 2))


def test_large_nev_pool_has_energy_letter_last():
    pool = Pool("51", "苏A", "#####@")
    assert pool.size == 100_000 * 2
    assert pool.serial_at(0) == "00000D"
    assert pool.serial_at(pool.size - 1) == "99999F"


def test_more_energy_letters_enlarge_the_nev_pool():
    pool = Pool("52", "苏A", "******", energy_letters=frozenset("DAF"))
    assert pool.size == 3 * 34 * 10_000


@pytest.mark.parametrize(
    ("plate_type", "prefix", "pattern", "reason"),
    [
        ("22", "苏A", "*****", "plate_type"),
        ("02", "XA", "*****", "prefix_province"),
        ("02", "苏1", "*****", "prefix_authority"),
        ("02", "苏AB", "*****", "prefix_format"),
        ("02", "苏A", "****", "pattern_length"),
        ("02", "苏A", "I****", "pattern_symbol"),
        ("02", "苏A", "AB@**", "pattern_empty"),
        ("52", "苏A", "1*****", "pattern_shape"),
        ("51", "苏A", "######", "pattern_shape"),
        ("52", "苏A", "G*****", "pattern_shape"),
    ],
)
def test_invalid_segments_are_refused_with_a_reason(plate_type, prefix, pattern, reason):
    with pytest.raises(InvalidSegment) as refused:
        Pool(plate_type, prefix, pattern)
    assert refused.value.reason == reason


def _brute_force(pool: Pool) -> list[str]:
    cap = pool.max_letters if pool.shape == "ordinary" else 6
    return [
        "".join(chars)
        for chars in itertools.product(*pool.positions)
        if sum(c in SERIAL_LETTERS for c in chars) <= cap
    ]


PATTERN_SYMBOLS = st.sampled_from(["#", "@", "*", "A", "Z", "0", "9", "H"])


@settings(max_examples=60, deadline=None)
@given(
    pattern=st.lists(PATTERN_SYMBOLS, min_size=5, max_size=5).filter(
        lambda symbols: symbols.count("*") + symbols.count("@") + symbols.count("#") <= 3
    ),
    max_letters=st.integers(0, 2),
)
def test_pool_indexing_matches_a_brute_force_enumeration(pattern, max_letters):
    try:
        pool = Pool("02", "苏A", "".join(pattern), max_letters=max_letters)
    except InvalidSegment:
        return
    serials = _brute_force(pool)
    assert pool.size == len(serials)
    assert [pool.serial_at(i) for i in range(pool.size)] == serials
    assert all(pool.index_of(serial) == i for i, serial in enumerate(serials))
    assert all(is_valid_ordinary_serial(serial, max_letters=max_letters) for serial in serials)


@settings(max_examples=200, deadline=None)
@given(index=st.integers(0, 7_060_000 - 1))
def test_every_index_of_the_full_pool_is_a_valid_serial_and_round_trips(index):
    pool = Pool("02", "苏A", "*****")
    serial = pool.serial_at(index)
    assert is_valid_ordinary_serial(serial)
    assert pool.index_of(serial) == index


@settings(max_examples=200, deadline=None)
@given(index=st.integers(0, 2 * 34 * 10_000 - 1))
def test_every_index_of_a_small_nev_pool_is_a_valid_nev_serial(index):
    pool = Pool("52", "苏A", "******")
    serial = pool.serial_at(index)
    assert is_valid_nev_serial(serial, large=False)
    assert pool.index_of(serial) == index


def test_pool_is_ordered_digits_first_then_letters():
    pool = Pool("02", "苏A", "*****")
    assert pool.serial_at(0) == "00000"
    assert pool.serial_at(1) == "00001"
    assert pool.serial_at(10) == "0000A"
    assert pool.serial_at(pool.size - 1) == "ZZ999"


def test_pool_refuses_out_of_range_indexes_and_foreign_serials():
    pool = Pool("02", "苏A", "D####")
    with pytest.raises(IndexError):
        pool.serial_at(pool.size)
    with pytest.raises(IndexError):
        pool.serial_at(-1)
    assert pool.index_of("E1234") is None
    assert pool.index_of("D123") is None
    assert "D1234" in pool
    assert "DA234" not in pool
    assert pool.plate_number("D1234") == "苏AD1234"


def test_pool_refuses_a_third_letter():
    assert Pool("02", "苏A", "*****").index_of("AB1C2") is None


@pytest.mark.parametrize(
    ("typed", "serial"),
    [("苏A·D1234", "D1234"), ("d1234", "D1234"), (" 苏ab12c3 ", "B12C3")],
)
def test_composed_numbers_are_normalised(typed, serial):
    assert composed_serial(typed, plate_type="02", prefix="苏A") == serial


@pytest.mark.parametrize(
    ("typed", "plate_type", "reason"),
    [
        ("ABC12", "02", "serial"),
        ("I1234", "02", "serial"),
        ("O1234", "02", "serial"),
        ("苏B12345", "02", "authority"),
        ("京A12345", "02", "authority"),
        ("D12345", "02", "plate_type"),
        ("G12345", "52", "energy"),
        ("D1234", "52", "plate_type"),
        ("1234D5", "51", "serial"),
    ],
)
def test_composed_numbers_breaking_the_rules_are_refused(typed, plate_type, reason):
    with pytest.raises(InvalidPlateNumber) as refused:
        composed_serial(typed, plate_type=plate_type, prefix="苏A")
    assert refused.value.reason == reason


def test_a_stricter_letter_limit_refuses_two_letters():
    with pytest.raises(InvalidPlateNumber):
        composed_serial("AB123", plate_type="02", prefix="苏A", max_letters=1)


def test_nev_serial_check_distinguishes_small_and_large():
    assert is_valid_nev_serial("D12345", large=False)
    assert is_valid_nev_serial("DA1234", large=False)
    assert not is_valid_nev_serial("DA1234", large=True)
    assert is_valid_nev_serial("12345F", large=True)
    assert not is_valid_nev_serial("12345G", large=True)
    assert not is_valid_nev_serial("12345", large=True)


# --- draws -----------------------------------------------------------------------------------


def test_seed_commitment_is_sha256_and_checks_the_revealed_seed():
    commitment = seed_commitment(SEED)
    assert len(commitment) == 64
    assert seed_matches(SEED, commitment)
    assert not seed_matches(SEED[:-1] + "0", commitment)


def test_applicant_key_is_stable_and_does_not_show_the_identity_number():
    key = applicant_key("320102198506150011", "LSVAB2BR0K0000001")
    assert key == applicant_key("320102198506150011", "LSVAB2BR0K0000001")
    assert "320102" not in key
    assert key != applicant_key("320102198506150011", "LSVAB2BR0K0000002")


def _nothing_taken(serials):
    return set()


def test_draw_is_deterministic_and_depends_on_seed_applicant_and_attempt():
    pool = Pool("02", "苏A", "*****")
    draw = {"pool": pool, "k": 50, "unavailable": _nothing_taken}
    first = draw_candidates(seed=SEED, applicant="a", attempt=1, **draw)
    assert first == draw_candidates(seed=SEED, applicant="a", attempt=1, **draw)
    assert len(set(first.candidates)) == 50
    assert (
        first.candidates != draw_candidates(seed=SEED, applicant="b", attempt=1, **draw).candidates
    )
    assert (
        first.candidates != draw_candidates(seed=SEED, applicant="a", attempt=2, **draw).candidates
    )
    assert (
        first.candidates != draw_candidates(seed="x", applicant="a", attempt=1, **draw).candidates
    )
    assert all(serial in pool for serial in first.candidates)


def test_draw_skips_unavailable_serials_and_verification_recomputes_it():
    pool = Pool("02", "苏A", "D####")
    stream = list(
        itertools.islice(candidate_stream(seed=SEED, applicant="a", attempt=1, pool=pool), 20)
    )
    taken = {stream[0], stream[3], stream[7]}
    outcome = draw_candidates(
        seed=SEED,
        applicant="a",
        attempt=1,
        pool=pool,
        k=10,
        unavailable=lambda serials: taken & set(serials),
    )
    assert outcome.skipped == (stream[0], stream[3], stream[7])
    assert outcome.candidates == tuple(s for s in stream[:13] if s not in taken)
    verified = {"seed": SEED, "applicant": "a", "attempt": 1, "pool": pool}
    assert verify_draw(**verified, candidates=outcome.candidates, skipped=outcome.skipped)


def test_verification_rejects_a_tampered_draw():
    pool = Pool("02", "苏A", "D####")
    outcome = draw_candidates(
        seed=SEED, applicant="a", attempt=1, pool=pool, k=5, unavailable=_nothing_taken
    )
    verified = {"seed": SEED, "applicant": "a", "attempt": 1, "pool": pool}
    swapped = ("D8888", *outcome.candidates[1:])
    assert not verify_draw(**verified, candidates=swapped, skipped=())
    assert not verify_draw(**verified, candidates=outcome.candidates[1:], skipped=())
    assert not verify_draw(
        **{**verified, "seed": "other"}, candidates=outcome.candidates, skipped=()
    )
    hidden = outcome.candidates[1:]
    assert not verify_draw(**verified, candidates=hidden, skipped=("D0000",))


def test_draw_from_a_tiny_pool_returns_every_available_serial_once():
    pool = Pool("02", "苏A", "D123#")
    outcome = draw_candidates(
        seed=SEED,
        applicant="a",
        attempt=1,
        pool=pool,
        k=50,
        unavailable=lambda serials: {"D1230"} & set(serials),
    )
    assert sorted(outcome.candidates) == [f"D123{d}" for d in range(1, 10)]
    assert outcome.skipped[-1:] == ("D1230",) or "D1230" in outcome.skipped


@settings(max_examples=25, deadline=None)
@given(applicant=st.text(min_size=1, max_size=20), attempt=st.integers(1, 20))
def test_any_draw_verifies_against_its_own_seed(applicant, attempt):
    pool = Pool("02", "苏A", "**###")
    outcome = draw_candidates(
        seed=SEED,
        applicant=applicant,
        attempt=attempt,
        pool=pool,
        k=10,
        unavailable=lambda serials: {s for s in serials if s.endswith("4")},
    )
    assert len(outcome.candidates) == 10
    assert not any(s.endswith("4") for s in outcome.candidates)
    assert verify_draw(
        seed=SEED,
        applicant=applicant,
        attempt=attempt,
        pool=pool,
        candidates=outcome.candidates,
        skipped=outcome.skipped,
    )


# --- parameters ------------------------------------------------------------------------------


def test_parameters_default_to_the_product_defaults():
    parameters = SelectionParameters()
    assert parameters.candidates == 50
    assert parameters.compose_attempts == 20
    assert parameters.hold_working_days == 3
    assert parameters.lead_working_days == 3
    assert parameters.energy_letters == frozenset("DF")


@pytest.mark.parametrize(
    "bad",
    [
        {"candidates": 0},
        {"compose_attempts": 0},
        {"max_letters": 3},
        {"hold_working_days": 0},
        {"lead_working_days": -1},
        {"energy_letters": frozenset("DZ")},
        {"energy_letters": frozenset()},
    ],
)
def test_parameters_refuse_impossible_values(bad):
    with pytest.raises(ValueError):  # noqa: PT011
        SelectionParameters(**bad)


# --- schedule (working days, edge dates from the 2025/2026 official calendar) -----------------

pytestmark_schedule = pytest.mark.usefixtures("official_calendar")


@pytestmark_schedule
@pytest.mark.parametrize(
    ("published_on", "earliest"),
    [
        (date(2026, 11, 16), date(2026, 11, 19)),  # Monday: Thursday
        (date(2026, 11, 20), date(2026, 11, 25)),  # Friday: over the weekend
        (date(2026, 9, 30), date(2026, 10, 10)),  # National Day, then the adjusted Saturday
        (date(2026, 2, 13), date(2026, 2, 25)),  # working Saturday 14 Feb, then Spring Festival
        (date(2025, 9, 30), date(2025, 10, 11)),  # 2025: adjusted working Saturday 11 Oct
        (date(2026, 12, 31), date(2027, 1, 6)),  # New Year
    ],
)
def test_segment_start_is_at_least_three_working_days_after_publication(published_on, earliest):
    assert earliest_segment_start(published_on, 3) == earliest
    assert segment_start_allowed(published_on, earliest, 3)
    assert not segment_start_allowed(published_on, date.fromordinal(earliest.toordinal() - 1), 3)


@pytestmark_schedule
def test_segment_lead_of_zero_allows_the_same_working_day():
    assert segment_start_allowed(date(2026, 11, 16), date(2026, 11, 16), 0)


@pytestmark_schedule
def test_hold_runs_through_its_last_working_day():
    held_on = date(2026, 9, 30)
    assert hold_expires_on(held_on, 3) == date(2026, 10, 10)
    assert not hold_expired(held_on, 3, date(2026, 10, 10))
    assert hold_expired(held_on, 3, date(2026, 10, 11))


# --- keeping and swapping (arts. 20, 44, 45) --------------------------------------------------


def test_old_number_can_be_kept_within_two_years_after_a_year_of_use():
    previous = PreviousNumber(
        used_since=date(2023, 3, 1), released_on=date(2024, 3, 1), violations_cleared=True
    )
    assert keep_previous_refusals(previous, date(2026, 3, 1)) == ()
    assert keep_previous_refusals(previous, date(2026, 3, 2)) == ("too_late",)
    assert keep_previous_refusals(previous, date(2024, 2, 29)) == ("not_released",)


def test_old_number_used_under_a_year_or_with_open_violations_cannot_be_kept():
    previous = PreviousNumber(
        used_since=date(2024, 2, 29), released_on=date(2025, 2, 27), violations_cleared=False
    )
    assert keep_previous_refusals(previous, date(2025, 3, 1)) == (
        "used_under_one_year",
        "violations_pending",
    )
    # Feb 29 + 1 year is Feb 28: a year of use is complete that day.
    leap = PreviousNumber(
        used_since=date(2024, 2, 29), released_on=date(2025, 2, 28), violations_cleared=True
    )
    assert keep_previous_refusals(leap, date(2025, 3, 1)) == ()


def test_spouse_keeps_the_number_after_a_year_of_marriage_when_both_apply():
    assert (
        spouse_keep_refusals(
            married_on=date(2025, 5, 20), transferred_on=date(2026, 5, 20), both_applied=True
        )
        == ()
    )
    assert spouse_keep_refusals(
        married_on=date(2025, 5, 21), transferred_on=date(2026, 5, 20), both_applied=False
    ) == ("married_under_one_year", "both_must_apply")


def _side(**changes):
    values = {
        "owner_id": 1,
        "office": "320100",
        "plate_type": "02",
        "operating": False,
        "violations_cleared": True,
        "last_swapped_on": None,
    }
    return SwapSide(**(values | changes))


def test_two_cars_of_one_owner_swap_at_most_once_a_year():
    today = date(2026, 11, 21)
    assert swap_refusals(_side(), _side(), today) == ()
    assert swap_refusals(_side(last_swapped_on=date(2025, 11, 21)), _side(), today) == ()
    assert swap_refusals(_side(), _side(last_swapped_on=date(2025, 11, 22)), today) == (
        "swapped_within_a_year",
    )


def test_swap_refuses_each_broken_condition():
    assert swap_refusals(
        _side(),
        _side(
            owner_id=2, office="320200", plate_type="01", operating=True, violations_cleared=False
        ),
        date(2026, 11, 21),
    ) == (
        "different_owner",
        "different_office",
        "different_plate_type",
        "operating_vehicle",
        "violations_pending",
    )


# --- temporary plates (§6.4) -----------------------------------------------------------------

ISSUED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("situation", "until"),
    [
        (Situation.UNSOLD, date(2026, 3, 31)),
        (Situation.NOT_REGISTERED, date(2026, 3, 31)),
        (Situation.EXPORT_NEW, date(2026, 3, 31)),
        (Situation.PLATES_NOT_READY, date(2026, 3, 16)),
        (Situation.REPLACEMENT_PLATES, date(2026, 3, 16)),
        (Situation.USED_CAR_EXPORT, date(2026, 4, 30)),
        (Situation.OVERSIZE, date(2026, 5, 30)),
        (Situation.TRANSFER_OUT, date(2026, 3, 31)),
        (Situation.TESTING, date(2026, 9, 1)),
        (Situation.ROAD_TEST, date(2026, 9, 1)),
    ],
)
def test_temporary_plate_validity_per_situation_in_calendar_days(situation, until):
    assert (
        temporary_plate_valid_until(
            situation=situation,
            issued_on=ISSUED,
            insurance_until=date(2027, 3, 1),
            earlier_issues=0,
        )
        == until
    )


def test_six_month_validity_from_august_31_ends_on_the_last_day_of_february():
    assert temporary_plate_valid_until(
        situation=Situation.TESTING,
        issued_on=date(2026, 8, 31),
        insurance_until=date(2027, 8, 31),
        earlier_issues=0,
    ) == date(2027, 2, 28)


def test_temporary_plate_never_outlasts_the_compulsory_insurance():
    assert temporary_plate_valid_until(
        situation=Situation.UNSOLD,
        issued_on=ISSUED,
        insurance_until=date(2026, 3, 10),
        earlier_issues=0,
    ) == date(2026, 3, 10)
    assert (
        temporary_plate_valid_until(
            situation=Situation.UNSOLD, issued_on=ISSUED, insurance_until=ISSUED, earlier_issues=0
        )
        == ISSUED
    )


@pytest.mark.parametrize(
    ("insurance_until", "reason"),
    [(None, "insurance_missing"), (date(2026, 2, 28), "insurance_ended")],
)
def test_temporary_plate_without_running_insurance_is_refused(insurance_until, reason):
    with pytest.raises(TemporaryPlateRefused) as refused:
        temporary_plate_valid_until(
            situation=Situation.UNSOLD,
            issued_on=ISSUED,
            insurance_until=insurance_until,
            earlier_issues=0,
        )
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("situation", "allowed"),
    [(Situation.UNSOLD, 3), (Situation.NOT_REGISTERED, 3), (Situation.EXPORT_NEW, 1)],
)
def test_temporary_plate_issue_limits(situation, allowed):
    common = {"situation": situation, "issued_on": ISSUED, "insurance_until": date(2027, 1, 1)}
    assert temporary_plate_valid_until(**common, earlier_issues=allowed - 1)
    with pytest.raises(TemporaryPlateRefused) as refused:
        temporary_plate_valid_until(**common, earlier_issues=allowed)
    assert refused.value.reason == "too_many_issues"


def test_situations_without_an_issue_limit_accept_any_count():
    assert temporary_plate_valid_until(
        situation=Situation.PLATES_NOT_READY,
        issued_on=ISSUED,
        insurance_until=date(2027, 1, 1),
        earlier_issues=10,
    ) == date(2026, 3, 16)


def test_requested_validity_may_be_shorter_never_longer():
    common = {
        "situation": Situation.UNSOLD,
        "issued_on": ISSUED,
        "insurance_until": date(2027, 1, 1),
        "earlier_issues": 0,
    }
    assert temporary_plate_valid_until(**common, requested_until=date(2026, 3, 5)) == date(
        2026, 3, 5
    )
    for requested, reason in (
        (date(2026, 4, 1), "too_long"),
        (date(2026, 2, 28), "ends_before_start"),
    ):
        with pytest.raises(TemporaryPlateRefused) as refused:
            temporary_plate_valid_until(**common, requested_until=requested)
        assert refused.value.reason == reason


def test_road_test_plate_ends_with_the_test_permit():
    assert temporary_plate_valid_until(
        situation=Situation.ROAD_TEST,
        issued_on=ISSUED,
        insurance_until=date(2027, 1, 1),
        earlier_issues=0,
        permit_until=date(2026, 6, 30),
    ) == date(2026, 6, 30)


def test_temporary_plate_is_void_three_days_after_the_permanent_plates_arrive():
    assert void_from(date(2026, 3, 10)) == date(2026, 3, 13)
    common = {"issued_on": ISSUED, "valid_until": date(2026, 3, 31)}
    assert temporary_plate_valid_on(
        **common, plates_received_on=date(2026, 3, 10), today=date(2026, 3, 12)
    )
    assert not temporary_plate_valid_on(
        **common, plates_received_on=date(2026, 3, 10), today=date(2026, 3, 13)
    )
    assert temporary_plate_valid_on(**common, plates_received_on=None, today=date(2026, 3, 31))
    assert not temporary_plate_valid_on(**common, plates_received_on=None, today=date(2026, 4, 1))
    assert not temporary_plate_valid_on(**common, plates_received_on=None, today=date(2026, 2, 28))


def test_the_office_of_a_plate_is_its_prefix_in_its_province():
    from jiaoguan.core.ids import PROVINCE_CODES
    from jiaoguan.plates.rules import office_of_plate

    assert office_of_plate("苏A12345") == ("32", "苏A")
    assert office_of_plate("京B") == ("11", "京B")
    assert office_of_plate("新AD12345") == ("65", "新A")
    assert len(PROVINCE_CODES) == 31
    assert len(set(PROVINCE_CODES.values())) == 31
    with pytest.raises(ValueError, match="unknown province"):
        office_of_plate("使12345")
