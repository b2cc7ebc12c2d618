"""Identifiers unique by construction: keyed permutations of number spaces.

Identity numbers (region, birth date, sequence slots), VINs, plate numbers, license archive
numbers and organization credit codes all come from a primary key or a per-space counter sent
through a ``Permutation`` keyed by the province (never by the seed).
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

from stdnum.cn import uscc

from jiaoguan.core.ids import id_check_character, vin_check_digit

from .dates import EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR
from .regions import Province, Region
from .rows import Counters

#: Sequence codes from this value up are reserved for hand-made people (``accounts``).
RESERVED_SEQUENCE_FROM = 900

_VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 = A, 30-year cycle
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_DIGITS = "0123456789"


# ---------------------------------------------------------------------------------------------
# Keyed permutations: unique numbers without remembering them


def _key_ints(label: str, count: int) -> list[int]:
    digest = hashlib.blake2b(label.encode(), digest_size=8 * count).digest()
    return [int.from_bytes(digest[8 * i : 8 * i + 8], "big") for i in range(count)]


class Permutation:
    """A keyed bijection of ``range(size)``: a 4-round Feistel network with cycle walking."""

    def __init__(self, size: int, label: str) -> None:
        if size < 2:
            raise ValueError("a permutation needs at least 2 values")
        bits = (size - 1).bit_length()
        bits += bits % 2
        self.size = size
        self.half = bits // 2
        self.mask = (1 << self.half) - 1
        self.keys = _key_ints(label, 4)

    def __call__(self, value: int) -> int:
        if not 0 <= value < self.size:
            raise OverflowError(f"{value} is outside the permutation's range {self.size}")
        half, mask, keys = self.half, self.mask, self.keys
        while True:
            left, right = value >> half, value & mask
            for key in keys:
                mixed = ((right ^ key) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
                left, right = right, left ^ ((mixed >> 29) & mask)
            value = (left << half) | right
            if value < self.size:
                return value


# ---------------------------------------------------------------------------------------------
# Number spaces


def _ordinary_patterns(length: int, max_letters: int) -> list[tuple[tuple[bool, ...], int]]:
    """Serial shapes (True = letter position) with their sizes, fewest letters first."""
    from itertools import combinations

    shapes = []
    for letters in range(max_letters + 1):
        for positions in combinations(range(length), letters):
            shape = tuple(i in positions for i in range(length))
            shapes.append((shape, len(_PLATE_LETTERS) ** letters * 10 ** (length - letters)))
    return shapes


class SerialSpace:
    """Serials of ``length`` characters with at most ``max_letters`` letters (not I or O)."""

    def __init__(self, length: int, max_letters: int) -> None:
        self.shapes = _ordinary_patterns(length, max_letters)
        self.starts = [0, *accumulate(size for _, size in self.shapes)]
        self.size = self.starts[-1]

    def serial(self, index: int) -> str:
        shape_index = bisect_right(self.starts, index) - 1
        shape, _ = self.shapes[shape_index]
        rest = index - self.starts[shape_index]
        chars = []
        for is_letter in reversed(shape):
            alphabet = _PLATE_LETTERS if is_letter else _DIGITS
            rest, digit = divmod(rest, len(alphabet))
            chars.append(alphabet[digit])
        return "".join(reversed(chars))


_ORDINARY = SerialSpace(5, 2)  # 7,060,000 numbers per authority letter
_COACH = SerialSpace(4, 2)  # 451,600 (+ 学)
_NEV_SECOND = _DIGITS + _PLATE_LETTERS  # 34 choices for the 2nd small-NEV character
_SPACE_SIZES = {
    "ordinary": _ORDINARY.size,
    "nev_small_D": 34 * 10_000,
    "nev_small_F": 34 * 10_000,
    "nev_large_D": 100_000,
    "nev_large_F": 100_000,
    "coach": _COACH.size,
}
_AUTHORITY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # A first: the capital; overflow moves on


# ---------------------------------------------------------------------------------------------
# Identity numbers and codes


def _year_weight(year: int) -> float:
    """A rough Chinese age pyramid: famine dip, 1962-75 boom, 1980s echo, falling after 1990."""
    if year < 1950:
        return 0.45
    if year < 1959:
        return 0.8
    if year < 1962:
        return 0.55
    if year < 1976:
        return 1.0
    if year < 1981:
        return 0.8
    if year < 1992:
        return 0.95
    if year < 2000:
        return 0.75
    return 0.6


def identity_number(region_code: str, birth: date, sequence: int) -> str:
    """An 18-character identity number from its parts (sequence 1-999, odd for men)."""
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def _organization_code_check(body: str) -> str:
    """Check character of an 8-character organization code (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char, 36) * weight for char, weight in zip(body, weights, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


# ---------------------------------------------------------------------------------------------
# The generator's numbering


class IdentifiersMixin:
    """Identity numbers, archive numbers, credit codes, plates and VINs of a ``Generator``."""

    province: Province
    regions: tuple[Region, ...]
    prefecture: str
    _vin_perm: Permutation
    _archive_perm: Permutation
    _org_perm: Permutation
    _plate_perms: dict[str, Permutation]

    def _build_id_slots(self, capital: tuple[Region, ...], others: tuple[Region, ...]) -> None:
        # Capital districts hold 70% of the people, the rest of the province 30%.
        weights = [0.7 / len(capital)] * len(capital)
        if others:
            weights += [0.3 / len(others)] * len(others)
        top = max(weights) * max(_year_weight(y) for y in range(1940, 2008))
        blocks: list[tuple[Region, int, int]] = []  # (region, year, capacity per day)
        sizes = []
        for region, weight in zip(self.regions, weights, strict=True):
            for year in range(EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR + 1):
                capacity = max(
                    1, round((RESERVED_SEQUENCE_FROM - 1) * weight * _year_weight(year) / top)
                )
                days = 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
                blocks.append((region, year, capacity))
                sizes.append(days * capacity)
        self._id_blocks = blocks
        self._id_starts = [0, *accumulate(sizes)]
        self._id_perm = Permutation(self._id_starts[-1], f"person:{self.province.code}")

    def identity(self, person_id: int) -> tuple[str, Region, date, str]:
        """(identity number, region, birth date, gender) of the person with this primary key."""
        slot = self._id_perm(person_id - 1)
        block = bisect_right(self._id_starts, slot) - 1
        region, year, capacity = self._id_blocks[block]
        day, sequence = divmod(slot - self._id_starts[block], capacity)
        birth = date(year, 1, 1) + timedelta(days=day)
        sequence += 1
        gender = "male" if sequence % 2 else "female"
        return identity_number(region.code, birth, sequence), region, birth, gender

    def archive_number(self, license_id: int) -> str:
        """12-digit license archive number: the capital's prefecture code + 8 permuted digits."""
        return f"{self.prefecture}{self._archive_perm(license_id - 1):08d}"

    def credit_code(self, organization_id: int, region_code: str) -> str:
        """统一社会信用代码 of an enterprise (91...), unique per organization primary key."""
        body = f"{self._org_perm(organization_id - 1):08d}"
        credit = "91" + region_code + body + _organization_code_check(body)
        return credit + uscc.calc_check_digit(credit)

    def _plate(self, plate_type: str, energy: str | None, counters: Counters) -> str:
        if plate_type == "52":
            space = f"nev_small_{energy}"
        elif plate_type == "51":
            space = f"nev_large_{energy}"
        elif plate_type == "16":
            space = "coach"
        else:
            space = "ordinary"
        index = counters.plates[space]
        counters.plates[space] = index + 1
        size = _SPACE_SIZES[space]
        letter_index, offset = divmod(index, size)
        if letter_index >= len(_AUTHORITY_LETTERS):
            raise OverflowError(f"plate space {space} is exhausted")
        value = self._plate_perms[space](offset)
        prefix = self.province.abbreviation + _AUTHORITY_LETTERS[letter_index]
        if space == "ordinary":
            return prefix + _ORDINARY.serial(value)
        if space == "coach":
            return prefix + _COACH.serial(value) + "学"
        if space.startswith("nev_small"):
            second, digits = divmod(value, 10_000)
            return f"{prefix}{energy}{_NEV_SECOND[second]}{digits:04d}"
        return f"{prefix}{value:05d}{energy}"

    def _vin(self, rng: random.Random, wmi: str, year: int, vehicle_id: int) -> str:
        value = self._vin_perm(vehicle_id - 1)
        plant, serial = divmod(value, 10**6)
        vds = "".join(rng.choice(_VIN_ALPHABET) for _ in range(5))
        vin = f"{wmi}{vds}0{_YEAR_CODES[(year - 1980) % 30]}{_VIN_ALPHABET[plant]}{serial:06d}"
        return vin[:8] + vin_check_digit(vin) + vin[9:]
