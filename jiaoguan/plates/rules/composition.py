"""Serial composition and the pool of a number segment (DOMAIN.md §6.1, §6.3).

A segment (号段) is a plate type, a prefix (province + issuing-authority letter) and a serial
pattern, one symbol per serial position:

- a digit or a letter (never I or O): that character is fixed;
- ``#``: any digit; ``@``: any letter but I and O; ``*``: either.

The pool is every serial matching the pattern that is also a valid serial of the plate type
(ordinary: 5 characters, at most ``max_letters`` letters; small NEV: energy letter, one
character, four digits; large NEV: five digits and an energy letter), minus reserved numbers.

A pool can hold millions of serials, so it is never materialised: ``Pool`` counts it and maps
an index to its serial and back (``serial_at`` / ``index_of``), by dynamic programming over
the positions and the letters used so far. Availability is the database's business.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

from jiaoguan.core.ids import (
    DEFAULT_ENERGY_LETTERS,
    SERIAL_DIGITS,
    SERIAL_LETTERS,
    InvalidPlateNumber,
    PlateNumber,
    parse_plate_number,
)

SerialShape = Literal["ordinary", "nev_small", "nev_large"]

#: Plate types (hpzl) that have number segments, and the serial shape of each.
SEGMENT_PLATE_TYPES: dict[str, SerialShape] = {
    "01": "ordinary",
    "02": "ordinary",
    "51": "nev_large",
    "52": "nev_small",
}

_SYMBOLS = {"#": SERIAL_DIGITS, "@": SERIAL_LETTERS, "*": SERIAL_DIGITS + SERIAL_LETTERS}
_ALL = SERIAL_DIGITS + SERIAL_LETTERS


class InvalidSegment(ValueError):
    """A segment definition that cannot be published; ``reason`` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shape_positions(shape: SerialShape, energy_letters: frozenset[str]) -> tuple[str, ...]:
    """The characters each serial position of a shape allows."""
    energy = "".join(char for char in SERIAL_LETTERS if char in energy_letters)
    if shape == "ordinary":
        return (_ALL,) * 5
    if shape == "nev_small":
        return (energy, _ALL, SERIAL_DIGITS, SERIAL_DIGITS, SERIAL_DIGITS, SERIAL_DIGITS)
    return (SERIAL_DIGITS,) * 5 + (energy,)


def _pattern_positions(pattern: str) -> tuple[str, ...]:
    positions = []
    for symbol in pattern.upper():
        if symbol in _SYMBOLS:
            positions.append(_SYMBOLS[symbol])
        elif symbol in _ALL:
            positions.append(symbol)
        else:
            raise InvalidSegment("pattern_symbol")
    return tuple(positions)


