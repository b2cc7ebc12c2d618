"""Postal item identifiers in the UPU S10 format (waybill and tracking numbers).

An S10 identifier is 13 characters: a two-letter service indicator (``EA``–``EZ`` for EMS,
``RR`` registered letters, ``CP`` parcels, ...), an eight-digit serial number, one check
digit and the ISO 3166-1 alpha-2 code of the issuing postal operator's country
(``RR473124829GB``). The check digit weighs the serial's digits 8 6 4 2 3 5 9 7; it is
11 − (sum mod 11), except that 10 becomes 0 and 11 becomes 5.

python-stdnum (2.2) has no S10 module, so it lives here. Pure: no Django. Input is compacted
the way stdnum's modules do it: spaces and hyphens dropped, letters upper-cased.
"""

from __future__ import annotations

import re

__all__ = [
    "S10_WEIGHTS",
    "InvalidS10",
    "compact",
    "is_valid",
    "s10_check_digit",
    "s10_number",
    "validate",
]

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_SHAPE = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
_SEPARATORS = str.maketrans("", "", " -\t")


class InvalidS10(ValueError):
    """An identifier that is not S10; ``reason`` is ``length``, ``format`` or ``check_digit``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def compact(number: str) -> str:
    """The number without spaces and hyphens, upper-cased (``"rr 473 124 829 gb"`` →
    ``"RR473124829GB"``)."""
    return number.translate(_SEPARATORS).strip().upper()


def s10_check_digit(serial: str) -> str:
    """The check digit of an eight-digit serial number."""
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise InvalidS10("format")
    total = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "0"
    if check == 11:
        return "5"
    return str(check)


def validate(number: str) -> str:
    """The compacted number if it is S10 with a correct check digit; else ``InvalidS10``."""
    value = compact(number)
    if len(value) != 13:
        raise InvalidS10("length")
    if not value.isascii() or _SHAPE.fullmatch(value) is None:
        raise InvalidS10("format")
    if s10_check_digit(value[2:10]) != value[10]:
        raise InvalidS10("check_digit")
    return value


def is_valid(number: str) -> bool:
    try:
        validate(number)
    except InvalidS10:
        return False
    return True


def s10_number(service: str, serial: int, country: str = "CN") -> str:
    """The S10 identifier of a serial number (0 … 99,999,999) under a service indicator and
    a country code, check digit included: ``s10_number("EA", 12345678)`` → ``EA123456785CN``."""
    if not (0 <= serial <= 99_999_999):
        raise InvalidS10("format")
    digits = f"{serial:08d}"
    number = f"{service.upper()}{digits}{s10_check_digit(digits)}{country.upper()}"
    return validate(number)
