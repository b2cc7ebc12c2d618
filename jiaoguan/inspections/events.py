"""What the inspections family tells the domains above it (ADR 0009)."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class AppointmentBooked(Event):
    """An appointment was booked or moved to another slot: the owner gets the confirmation
    (SMS and inbox through the notices app). Published inside the booking's transaction."""

    appointment_id: int
    person_id: int
    plate_number: str
    station_name: str
    starts_at: datetime
