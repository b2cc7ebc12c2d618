"""Identity numbers, VINs and number plates (DOMAIN.md §6.1–6.2, §11).

Pure functions over strings: no Django, no database. Every refusal is an
``InvalidIdentifier`` (a ``ValueError``) whose ``reason`` is a short stable code that the
domain maps to a user-facing ``ApplicationError``.

- Resident identity number (公民身份号码, GB 11643-1999): ``parse_id_number``. The checksum
  and birth-date arithmetic come from ``stdnum.cn.ric``. A county that is unknown, or
  that did not exist in the birth year, is **not** refused: people born before their
  county code existed, and Hong Kong/Macao residence-permit holders (81/82) born before
  1997/1999, carry such numbers legitimately. ``id_birth_place`` looks the place up.
- Vehicle identification number (GB 16735): ``parse_vin``. python-stdnum has no VIN
  module, so the ISO 3779 check digit is computed here.
- Number plates (GA 36-2018): ``parse_plate_number``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as _StdnumValidationError

from jiaoguan.core import clock

__all__ = [
    "DEFAULT_ENERGY_LETTERS",
    "PLATE_SUFFIXES",
    "PLATE_TYPES",
    "PROVINCE_ABBREVIATIONS",
    "PROVINCE_CODES",
    "SERIAL_DIGITS",
    "SERIAL_LETTERS",
    "VALID_PROVINCE_CODES",
    "IdNumber",
    "InvalidIdNumber",
    "InvalidIdentifier",
    "InvalidPlateNumber",
    "InvalidVin",
    "PlateNumber",
    "id_birth_place",
    "id_check_character",
    "is_valid_mobile",
    "is_valid_nev_serial",
    "is_valid_ordinary_serial",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "parse_id_number",
    "parse_plate_number",
    "parse_vin",
    "province_code_of_plate",
    "serial_letter_count",
    "vin_check_digit",
]

_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class InvalidIdentifier(ValueError):
    """An identifier was refused; ``reason`` is one of the subclass's ``REASONS``."""

    REASONS: frozenset[str] = frozenset()

    def __init__(self, reason: str, message: str = "") -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown reason {reason!r} for {type(self).__name__}")
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# Resident identity number (GB 11643-1999, DOMAIN §11.1)
# ---------------------------------------------------------------------------


class InvalidIdNumber(InvalidIdentifier):
    """A resident identity number was refused."""

    REASONS = frozenset({"format", "checksum", "birth_date", "region"})


def _code_range(first: int, last: int) -> set[str]:
    return {f"{code:02d}" for code in range(first, last + 1)}


#: Valid province prefixes, DOMAIN §11.1.
VALID_PROVINCE_CODES: frozenset[str] = frozenset(
    _code_range(11, 15)
    | _code_range(21, 23)
    | _code_range(31, 37)
    | _code_range(41, 46)
    | _code_range(50, 54)
    | _code_range(61, 65)
    | {"71", "81", "82"}
)

#: Birth years before this are taken as typing errors.
EARLIEST_BIRTH_YEAR = 1800

