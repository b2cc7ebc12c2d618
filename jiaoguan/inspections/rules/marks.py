"""The inspection mark applied for online in a mark-only year (DOMAIN §1.2, §15.4).

The schedule (which due is mark-only, and which events take the exemption away) is the
vehicle register's rule (``vehicles.rules``); this adds what the application checks.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MarkRefusal(StrEnum):
    NOT_MARK_ONLY = "not_mark_only"  # the due needs the test lane
    NOT_IN_WINDOW = "not_in_window"  # before the 3-month window
    EXPIRED = "expired"  # the validity ran out: the online mark is for vehicles on time
    UNHANDLED_VIOLATIONS = "unhandled_violations"
    NOT_NORMAL = "not_normal"
    MANUAL_REVIEW = "manual_review"  # a use conversion: an officer decides (§13.2)
    NOT_INSURED = "not_insured"  # 交强险 not valid today (DOMAIN §15.4)
    VEHICLE_TAX_UNPAID = "vehicle_tax_unpaid"  # 车船税 not paid for this year (DOMAIN §15.4)


@dataclass(frozen=True)
class MarkFacts:
    today: date
    mark_only: bool
    needs_manual_review: bool
    window: tuple[date, date]
    unhandled_violations: int
    vehicle_normal: bool
    # as the insurer last reported them (inspections.Insurance; None: not reported, not
    # checked): 交强险 valid until, and the last year whose 车船税 it collected
    insured_until: date | None = None
    vehicle_tax_year: int | None = None


def mark_refusals(facts: MarkFacts) -> list[MarkRefusal]:
    """Why the mark cannot be issued online now (empty: it is issued at once)."""
    refusals = []
    if not facts.vehicle_normal:
        refusals.append(MarkRefusal.NOT_NORMAL)
    if facts.needs_manual_review:
        refusals.append(MarkRefusal.MANUAL_REVIEW)
    elif not facts.mark_only:
        refusals.append(MarkRefusal.NOT_MARK_ONLY)
    if facts.today < facts.window[0]:
        refusals.append(MarkRefusal.NOT_IN_WINDOW)
    elif facts.today > facts.window[1]:
        refusals.append(MarkRefusal.EXPIRED)
    if facts.unhandled_violations:
        refusals.append(MarkRefusal.UNHANDLED_VIOLATIONS)
    if facts.insured_until is not None and facts.insured_until < facts.today:
        refusals.append(MarkRefusal.NOT_INSURED)
    if facts.vehicle_tax_year is not None and facts.vehicle_tax_year < facts.today.year:
        refusals.append(MarkRefusal.VEHICLE_TAX_UNPAID)
    return refusals
