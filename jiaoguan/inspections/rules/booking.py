"""Which slots a station offers, and whether a vehicle may book one (DOMAIN §15.2, §23.2).

Pure: the services gather the facts (the register's window, unhandled records, no-shows)
and these functions decide. Every refusal is a ``Refusal`` the errors module words.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from jiaoguan.vehicles.rules import VehicleCategory

from .parameters import DEFAULT_PARAMETERS, AppointmentParameters


class LaneKind(StrEnum):
    """What a test lane takes (检测线类别)."""

    SMALL = "small"  # small and micro passenger cars (小型汽车线)
    LARGE = "large"  # large and medium passenger, goods and other vehicles (大型汽车线)
    MOTORCYCLE = "motorcycle"  # motorcycles (摩托车线)


def lane_kind_for(category: VehicleCategory) -> LaneKind:
    """The lane a vehicle of ``category`` is inspected on."""
    if category.is_motorcycle:
        return LaneKind.MOTORCYCLE
    if category.is_small_or_micro_passenger:
        return LaneKind.SMALL
    return LaneKind.LARGE


class Refusal(StrEnum):
    NOT_IN_WINDOW = "not_in_window"  # outside the 3-month window (登记规定 art. 54)
    UNHANDLED_VIOLATIONS = "unhandled_violations"  # violations must be handled first
    NOT_NORMAL = "not_normal"  # deregistered, seized, mortgaged: no inspection
    OFF_SITE_EXCLUDED = "off_site_excluded"  # large passenger vehicle or school bus away
    LANE_KIND = "lane_kind"  # the slot's lane does not take this vehicle
    SLOT_PAST = "slot_past"  # the slot has started
    BEYOND_HORIZON = "beyond_horizon"  # more than 14 days ahead
    NO_SHOW_BAN = "no_show_ban"  # too many no-shows lately
    STATION_CLOSED = "station_closed"  # the station is not approved (or suspended)
    NOT_INSURED = "not_insured"  # 交强险 not valid on the slot's day (DOMAIN §15: 交强险 valid)


def slot_times(
    day: date, opens: time, closes: time, params: AppointmentParameters = DEFAULT_PARAMETERS
) -> list[tuple[datetime, datetime]]:
    """The slots of one day from its opening hours (naive local times): back to back from
    ``opens``; a last slot that would end after ``closes`` is not offered."""
    length = timedelta(minutes=params.slot_minutes)
    start = datetime.combine(day, opens)
    end_of_day = datetime.combine(day, closes)
    slots = []
    while start + length <= end_of_day:
        slots.append((start, start + length))
        start += length
    return slots


def off_site_excluded(
    category: VehicleCategory, *, school_bus: bool, vehicle_province: str, station_province: str
) -> bool:
    """登记规定 art. 54 ¶1 (DOMAIN §15.3): since 2022-05-01 any vehicle may be inspected in
    any province, without a commission, except large passenger vehicles and school buses,
    which stay in their registering province."""
    if vehicle_province == station_province:
        return False
    return category is VehicleCategory.LARGE_PASSENGER or school_bus


@dataclass(frozen=True)
class BookingFacts:
    """What the services know at booking time; dates are local (Asia/Shanghai)."""

    today: date
    now: datetime  # local, naive or aware alike with ``slot_starts_at``
    slot_starts_at: datetime
    window: tuple[date, date]  # the register's window for the next due
    valid_until: date
    vehicle_normal: bool
    unhandled_violations: int
    off_site_excluded: bool
    lane_fits: bool
    station_open: bool
    banned_until: date | None
    # 交强险 valid until, as the insurer last reported it (inspections.Insurance); None: not
    # reported (the register holds no insurance: not checked, the station checks the paper)
    insured_until: date | None = None


def booking_refusals(
    facts: BookingFacts, params: AppointmentParameters = DEFAULT_PARAMETERS
) -> list[Refusal]:
    """Every reason the vehicle may not book this slot, most fundamental first (empty: it
    may). The window applies to the slot's day: booking ahead is fine if the slot falls in
    the window. An expired validity is not a refusal (an overdue vehicle must be inspected
    as soon as possible); the window's start is."""
    refusals = []
    if not facts.station_open:
        refusals.append(Refusal.STATION_CLOSED)
    if not facts.vehicle_normal:
        refusals.append(Refusal.NOT_NORMAL)
    if facts.off_site_excluded:
        refusals.append(Refusal.OFF_SITE_EXCLUDED)
    if not facts.lane_fits:
        refusals.append(Refusal.LANE_KIND)
    slot_day = facts.slot_starts_at.date()
    if slot_day < facts.window[0]:
        refusals.append(Refusal.NOT_IN_WINDOW)
    if facts.unhandled_violations:
        refusals.append(Refusal.UNHANDLED_VIOLATIONS)
    if facts.insured_until is not None and facts.insured_until < slot_day:
        refusals.append(Refusal.NOT_INSURED)
    if facts.banned_until is not None and facts.today <= facts.banned_until:
        refusals.append(Refusal.NO_SHOW_BAN)
    if facts.slot_starts_at <= facts.now:
        refusals.append(Refusal.SLOT_PAST)
    elif slot_day > facts.today + timedelta(days=params.horizon_days):
        refusals.append(Refusal.BEYOND_HORIZON)
    return refusals


def change_allowed(
    slot_starts_at: datetime, now: datetime, params: AppointmentParameters = DEFAULT_PARAMETERS
) -> bool:
    """An appointment may be cancelled or moved until ``cancel_hours`` before its slot
    (exactly at the deadline it still may)."""
    return now <= slot_starts_at - timedelta(hours=params.cancel_hours)


def no_show_banned_until(
    no_show_days: list[date], today: date, params: AppointmentParameters = DEFAULT_PARAMETERS
) -> date | None:
    """The last day of the booking bar (inclusive), or None: ``no_show_limit`` no-shows whose
    slots fell within the ``no_show_days`` before today bar booking for
    ``no_show_ban_days`` days after the latest of them."""
    since = today - timedelta(days=params.no_show_days)
    recent = sorted(day for day in no_show_days if since <= day <= today)
    if len(recent) < params.no_show_limit:
        return None
    until = recent[-1] + timedelta(days=params.no_show_ban_days)
    return until if until >= today else None


def no_show_cutoff(now: datetime, params: AppointmentParameters = DEFAULT_PARAMETERS) -> datetime:
    """An appointment still booked, with no result, whose slot ended before this counts as a
    no-show (the station had the grace period to report)."""
    return now - timedelta(minutes=params.no_show_grace_minutes)
