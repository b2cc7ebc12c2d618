"""Expressway low visibility (实施条例 art. 81, DOMAIN §20.2) [P]: the speed limit, the gap to
the vehicle ahead and what else drivers must do, by visibility in metres."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FogAdvice:
    speed_limit_kmh: int
    #: The gap to keep to the vehicle ahead, in metres; ``None`` where the article sets none.
    minimum_gap_m: int | None
    hazard_lights: bool
    leave_at_nearest_exit: bool


#: (visibility below, advice), strictest first: the first row whose bound the visibility is
#: under applies (art. 81: "低于200米 / 100米 / 50米").
FOG_TABLE: tuple[tuple[int, FogAdvice], ...] = (
    (50, FogAdvice(20, None, hazard_lights=True, leave_at_nearest_exit=True)),
    (100, FogAdvice(40, 50, hazard_lights=True, leave_at_nearest_exit=False)),
    (200, FogAdvice(60, 100, hazard_lights=False, leave_at_nearest_exit=False)),
)


def fog_advice(visibility_m: int) -> FogAdvice | None:
    """The art. 81 advice for ``visibility_m`` metres, ``None`` at 200 m and more (no limit
    from the article). A negative visibility is a ``ValueError``."""
    if visibility_m < 0:
        raise ValueError("visibility must not be negative")
    for below, advice in FOG_TABLE:
        if visibility_m < below:
            return advice
    return None
