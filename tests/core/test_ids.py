import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.ids import (
    PLATE_TYPES,
    PROVINCE_ABBREVIATIONS,
    VALID_PROVINCE_CODES,
    IdNumber,
    InvalidIdentifier,
    InvalidIdNumber,
    InvalidPlateNumber,
    InvalidVin,
    PlateNumber,
    id_birth_place,
    id_check_character,
    is_valid_mobile,
    is_valid_ordinary_serial,
    mask_id_number,
    mask_phone,
    parse_id_number,
    parse_plate_number,
    parse_vin,
    serial_letter_count,
    vin_check_digit,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 21)

# ---------------------------------------------------------------------------
# Resident identity number
# ---------------------------------------------------------------------------

# DOMAIN §11.1 test vectors.
ID_VECTORS = [
    "11010519491231002X",
    "110101199003077512",
    "440308199901012317",
    "320106200002290019",
]


def _weighted_check(first17: str) -> str:
    """DOMAIN §11.1, weighted form: an oracle independent of stdnum."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def _recursive_check(first17: str) -> str:
    """DOMAIN §11.1, recursive form."""
    p = 0
    for d in first17:
        p = ((p + int(d)) * 2) % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def _with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


@pytest.mark.parametrize("number", ID_VECTORS)
def test_domain_vectors_validate(number):
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert id_check_character(number[:17]) == number[17]


def test_parsed_fields():
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed == IdNumber(
        number="11010519491231002X",
        birth_date=date(1949, 12, 31),
        gender="female",
        region_code="110105",
        province_code="11",
    )
    assert str(parsed) == "11010519491231002X"
    assert parse_id_number("110101199003077512", today=TODAY).gender == "male"


def test_lowercase_x_and_spaces_are_normalized():
    assert parse_id_number(" 110105 19491231 002x ", today=TODAY).number == "11010519491231002X"


def test_leap_day_birth():
    assert parse_id_number("320106200002290019", today=TODAY).birth_date == date(2000, 2, 29)


def test_1900_02_29_is_not_a_date():
    number = _with_check("11010119000229001")
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(number, today=TODAY)
    assert caught.value.reason == "birth_date"


def test_month_13_is_not_a_date():
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(_with_check("11010119901301001"), today=TODAY)
    assert caught.value.reason == "birth_date"


def test_future_birth_date_refused():
    number = _with_check("11010120261122001")
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(number, today=TODAY)
    assert caught.value.reason == "birth_date"
    # Born today is fine.
    assert parse_id_number(_with_check("11010120261121001"), today=TODAY)


def test_future_birth_date_uses_clock_today_by_default(monkeypatch):
    from jiaoguan.core import clock

    monkeypatch.setattr(clock, "today", lambda: date(2000, 1, 1))
    with pytest.raises(InvalidIdNumber):
        parse_id_number("320106200002290019")  # born 2000-02-29, after "today"
    assert parse_id_number("110101199003077512")


def test_implausibly_early_birth_year_refused():
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(_with_check("11010117990101001"), today=TODAY)
    assert caught.value.reason == "birth_date"


@pytest.mark.parametrize(
    "prefix", ["19", "10", "00", "16", "24", "38", "55", "66", "72", "83", "99"]
)
def test_invalid_province_prefix_refused(prefix):
    number = _with_check(prefix + "010119900101001")
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(number, today=TODAY)
    assert caught.value.reason == "region"


def test_valid_province_codes_list():
    assert len(VALID_PROVINCE_CODES) == 34
    assert {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65"} <= (
        VALID_PROVINCE_CODES
    )
    assert {"71", "81", "82"} <= VALID_PROVINCE_CODES


def test_county_not_existing_in_birth_year_is_accepted():
    # 盐田区 (440308) was created in 1997; people born earlier carry the code legitimately.
    # stdnum's own validate() refuses this; parse_id_number must not.
    number = _with_check("44030819840101231")
    assert parse_id_number(number, today=TODAY).region_code == "440308"
    hong_kong = _with_check("81000019800101123")
    assert parse_id_number(hong_kong, today=TODAY).province_code == "81"


def test_wrong_check_character():
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number("110101199003077513", today=TODAY)
    assert caught.value.reason == "checksum"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "11010119900307751",  # 17
        "1101011990030775123",  # 19
        "11010119900307751Y",
        "X10101199003077512",
        "1101011990０3077512",  # a full-width digit
        "11010119900307751٢",  # an Arabic-Indic digit
        "1101011990030775",  # 16
    ],
)
def test_format_errors(value):
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(value, today=TODAY)
    assert caught.value.reason == "format"


def test_fifteen_digit_number_is_converted():
    parsed = parse_id_number("110101900307751", today=TODAY)
    assert parsed.number == "110101199003077512"
    assert parsed.birth_date == date(1990, 3, 7)
    assert parsed.gender == "male"


def test_fifteen_digit_number_with_bad_date():
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number("110101000229001", today=TODAY)  # 1900-02-29
    assert caught.value.reason == "birth_date"


def test_errors_are_value_errors_with_reason():
    with pytest.raises(ValueError, match="checksum"):
        parse_id_number("110101199003077513", today=TODAY)
    assert issubclass(InvalidIdNumber, InvalidIdentifier)
    with pytest.raises(ValueError, match="unknown reason"):
        InvalidIdNumber("nonsense")


@pytest.mark.parametrize("bad", ["", "1234567890123456", "1101011990030775X", "1" * 18])
def test_id_check_character_needs_17_digits(bad):
    with pytest.raises(InvalidIdNumber):
        id_check_character(bad)


def test_birth_place_lookup():
    assert id_birth_place("110101199003077512") == {"province": "北京市", "county": "东城区"}
    assert id_birth_place("not a number") is None
    assert id_birth_place(_with_check("19010119900101001")) is None


_seventeen_digits = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(_seventeen_digits)
def test_check_character_matches_both_domain_forms(first17):
    assert id_check_character(first17) == _weighted_check(first17) == _recursive_check(first17)


@st.composite
def valid_id_numbers(draw):
    province = draw(st.sampled_from(sorted(VALID_PROVINCE_CODES)))
    rest_of_region = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{province}{rest_of_region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17), birth, sequence


@given(valid_id_numbers())
def test_generated_numbers_validate(generated):
    number, birth, sequence = generated
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if sequence % 2 else "female")
    assert parsed.region_code == number[:6]
    assert parsed.province_code == number[:2]


@given(valid_id_numbers(), st.integers(min_value=0, max_value=17), st.data())
def test_changing_one_character_fails(generated, position, data):
    number = generated[0]
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    mutated = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(mutated, today=TODAY)


# ---------------------------------------------------------------------------
# Masking and phones
# ---------------------------------------------------------------------------


def test_masking():
    assert mask_id_number("110101199003077512") == "110***********7512"
    assert mask_id_number("110101900307751") == "110********7751"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("1234567") == "*******"
    assert mask_phone("") == ""


@pytest.mark.parametrize("phone", ["13812345678", "19912345678", "15000000000", "16612345678"])
def test_valid_mobiles(phone):
    assert is_valid_mobile(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "12812345678",
        "10812345678",
        "1381234567",
        "138123456789",
        "+8613812345678",
        "138 1234 5678",
        "13812345678\n",
        "１３８１２３４５６７８",
        "",
    ],
)
def test_invalid_mobiles(phone):
    assert not is_valid_mobile(phone)


# ---------------------------------------------------------------------------
# VIN
# ---------------------------------------------------------------------------

VIN_VECTORS = [
    ("1M8GDM9AXKP042788", "X"),
    ("LSJA24U62JG269225", "2"),
    ("LDC613P23A1305189", "3"),
    ("LBV5S3102ESJ25655", "2"),
]


@pytest.mark.parametrize(("vin", "check"), VIN_VECTORS)
def test_vin_vectors(vin, check):
    assert vin_check_digit(vin) == check
    assert parse_vin(vin) == vin


def test_vin_is_normalized_to_capitals():
    assert parse_vin(" lsja24u62jg269225 ") == "LSJA24U62JG269225"


@pytest.mark.parametrize(
    ("vin", "reason"),
    [
        ("LSJA24U62JG269226", "checksum"),
        ("LSJA24U6XJG269225", "checksum"),
        ("LSJA24U62JG26922", "format"),
        ("LSJA24U62JG2692255", "format"),
        ("LSJA24U62JG26922-", "format"),
        ("LSJA24U62JG26922Ä", "format"),
        ("LSJA24U62JG2692O5", "forbidden_letter"),
        ("LSJA24U62JG2692I5", "forbidden_letter"),
        ("QSJA24U62JG269225", "forbidden_letter"),
    ],
)
def test_invalid_vins(vin, reason):
    with pytest.raises(InvalidVin) as caught:
        parse_vin(vin)
    assert caught.value.reason == reason


def test_vin_check_digit_refuses_bad_characters():
    with pytest.raises(InvalidVin):
        vin_check_digit("LSJA24U62JG2692I5")


_vin_characters = st.sampled_from("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")


@given(st.lists(_vin_characters, min_size=17, max_size=17))
def test_vin_with_computed_check_digit_validates(characters):
    draft = "".join(characters)
    vin = draft[:8] + vin_check_digit(draft) + draft[9:]
    assert parse_vin(vin) == vin
    assert vin_check_digit(draft) == vin_check_digit(vin)  # position 9 has weight 0


# ---------------------------------------------------------------------------
# Plates
# ---------------------------------------------------------------------------


def test_province_abbreviations():
    assert len(PROVINCE_ABBREVIATIONS) == 31
    assert len(set(PROVINCE_ABBREVIATIONS)) == 31
    assert "".join(PROVINCE_ABBREVIATIONS) == (
        "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
    )


def test_plate_types():
    assert PLATE_TYPES["01"] == "大型汽车"
    assert PLATE_TYPES["02"] == "小型汽车"
    assert PLATE_TYPES["51"] == "大型新能源汽车"
    assert PLATE_TYPES["52"] == "小型新能源汽车"
    assert PLATE_TYPES["15"] == "挂车"
    assert PLATE_TYPES["23"] == "警用汽车"
    assert set(PLATE_TYPES) == {f"{n:02d}" for n in range(1, 28)} | {"51", "52"}
    with pytest.raises(TypeError):
        PLATE_TYPES["99"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "serial"),
    [
        ("京A12345", "12345"),
        ("京A·12345", "12345"),
        ("京A 12345", "12345"),
        ("京a1234b", "1234B"),
        ("沪AB1234", "B1234"),
        ("粤B12A3C", "12A3C"),
        ("川AZZ123", "ZZ123"),
        ("京Ａ１２３４５", "12345"),  # full-width input
    ],
)
def test_ordinary_plates(value, serial):
    plate = parse_plate_number(value)
    assert plate.kind == "ordinary"
    assert plate.serial == serial
    assert plate.suffix is None


def test_plate_fields_and_str():
    plate = parse_plate_number("京A·12345", "02")
    assert plate == PlateNumber(
        province="京", authority_letter="A", serial="12345", kind="ordinary"
    )
    assert str(plate) == plate.number == "京A12345"


def test_authority_letter_o_is_allowed():
    assert parse_plate_number("粤O12345").authority_letter == "O"


@pytest.mark.parametrize("value", ["京A1234I", "京AO1234", "京A12O34", "京AI2345", "粤BDI1234"])
def test_i_and_o_refused_in_serial(value):
    with pytest.raises(InvalidPlateNumber) as caught:
        parse_plate_number(value)
    assert caught.value.reason == "serial"


@pytest.mark.parametrize("value", ["京AABC12", "京AB2C3D", "京AABCDE", "京AABC1学"])
def test_three_letters_refused(value):
    with pytest.raises(InvalidPlateNumber) as caught:
        parse_plate_number(value)
    assert caught.value.reason == "serial"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "format"),
        ("京A1234", "format"),
        ("京A1234567", "format"),
        ("京A12345挂", "serial"),
        ("港A12345", "province"),
        ("使A12345", "province"),
        ("A京12345", "province"),
        ("京112345", "authority"),
        ("京京12345", "authority"),
        ("京A1234!", "serial"),
    ],
)
def test_plate_format_errors(value, reason):
    with pytest.raises(InvalidPlateNumber) as caught:
        parse_plate_number(value)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("value", "serial"), [("粤BD12345", "D12345"), ("粤BFA1234", "FA1234"), ("粤BF98765", "F98765")]
)
def test_small_nev_plates(value, serial):
    plate = parse_plate_number(value, "52")
    assert plate.kind == "nev_small"
    assert plate.serial == serial


@pytest.mark.parametrize("value", ["沪A12345D", "沪A00000F"])
def test_large_nev_plates(value):
    assert parse_plate_number(value, "51").kind == "nev_large"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("粤BA12345", "energy"),  # A not enabled by default
        ("粤BG12345", "energy"),
        ("沪A12345A", "energy"),
        ("沪A12345B", "energy"),
        ("粤BDA123X", "serial"),  # small: last 4 must be digits
        ("粤BD1234F", "serial"),  # energy letter at both ends
        ("沪A1234DF", "serial"),  # large: first 5 must be digits
        ("沪AD1234F", "serial"),
    ],
)
def test_nev_errors(value, reason):
    with pytest.raises(InvalidPlateNumber) as caught:
        parse_plate_number(value)
    assert caught.value.reason == reason


def test_energy_letters_are_configurable():
    extended = frozenset("DFAG")
    assert parse_plate_number("粤BA12345", energy_letters=extended).kind == "nev_small"
    assert parse_plate_number("沪A12345G", energy_letters=extended).kind == "nev_large"
    with pytest.raises(InvalidPlateNumber):
        parse_plate_number("粤BD12345", energy_letters=frozenset("F"))


@pytest.mark.parametrize(
    ("value", "plate_type", "suffix"),
    [
        ("鲁A1234挂", "15", "挂"),
        ("粤A1234学", "16", "学"),
        ("京A0001警", "23", "警"),
        ("京A·A001警", "23", "警"),
        ("粤Z1234港", None, "港"),
        ("粤Z·1A34澳", None, "澳"),
    ],
)
def test_suffix_plates(value, plate_type, suffix):
    plate = parse_plate_number(value, plate_type)
    assert plate.kind == "special"
    assert plate.suffix == suffix
    assert len(plate.serial) == 4
    assert str(plate).endswith(suffix)


@pytest.mark.parametrize(
    ("value", "plate_type"),
    [
        ("粤BD12345", "02"),
        ("粤BD12345", "51"),
        ("沪A12345D", "52"),
        ("京A12345", "52"),
        ("京A12345", "15"),
        ("京A12345", "23"),
        ("京A0001警", "02"),
        ("鲁A1234挂", "16"),
        ("粤A1234学", "15"),
        ("京A12345", "99"),
        ("京A12345", "2"),
    ],
)
def test_plate_type_mismatch(value, plate_type):
    with pytest.raises(InvalidPlateNumber) as caught:
        parse_plate_number(value, plate_type)
    assert caught.value.reason == "plate_type"


def test_plate_type_without_shape_rule_is_not_checked():
    assert parse_plate_number("京A12345", "07").kind == "ordinary"
    assert parse_plate_number("京A12345", "01").kind == "ordinary"


def test_serial_helpers():
    assert serial_letter_count("12345") == 0
    assert serial_letter_count("AB123") == 2
    assert serial_letter_count("ab123") == 2
    assert is_valid_ordinary_serial("AB123")
    assert not is_valid_ordinary_serial("ABC12")
    assert is_valid_ordinary_serial("ABC12", max_letters=3)
    assert not is_valid_ordinary_serial("1234")
    assert not is_valid_ordinary_serial("1234O")


_serial_letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@given(st.data(), st.integers(min_value=0, max_value=5))
def test_ordinary_serial_letter_rule(data, letter_count):
    positions = data.draw(st.permutations(range(5)))[:letter_count]
    serial = "".join(
        data.draw(st.sampled_from(_serial_letters if i in positions else "0123456789"))
        for i in range(5)
    )
    assert is_valid_ordinary_serial(serial) == (letter_count <= 2)
    province = data.draw(st.sampled_from(PROVINCE_ABBREVIATIONS))
    value = f"{province}A{serial}"
    if letter_count <= 2:
        assert parse_plate_number(value).number == value
    else:
        with pytest.raises(InvalidPlateNumber):
            parse_plate_number(value)


def test_module_does_not_import_django():
    code = "import sys, jiaoguan.core.ids; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
