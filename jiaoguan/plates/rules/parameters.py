"""Configurable plate-selection values (DOMAIN.md §13.6), with the product defaults."""

from __future__ import annotations

from dataclasses import dataclass

from jiaoguan.core.ids import DEFAULT_ENERGY_LETTERS

#: GA 36-2018 enables further energy letters in this order (§6.1): pure electric, then not.
ENERGY_LETTER_ORDER = ("DABCE", "FGHJK")


@dataclass(frozen=True, slots=True)
class SelectionParameters:
    """Deployment choices for number selection; every default is DOMAIN.md's product default.

    - ``candidates``: random candidates per draw ("50选一").
    - ``draws``: random draws (batches of candidates) an applicant may ask for per vehicle.
    - ``pick_seconds``: time to pick one candidate of a draw.
    - ``compose_attempts``: self-composed attempts per vehicle.
    - ``max_letters``: letters allowed in an ordinary serial (GA 36: at most 2).
    - ``hold_working_days``: how long a pre-selected number is held.
    - ``lead_working_days``: how far ahead a segment must be published.
    - ``energy_letters``: the enabled NEV energy letters.
    """

    candidates: int = 50
    draws: int = 1
    pick_seconds: int = 90
    compose_attempts: int = 20
    max_letters: int = 2
    hold_working_days: int = 3
    lead_working_days: int = 3
    energy_letters: frozenset[str] = DEFAULT_ENERGY_LETTERS

    def __post_init__(self) -> None:
        for name in ("candidates", "draws", "pick_seconds", "compose_attempts"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if not 0 <= self.max_letters <= 2:
            raise ValueError("max_letters is 0, 1 or 2 (GA 36-2018 allows at most 2)")
        if self.hold_working_days < 1 or self.lead_working_days < 0:
            raise ValueError("hold_working_days >= 1 and lead_working_days >= 0")
        allowed = set("".join(ENERGY_LETTER_ORDER))
        if not self.energy_letters or not set(self.energy_letters) <= allowed:
            raise ValueError(f"energy letters must be among {''.join(sorted(allowed))}")


DEFAULT_PARAMETERS = SelectionParameters()
