"""What the drivers domain tells the others (ADR 0009); published with
``core.events.publish`` inside the writing transaction."""

from dataclasses import dataclass

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class PointsChanged(Event):
    """Points were recorded on, or removed from, a license; ``cycle_points`` is the total now
    counted in its current scoring cycle."""

    license_id: int
    cycle_points: int
