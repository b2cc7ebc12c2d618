"""Pure inspection rules (DOMAIN §15): slots, booking, results, the online mark. No Django."""

from .booking import (
    BookingFacts,
    LaneKind,
    Refusal,
    booking_refusals,
    change_allowed,
    lane_kind_for,
    no_show_banned_until,
    no_show_cutoff,
    off_site_excluded,
    slot_times,
)
from .marks import MarkFacts, MarkRefusal, mark_refusals
from .parameters import DEFAULT_PARAMETERS, AppointmentParameters
from .results import (
    ITEM_CODES,
    MAX_ITEMS,
    MAX_ODOMETER_KM,
    Item,
    ResultRefusal,
    odometer_regressed,
    result_refusals,
    retest_until,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "ITEM_CODES",
    "MAX_ITEMS",
    "MAX_ODOMETER_KM",
    "AppointmentParameters",
    "BookingFacts",
    "Item",
    "LaneKind",
    "MarkFacts",
    "MarkRefusal",
    "Refusal",
    "ResultRefusal",
    "booking_refusals",
    "change_allowed",
    "lane_kind_for",
    "mark_refusals",
    "no_show_banned_until",
    "no_show_cutoff",
    "odometer_regressed",
    "off_site_excluded",
    "result_refusals",
    "retest_until",
    "slot_times",
]