@dataclass(frozen=True)
class Pool:
    """The serials of one segment, counted and indexed without being listed.

    Index order: position by position from the left, digits before letters, letters in
    alphabetical order; so ``serial_at(0)`` is the smallest serial in that order.
    """

    plate_type: str
    prefix: str
    pattern: str
    max_letters: int = 2
    energy_letters: frozenset[str] = DEFAULT_ENERGY_LETTERS
    positions: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        shape = SEGMENT_PLATE_TYPES.get(self.plate_type)
        if shape is None:
            raise InvalidSegment("plate_type")
        if len(self.prefix) != 2:
            raise InvalidSegment("prefix_format")
        try:
            parse_plate_number(f"{self.prefix}{'0' * 5}")
        except InvalidPlateNumber as error:
            raise InvalidSegment(f"prefix_{error.reason}") from None
        allowed = shape_positions(shape, self.energy_letters)
        if len(self.pattern) != len(allowed):
            raise InvalidSegment("pattern_length")
        wanted = _pattern_positions(self.pattern)
        positions = tuple(
            "".join(char for char in want if char in allow)
            for want, allow in zip(wanted, allowed, strict=True)
        )
        if any(not chars for chars in positions):
            raise InvalidSegment("pattern_shape")
        object.__setattr__(self, "pattern", self.pattern.upper())
        object.__setattr__(self, "positions", positions)
        if self.size == 0:
            raise InvalidSegment("pattern_empty")

    @property
    def shape(self) -> SerialShape:
        return SEGMENT_PLATE_TYPES[self.plate_type]

    @property
    def _letter_cap(self) -> int:
        # NEV shapes already bound the letters by their positions.
        return self.max_letters if self.shape == "ordinary" else len(self.positions)

    @functools.cached_property
    def _completions(self) -> tuple[tuple[int, ...], ...]:
        """``table[i][used]``: serial tails from position ``i`` with ``used`` letters so far."""
        cap, length = self._letter_cap, len(self.positions)
        table = [[0] * (cap + 1) for _ in range(length + 1)]
        table[length] = [1] * (cap + 1)
        for i in range(length - 1, -1, -1):
            digits = sum(1 for char in self.positions[i] if char in SERIAL_DIGITS)
            letters = len(self.positions[i]) - digits
            for used in range(cap + 1):
                total = digits * table[i + 1][used]
                if used < cap:
                    total += letters * table[i + 1][used + 1]
                table[i][used] = total
        return tuple(tuple(row) for row in table)

    @property
    def size(self) -> int:
        """How many serials the pattern gives, before reserved numbers are removed."""
        return self._completions[0][0]

    def serial_at(self, index: int) -> str:
        """The serial at ``index`` (0 <= index < size)."""
        if not 0 <= index < self.size:
            raise IndexError("index outside the pool")
        table, used, serial = self._completions, 0, []
        for i, chars in enumerate(self.positions):
            for char in chars:
                next_used = used + (char in SERIAL_LETTERS)
                if next_used > self._letter_cap:
                    continue
                count = table[i + 1][next_used]
                if index < count:
                    serial.append(char)
                    used = next_used
                    break
                index -= count
        return "".join(serial)

    def index_of(self, serial: str) -> int | None:
        """The index of ``serial`` in the pool, or None when the serial is not in it."""
        serial = serial.upper()
        if len(serial) != len(self.positions):
            return None
        table, used, index = self._completions, 0, 0
        for i, (char, chars) in enumerate(zip(serial, self.positions, strict=True)):
            if char not in chars:
                return None
            for before in chars[: chars.index(char)]:
                before_used = used + (before in SERIAL_LETTERS)
                if before_used <= self._letter_cap:
                    index += table[i + 1][before_used]
            used += char in SERIAL_LETTERS
            if used > self._letter_cap:
                return None
        return index

    def __contains__(self, serial: object) -> bool:
        return isinstance(serial, str) and self.index_of(serial) is not None

    def plate_number(self, serial: str) -> str:
        """The full plate number of a serial, e.g. ``苏A`` + ``D1234``."""
        return f"{self.prefix}{serial}"


#: A pattern with no fixed character, per shape: checks a plate type and office prefix.
_OPEN_PATTERNS: dict[SerialShape, str] = {
    "ordinary": "#####",
    "nev_small": "@#####",
    "nev_large": "#####@",
}


def check_office(plate_type: str, prefix: str) -> None:
    """Refuse (``InvalidSegment``) an unknown segment plate type or a malformed prefix."""
    shape = SEGMENT_PLATE_TYPES.get(plate_type)
    if shape is None:
        raise InvalidSegment("plate_type")
    Pool(plate_type, prefix, _OPEN_PATTERNS[shape], energy_letters=frozenset("DF"))


def composed_serial(
    value: str,
    *,
    plate_type: str,
    prefix: str,
    max_letters: int = 2,
    energy_letters: frozenset[str] = DEFAULT_ENERGY_LETTERS,
) -> str:
    """Check a self-composed number (full plate or serial alone) and return its serial.

    Raises ``InvalidPlateNumber`` (reasons of ``core.ids``; ``serial`` also for too many
    letters, ``authority`` for another prefix).
    """
    text = value.strip().upper()
    candidate = text if len(text) >= 7 else f"{prefix}{text}"
    parsed: PlateNumber = parse_plate_number(candidate, plate_type, energy_letters=energy_letters)
    if f"{parsed.province}{parsed.authority_letter}" != prefix:
        raise InvalidPlateNumber("authority", "the number belongs to another office")
    if parsed.kind == "ordinary" and sum(c in SERIAL_LETTERS for c in parsed.serial) > max_letters:
        raise InvalidPlateNumber("serial", "too many letters")
    return parsed.serial