Gender = Literal["male", "female"]


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A validated 18-character resident identity number."""

    number: str
    birth_date: date
    gender: Gender
    region_code: str
    province_code: str

    def __str__(self) -> str:
        return self.number


def _is_ascii_digits(value: str) -> bool:
    return bool(value) and all(char in _DIGITS for char in value)


def id_check_character(first17: str) -> str:
    """The MOD 11-2 check character ("0"–"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not _is_ascii_digits(first17):
        raise InvalidIdNumber("format", "expected 17 digits")
    # stdnum's function takes the full number and ignores its last character.
    return ric.calc_check_digit(first17 + "0")


def _compact(value: str) -> str:
    return "".join(value.split()).upper()


def parse_id_number(value: str, *, today: date | None = None) -> IdNumber:
    """Validate and normalize an 18-digit (or legacy 15-digit) identity number.

    Checks, in order: format, checksum, birth date (a real date, from
    ``EARLIEST_BIRTH_YEAR`` on and not after ``today``, default ``clock.today()``) and
    province prefix. A 15-digit number is converted: "19" is inserted before the
    two-digit year and the check character appended.
    """
    number = _compact(value)
    if len(number) == 15 and _is_ascii_digits(number):
        first17 = number[:6] + "19" + number[6:]
        number = first17 + id_check_character(first17)
    if len(number) != 18 or not _is_ascii_digits(number[:17]):
        raise InvalidIdNumber("format", "expected 18 characters: 17 digits and a check character")
    if number[17] not in _DIGITS and number[17] != "X":
        raise InvalidIdNumber("format", "the check character is a digit or X")
    if number[17] != id_check_character(number[:17]):
        raise InvalidIdNumber("checksum", "check character does not match")
    try:
        birth_date = ric.get_birth_date(number)
    except _StdnumValidationError:
        raise InvalidIdNumber("birth_date", "not a calendar date") from None
    if birth_date.year < EARLIEST_BIRTH_YEAR:
        raise InvalidIdNumber("birth_date", "birth year too early")
    if birth_date > (today if today is not None else clock.today()):
        raise InvalidIdNumber("birth_date", "birth date in the future")
    if number[:2] not in VALID_PROVINCE_CODES:
        raise InvalidIdNumber("region", "unknown province prefix")
    return IdNumber(
        number=number,
        birth_date=birth_date,
        gender="male" if int(number[16]) % 2 else "female",
        region_code=number[:6],
        province_code=number[:2],
    )


def id_birth_place(number: str) -> dict[str, str] | None:
    """Province and county names for the number's address code (GB/T 2260), or None.

    Informational only (from stdnum's table); ``parse_id_number`` does not require it.
    """
    try:
        return ric.get_birth_place(_compact(number))
    except (_StdnumValidationError, ValueError, KeyError):
        return None


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def mask_id_number(number: str) -> str:
    """Keep the first 3 and last 4 characters: ``110***********7512``."""
    return _mask(number, 3, 4)


def mask_name(name: str) -> str:
    """Keep the family name (the first character): ``张*``, ``欧**``."""
    return name[:1] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits: ``138****5678``."""
    return _mask(phone, 3, 4)


_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def is_valid_mobile(phone: str) -> bool:
    """A mainland mobile number: 11 ASCII digits starting 13–19, no prefix or spaces."""
    return _MOBILE.fullmatch(phone) is not None


# ---------------------------------------------------------------------------
# Vehicle identification number (GB 16735, DOMAIN §11.2)
# ---------------------------------------------------------------------------


class InvalidVin(InvalidIdentifier):
    """A VIN was refused. ``forbidden_letter``: it contains I, O or Q."""

    REASONS = frozenset({"format", "forbidden_letter", "checksum"})


_VIN_FORBIDDEN = frozenset("IOQ")
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_VALUES: Mapping[str, int] = MappingProxyType(
    {str(digit): digit for digit in range(10)}
    | dict(zip("ABCDEFGH", range(1, 9), strict=True))
    | dict(zip("JKLMN", range(1, 6), strict=True))
    | {"P": 7, "R": 9}
    | dict(zip("STUVWXYZ", range(2, 10), strict=True))
)


def _check_vin_characters(vin: str) -> None:
    if len(vin) != 17 or not all(char in _DIGITS or char in _LETTERS for char in vin):
        raise InvalidVin("format", "expected 17 digits and capital letters")
    if _VIN_FORBIDDEN.intersection(vin):
        raise InvalidVin("forbidden_letter", "a VIN never contains I, O or Q")


def vin_check_digit(vin17: str) -> str:
    """The check digit ("0"–"9" or "X") for a 17-character VIN; position 9 is ignored."""
    vin = vin17.upper()
    _check_vin_characters(vin)
    total = sum(_VIN_VALUES[char] * weight for char, weight in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def parse_vin(value: str) -> str:
    """Validate a VIN and return it in capitals; the position-9 check digit is mandatory."""
    vin = _compact(value)
    _check_vin_characters(vin)
    if vin[8] != vin_check_digit(vin):
        raise InvalidVin("checksum", "position 9 is not the check digit")
    return vin


# ---------------------------------------------------------------------------
# Number plates (GA 36-2018, DOMAIN §6.1–6.2)
# ---------------------------------------------------------------------------


class InvalidPlateNumber(InvalidIdentifier):
    """A plate number was refused. ``plate_type``: unknown hpzl code or a mismatch."""

    REASONS = frozenset({"format", "province", "authority", "serial", "energy", "plate_type"})


#: The 31 province abbreviations, in the standard's order.
PROVINCE_ABBREVIATIONS: tuple[str, ...] = tuple(
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
)

#: Each province abbreviation's GB/T 2260 code (the first two digits of its region codes).
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15",
        "辽": "21", "吉": "22", "黑": "23",
        "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37",
        "豫": "41", "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46",
        "渝": "50", "川": "51", "贵": "52", "云": "53", "藏": "54",
        "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65",
    }
)  # fmt: skip


def province_code_of_plate(prefix: str) -> str:
    """The GB/T 2260 province code of a plate or prefix ("苏A" → "32"); "" if none."""
    return PROVINCE_CODES.get(prefix[:1], "")


#: Suffix plates: province + authority letter + 4 characters + suffix.
PLATE_SUFFIXES: frozenset[str] = frozenset("挂学警港澳")

#: Energy letters enabled by default (§13.6); GA 36-2018 adds A B C E and G H J K.
DEFAULT_ENERGY_LETTERS: frozenset[str] = frozenset("DF")

#: 号牌种类 (hpzl) codes, §6.2. The shipped default of editable reference data (§13.6).
PLATE_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "01": "大型汽车",
        "02": "小型汽车",
        "03": "使馆汽车",
        "04": "领馆汽车",
        "05": "境外汽车",
        "06": "外籍汽车",
        "07": "普通摩托车",
        "08": "轻便摩托车",
        "09": "使馆摩托车",
        "10": "领馆摩托车",
        "11": "境外摩托车",
        "12": "外籍摩托车",
        "13": "低速车",
        "14": "拖拉机",
        "15": "挂车",
        "16": "教练汽车",
        "17": "教练摩托车",
        "18": "试验汽车",
        "19": "试验摩托车",
        "20": "临时入境汽车",
        "21": "临时入境摩托车",
        "22": "临时行驶车",
        "23": "警用汽车",
        "24": "警用摩托",
        "25": "原农机号牌",
        "26": "香港入出境车",
        "27": "澳门入出境车",
        "51": "大型新能源汽车",
        "52": "小型新能源汽车",
    }
)

PlateKind = Literal["ordinary", "nev_small", "nev_large", "special"]

# hpzl code -> (kind, suffix) the plate must have; codes not listed are not checked.
_PLATE_TYPE_SHAPES: Mapping[str, tuple[PlateKind, str | None]] = MappingProxyType(
    {
        "01": ("ordinary", None),
        "02": ("ordinary", None),
        "15": ("special", "挂"),
        "16": ("special", "学"),
        "17": ("special", "学"),
        "23": ("special", "警"),
        "24": ("special", "警"),
        "51": ("nev_large", None),
        "52": ("nev_small", None),
    }
)

_SERIAL_CHARACTERS = (_DIGITS | _LETTERS) - frozenset("IO")

#: The characters of a serial, in the order used to enumerate a pool: digits, then the 24
#: letters other than I and O (GA 36-2018).
SERIAL_DIGITS = "0123456789"
SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PLATE_SEPARATORS = str.maketrans("", "", " \t·•・.-")


@dataclass(frozen=True, slots=True)
class PlateNumber:
    """A parsed plate number; ``suffix`` is set for ``special`` (suffix) plates."""

    province: str
    authority_letter: str
    serial: str
    kind: PlateKind
    suffix: str | None = None

    @property
    def number(self) -> str:
        """The plate as one string without separator, e.g. ``京A12345``."""
        return f"{self.province}{self.authority_letter}{self.serial}{self.suffix or ''}"

    def __str__(self) -> str:
        return self.number


def serial_letter_count(serial: str) -> int:
    """How many Latin letters the serial contains."""
    return sum(1 for char in serial.upper() if char in _LETTERS)


def _is_plain_serial(serial: str, length: int, max_letters: int) -> bool:
    return (
        len(serial) == length
        and all(char in _SERIAL_CHARACTERS for char in serial)
        and serial_letter_count(serial) <= max_letters
    )


def is_valid_ordinary_serial(serial: str, *, max_letters: int = 2) -> bool:
    """Five digits and capital letters, never I or O, at most ``max_letters`` letters."""
    return _is_plain_serial(serial, 5, max_letters)


def _parse_nev_serial(serial: str, energy_letters: frozenset[str]) -> PlateKind:
    if serial[0] in _LETTERS:  # small: energy letter, letter or digit, 4 digits
        if serial[0] not in energy_letters:
            raise InvalidPlateNumber("energy", "first serial character is not an energy letter")
        if serial[1] not in _SERIAL_CHARACTERS or not _is_ascii_digits(serial[2:]):
            raise InvalidPlateNumber(
                "serial", "small NEV serial: energy letter, 1 character, 4 digits"
            )
        return "nev_small"
    if not _is_ascii_digits(serial[:5]) or serial[5] not in _LETTERS:  # large: 5 digits, letter
        raise InvalidPlateNumber("serial", "large NEV serial: 5 digits and an energy letter")
    if serial[5] not in energy_letters:
        raise InvalidPlateNumber("energy", "last serial character is not an energy letter")
    return "nev_large"


def is_valid_nev_serial(
    serial: str, *, large: bool, energy_letters: frozenset[str] = DEFAULT_ENERGY_LETTERS
) -> bool:
    """A 6-character new-energy serial: small (energy letter first) or large (last)."""
    if len(serial) != 6:
        return False
    try:
        kind = _parse_nev_serial(serial, energy_letters)
    except InvalidPlateNumber:
        return False
    return kind == ("nev_large" if large else "nev_small")


def parse_plate_number(
    value: str,
    plate_type: str | None = None,
    *,
    energy_letters: frozenset[str] = DEFAULT_ENERGY_LETTERS,
) -> PlateNumber:
    """Parse an ordinary, new-energy or suffix (挂 学 警 港 澳) plate number.

    Separators (space, ``·``) are ignored and letters upper-cased. When ``plate_type``
    (an hpzl code) is given, the plate's shape must match it: 01/02 ordinary, 51 large
    NEV, 52 small NEV, 15 挂, 16/17 学, 23/24 警; other known codes are not checked.
    Embassy and consulate plates (使/领) are not handled here.
    """
    plate = unicodedata.normalize("NFKC", value).translate(_PLATE_SEPARATORS).upper()
    if len(plate) < 7:
        raise InvalidPlateNumber("format", "too short")
    if plate[0] not in PROVINCE_ABBREVIATIONS:
        raise InvalidPlateNumber("province", "unknown province abbreviation")
    if plate[1] not in _LETTERS:
        raise InvalidPlateNumber("authority", "the second character is a letter A–Z")
    province, authority, rest = plate[0], plate[1], plate[2:]
    suffix: str | None = None
    kind: PlateKind
    if len(rest) == 5 and rest[-1] in PLATE_SUFFIXES:
        serial, suffix, kind = rest[:4], rest[-1], "special"
        if not _is_plain_serial(serial, 4, 2):
            raise InvalidPlateNumber("serial", "4 digits or letters (not I/O), at most 2 letters")
    elif len(rest) == 5:
        serial, kind = rest, "ordinary"
        if not is_valid_ordinary_serial(serial):
            raise InvalidPlateNumber("serial", "5 digits or letters (not I/O), at most 2 letters")
    elif len(rest) == 6:
        serial = rest
        kind = _parse_nev_serial(serial, energy_letters)
    else:
        raise InvalidPlateNumber("format", "expected 7 or 8 characters")
    if plate_type is not None:
        _check_plate_type(plate_type, kind, suffix)
    return PlateNumber(province, authority, serial, kind, suffix)


def _check_plate_type(plate_type: str, kind: PlateKind, suffix: str | None) -> None:
    if plate_type not in PLATE_TYPES:
        raise InvalidPlateNumber("plate_type", "unknown plate type code")
    expected = _PLATE_TYPE_SHAPES.get(plate_type)
    if expected is not None and expected != (kind, suffix):
        raise InvalidPlateNumber("plate_type", f"plate does not match type {plate_type}")
