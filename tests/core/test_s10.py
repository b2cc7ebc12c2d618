"""UPU S10 identifiers: format, check digit (10 → 0, 11 → 5) and compaction."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core import s10


def test_the_upu_example_is_valid():
    assert s10.is_valid("RR473124829GB")


def test_check_digit_is_eleven_minus_the_weighted_sum_mod_eleven():
    # 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5
    assert s10.s10_check_digit("12345678") == "5"


def test_a_remainder_of_zero_gives_check_digit_five():
    # every weight times zero: sum 0, 11 − 0 = 11 → 5
    assert s10.s10_check_digit("00000000") == "5"
    assert s10.is_valid("EA000000005CN")
    assert not s10.is_valid("EA000000001CN")


def test_a_remainder_of_one_gives_check_digit_zero():
    # 8 · 7 = 56; 56 mod 11 = 1; 11 − 1 = 10 → 0
    assert s10.s10_check_digit("00000008") == "0"
    assert s10.is_valid("EA000000080CN")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "length"),
        ("EA12345678CN", "length"),
        ("EA1234567855CN", "length"),
        ("E1123456785CN", "format"),
        ("EA12345678XCN", "format"),
        ("EA123456785C1", "format"),
        ("EA１２３４５６７８5CN", "format"),  # full-width digits
        ("EA123456784CN", "check_digit"),
    ],
)
def test_invalid_numbers_are_refused_with_their_reason(number, reason):
    with pytest.raises(s10.InvalidS10) as refused:
        s10.validate(number)
    assert refused.value.reason == reason
    assert not s10.is_valid(number)


def test_spaces_hyphens_and_lower_case_are_compacted():
    assert s10.validate(" ea 1234-5678 5 cn ") == "EA123456785CN"


def test_s10_number_refuses_a_serial_out_of_range():
    with pytest.raises(s10.InvalidS10):
        s10.s10_number("EA", 100_000_000)
    with pytest.raises(s10.InvalidS10):
        s10.s10_number("EA", -1)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_every_generated_number_is_valid_and_one_wrong_digit_is_caught(serial):
    number = s10.s10_number("EA", serial)
    assert s10.is_valid(number)
    wrong = str((int(number[10]) + 1) % 10)
    assert not s10.is_valid(number[:10] + wrong + number[11:])
