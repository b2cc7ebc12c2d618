"""DOMAIN §23.2 product defaults for appointments and results (no national figures exist)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AppointmentParameters:
    """- ``slot_minutes``: length of a booking slot (§23.2: 30 minutes).
    - ``horizon_days``: how far ahead a slot may be booked (§23.2: 14 days).
    - ``cancel_hours``: cancel or change until this long before the slot (§23.2: 2 hours).
    - ``no_show_limit`` in ``no_show_days``: that many no-shows bar booking for
      ``no_show_ban_days`` from the last one (§23.2: 2 in 90 days, 30 days).
    - ``no_show_grace_minutes``: after a slot's end, how long a station has to report the
      result before the appointment counts as a no-show.
    - ``retest_days``: after a fail, the retest window (DOMAIN is silent; product default:
      30 days, the retest at the same station without a new booking).
    """

    slot_minutes: int = 30
    horizon_days: int = 14
    cancel_hours: int = 2
    no_show_limit: int = 2
    no_show_days: int = 90
    no_show_ban_days: int = 30
    no_show_grace_minutes: int = 60
    retest_days: int = 30

    def __post_init__(self) -> None:
        if not 5 <= self.slot_minutes <= 240:
            raise ValueError("a slot lasts between 5 and 240 minutes")
        if self.horizon_days < 1 or self.retest_days < 1:
            raise ValueError("the horizon and the retest window are at least a day")


DEFAULT_PARAMETERS = AppointmentParameters()
