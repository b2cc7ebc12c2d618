"""What the violations domain tells the others (ADR 0009); published with
``core.events.publish`` inside the writing transaction."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class RecordEntered(Event):
    """An officer confirmed a camera record under review: it is entered (处理程序规定 art. 20).
    ``vehicle_id`` is None for a plate the register does not know."""

    record_id: int
    vehicle_id: int | None
    plate_number: str
    occurred_at: datetime


@dataclass(frozen=True)
class DisputeDecided(Event):
    """The office where the violation happened answered an objection (处理程序规定 art. 5):
    ``upheld`` (the record deleted) or not."""

    dispute_id: int
    record_id: int
    person_id: int
    plate_number: str
    upheld: bool
    decided_at: datetime
