"""Temporary driving plates (临时行驶车号牌; 登记规定 arts. 27–28, 46–48, 51; DOMAIN §6.4) [P].

Validity is counted in calendar days (art. 92 does not apply to it) and the start day is not
counted, so a 30-day plate issued on 1 March is valid through 31 March. A plate never outlasts
the compulsory insurance (交强险) and becomes void 3 days after the permanent plates are
received.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from jiaoguan.core.dates import add_months

#: Days after the permanent plates are received on which a temporary plate becomes void.
VOID_DAYS_AFTER_PLATES = 3


class Situation(enum.StrEnum):
    UNSOLD = "unsold"
    NOT_REGISTERED = "not_registered"
    EXPORT_NEW = "export_new"
    TESTING = "testing"
    OVERSIZE = "oversize"
    PLATES_NOT_READY = "plates_not_ready"
    REPLACEMENT_PLATES = "replacement_plates"
    TRANSFER_OUT = "transfer_out"
    USED_CAR_EXPORT = "used_car_export"
    ROAD_TEST = "road_test"


@dataclass(frozen=True, slots=True)
class SituationRule:
    """The longest validity (days or months) and how many issues a vehicle may have."""

    days: int = 0
    months: int = 0
    max_issues: int | None = None
    #: Situations that share the issue count (unsold and not-yet-registered count together).
    counts_with: frozenset[Situation] = frozenset()


_SHARED = frozenset({Situation.UNSOLD, Situation.NOT_REGISTERED})

RULES: dict[Situation, SituationRule] = {
    Situation.UNSOLD: SituationRule(days=30, max_issues=3, counts_with=_SHARED),
    Situation.NOT_REGISTERED: SituationRule(days=30, max_issues=3, counts_with=_SHARED),
    Situation.EXPORT_NEW: SituationRule(days=30, max_issues=1),
    Situation.TESTING: SituationRule(months=6),
    Situation.OVERSIZE: SituationRule(days=90),
    Situation.PLATES_NOT_READY: SituationRule(days=15),
    Situation.REPLACEMENT_PLATES: SituationRule(days=15),
    Situation.TRANSFER_OUT: SituationRule(days=30),
    Situation.USED_CAR_EXPORT: SituationRule(days=60),
    Situation.ROAD_TEST: SituationRule(months=6),
}


def longest_validity_end(situation: Situation, issued_on: date) -> date:
    """The last day the law allows for a plate of ``situation`` issued on ``issued_on``."""
    rule = RULES[situation]
    if rule.months:
        return add_months(issued_on, rule.months)
    return issued_on + timedelta(days=rule.days)


def counted_situations(situation: Situation) -> frozenset[Situation]:
    """The situations whose earlier issues count against the limit of ``situation``."""
    return RULES[situation].counts_with or frozenset({situation})


class TemporaryPlateRefused(ValueError):
    """``reason``: ``insurance_missing``, ``insurance_ended``, ``too_many_issues``,
    ``too_long`` or ``ends_before_start``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def temporary_plate_valid_until(
    *,
    situation: Situation,
    issued_on: date,
    insurance_until: date | None,
    earlier_issues: int,
    requested_until: date | None = None,
    permit_until: date | None = None,
) -> date:
    """The last valid day of a new temporary plate, or ``TemporaryPlateRefused``.

    ``earlier_issues``: plates already issued to the vehicle in the counted situations.
    ``requested_until``: a shorter validity asked for (never longer than the law's).
    ``permit_until``: for road tests, the end of the test permit.
    """
    rule = RULES[situation]
    if rule.max_issues is not None and earlier_issues >= rule.max_issues:
        raise TemporaryPlateRefused("too_many_issues")
    if insurance_until is None:
        raise TemporaryPlateRefused("insurance_missing")
    if insurance_until < issued_on:
        raise TemporaryPlateRefused("insurance_ended")
    end = longest_validity_end(situation, issued_on)
    if requested_until is not None:
        if requested_until < issued_on:
            raise TemporaryPlateRefused("ends_before_start")
        if requested_until > end:
            raise TemporaryPlateRefused("too_long")
        end = requested_until
    if situation is Situation.ROAD_TEST and permit_until is not None:
        end = min(end, permit_until)
    return min(end, insurance_until)


def void_from(plates_received_on: date) -> date:
    """The first day a temporary plate is void: 3 days after the permanent plates arrive."""
    return plates_received_on + timedelta(days=VOID_DAYS_AFTER_PLATES)


def temporary_plate_valid_on(
    *, issued_on: date, valid_until: date, plates_received_on: date | None, today: date
) -> bool:
    """Whether a temporary plate is valid on ``today``."""
    if plates_received_on is not None and today >= void_from(plates_received_on):
        return False
    return issued_on <= today <= valid_until
