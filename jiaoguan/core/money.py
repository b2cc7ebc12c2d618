"""Money in yuan, held as a whole number of fen (分, 0.01 yuan).

``Money`` is never negative and never built from a float. Multiplying by a ``Decimal``
rate rounds half up to the fen once, at that multiplication, so the caller chooses the
order: ``fine * Decimal("0.03") * days`` (round the daily amount, then multiply) differs
from ``fine * (Decimal("0.03") * days)`` when the daily amount has a fraction of a fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import ClassVar

__all__ = ["Money"]

_FEN_PER_YUAN = 100
_CENT = Decimal("0.01")


def _reject_non_numbers(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("floats are not accepted for money; use Decimal, str or int")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TypeError(f"unsupported type for money: {type(value).__name__}")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """A non-negative amount of money in fen. ``Money(20000)`` is 200.00 yuan."""

    fen: int
    ZERO: ClassVar[Money]

    def __post_init__(self) -> None:
        if isinstance(self.fen, bool) or not isinstance(self.fen, int):
            raise TypeError("fen must be an int")
        if self.fen < 0:
            raise ValueError("money cannot be negative")

    @classmethod
    def from_yuan(cls, amount: Decimal | str | int) -> Money:
        """From yuan, e.g. ``Money.from_yuan("150.5")``; more than 2 decimals is refused."""
        _reject_non_numbers(amount)
        try:
            yuan = Decimal(amount.strip() if isinstance(amount, str) else amount)
        except InvalidOperation:
            raise ValueError(f"not an amount: {amount!r}") from None
        if not yuan.is_finite():
            raise ValueError("amount must be finite")
        fen = yuan * _FEN_PER_YUAN
        if fen != fen.to_integral_value():
            raise ValueError("amount has fractions of a fen")
        return cls(int(fen))

    @property
    def yuan(self) -> Decimal:
        """The amount in yuan with 2 decimal places."""
        return (Decimal(self.fen) / _FEN_PER_YUAN).quantize(_CENT)

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen + other.fen)

    def __sub__(self, other: object) -> Money:
        """Difference; ValueError when it would be negative."""
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen - other.fen)

    def __mul__(self, factor: object) -> Money:
        """Times a non-negative int (exact) or Decimal rate (rounded half up to the fen)."""
        if isinstance(factor, float):
            raise TypeError("floats are not accepted for money; use Decimal or int")
        if isinstance(factor, bool):
            return NotImplemented
        if isinstance(factor, int):
            return Money(self.fen * factor)
        if isinstance(factor, Decimal):
            if not factor.is_finite():
                raise ValueError("rate must be finite")
            fen = (self.fen * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            return Money(int(fen))
        return NotImplemented

    __rmul__ = __mul__

    def __str__(self) -> str:
        return f"¥{self.yuan}"

    def format_cny(self) -> str:
        """Chinese display form: ``200.00 元``."""
        return f"{self.yuan} 元"


Money.ZERO = Money(0)
