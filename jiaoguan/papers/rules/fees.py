"""工本费: the document fees as reference data with effective dates (DOMAIN.md §14.4, §23.1),
and which fee items a service charges. Pure: no Django; the rows live in
``papers.FeeRate`` (admin-editable, loaded from ``DEFAULT_SCHEDULE`` by a data migration).

Fees follow the price authority's standard and go to the treasury (道交法 art. 81); the
amounts are the national ones in local fee catalogues [S]. Where DOMAIN marks an amount
uncertain it is a row like any other, marked ``uncertain``, that an operator corrects:
non-reflective motorcycle plates (50 or 25 yuan, sources disagree; default 50) and the
inspection mark (no national item found; default 0). Postage is not a state fee and is not
in this schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from jiaoguan.core.money import Money

from .catalogue import Document, ServiceRule, _

__all__ = [
    "DEFAULT_SCHEDULE",
    "FeeItem",
    "FeeLine",
    "FeeRate",
    "NoFee",
    "PlateTypeNotReplaceable",
    "fee_lines",
    "fee_on",
    "fee_total",
    "plate_fee_group",
    "schedule_check",
]

#: Effective-from of the national items whose instrument date is not recorded (2831号,
#: 1931号): the schedule answers for any date the platform is asked about.
SINCE_EVER = date(1990, 1, 1)


class FeeItem(StrEnum):
    CAR_PLATES_REFLECTIVE = "car_plates_reflective"
    CAR_PLATES_PLAIN = "car_plates_plain"
    TRAILER_PLATE_REFLECTIVE = "trailer_plate_reflective"
    TRAILER_PLATE_PLAIN = "trailer_plate_plain"
    LIGHT_PLATES_REFLECTIVE = "light_plates_reflective"  # three-wheeled, low-speed, tractor
    LIGHT_PLATES_PLAIN = "light_plates_plain"
    MOTORCYCLE_PLATES_REFLECTIVE = "motorcycle_plates_reflective"
    MOTORCYCLE_PLATES_PLAIN = "motorcycle_plates_plain"
    TEMPORARY_PLATE = "temporary_plate"
    VEHICLE_LICENSE = "vehicle_license"
    REGISTRATION_CERTIFICATE = "registration_certificate"
    DRIVING_LICENSE = "driving_license"
    INSPECTION_MARK = "inspection_mark"


FEE_ITEM_LABELS: dict[FeeItem, str] = {
    FeeItem.CAR_PLATES_REFLECTIVE: _("汽车号牌（反光）"),
    FeeItem.CAR_PLATES_PLAIN: _("汽车号牌（不反光）"),
    FeeItem.TRAILER_PLATE_REFLECTIVE: _("挂车号牌（反光）"),
    FeeItem.TRAILER_PLATE_PLAIN: _("挂车号牌（不反光）"),
    FeeItem.LIGHT_PLATES_REFLECTIVE: _("三轮汽车、低速货车、拖拉机号牌（反光）"),
    FeeItem.LIGHT_PLATES_PLAIN: _("三轮汽车、低速货车、拖拉机号牌（不反光）"),
    FeeItem.MOTORCYCLE_PLATES_REFLECTIVE: _("摩托车号牌（反光）"),
    FeeItem.MOTORCYCLE_PLATES_PLAIN: _("摩托车号牌（不反光）"),
    FeeItem.TEMPORARY_PLATE: _("临时行驶车号牌"),
    FeeItem.VEHICLE_LICENSE: _("机动车行驶证"),
    FeeItem.REGISTRATION_CERTIFICATE: _("机动车登记证书"),
    FeeItem.DRIVING_LICENSE: _("机动车驾驶证"),
    FeeItem.INSPECTION_MARK: _("检验合格标志"),
}


@dataclass(frozen=True)
class FeeRate:
    """One amount of one item, from ``effective_from`` to ``effective_until`` (both days
    included; None: still in force). ``unit`` is what the amount buys (一副, 一面, 一本, 一张)."""

    item: FeeItem
    amount: Money
    unit: str
    effective_from: date
    effective_until: date | None = None
    basis: str = ""
    uncertain: bool = False

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )


_PAIR, _PLATE, _EACH, _BOOK = _("副"), _("面"), _("张"), _("本")

DEFAULT_SCHEDULE: tuple[FeeRate, ...] = (
    FeeRate(
        FeeItem.CAR_PLATES_REFLECTIVE,
        Money.from_yuan(100),
        _PAIR,
        SINCE_EVER,
        None,
        "2831号, 1931号",
    ),
    FeeRate(
        FeeItem.CAR_PLATES_PLAIN, Money.from_yuan(80), _PAIR, SINCE_EVER, None, "2831号, 1931号"
    ),
    FeeRate(
        FeeItem.TRAILER_PLATE_REFLECTIVE, Money.from_yuan(50), _PLATE, SINCE_EVER, None, "2831号"
    ),
    FeeRate(FeeItem.TRAILER_PLATE_PLAIN, Money.from_yuan(30), _PLATE, SINCE_EVER, None, "2831号"),
    FeeRate(
        FeeItem.LIGHT_PLATES_REFLECTIVE, Money.from_yuan(40), _PAIR, SINCE_EVER, None, "2831号"
    ),
    FeeRate(FeeItem.LIGHT_PLATES_PLAIN, Money.from_yuan(25), _PAIR, SINCE_EVER, None, "2831号"),
    FeeRate(
        FeeItem.MOTORCYCLE_PLATES_REFLECTIVE,
        Money.from_yuan(70),
        _PAIR,
        SINCE_EVER,
        date(2019, 12, 31),
        "2831号",
    ),
    FeeRate(
        FeeItem.MOTORCYCLE_PLATES_REFLECTIVE,
        Money.from_yuan(35),
        _PAIR,
        date(2020, 1, 1),
        None,
        "1931号",
    ),
    FeeRate(
        FeeItem.MOTORCYCLE_PLATES_PLAIN,
        Money.from_yuan(50),
        _PAIR,
        SINCE_EVER,
        None,
        "sources disagree: 50 or 25",
        uncertain=True,
    ),
    FeeRate(FeeItem.TEMPORARY_PLATE, Money.from_yuan(5), _EACH, SINCE_EVER, None, "2831号"),
    FeeRate(
        FeeItem.VEHICLE_LICENSE, Money.from_yuan(10), _BOOK, SINCE_EVER, None, "2831号, 1186号"
    ),
    FeeRate(
        FeeItem.REGISTRATION_CERTIFICATE, Money.from_yuan(10), _BOOK, SINCE_EVER, None, "2831号"
    ),
    FeeRate(FeeItem.DRIVING_LICENSE, Money.from_yuan(10), _BOOK, SINCE_EVER, None, "2831号"),
    FeeRate(
        FeeItem.INSPECTION_MARK,
        Money.ZERO,
        _EACH,
        SINCE_EVER,
        None,
        "no national fee item found",
        uncertain=True,
    ),
)


class NoFee(LookupError):
    """No rate of the item is in force on the day."""


class PlateTypeNotReplaceable(ValueError):
    """A 号牌种类 whose plates are not replaced through this service (temporary and
    temporary-entry plates, the codes that vary between sources) or no code at all."""


def schedule_check(rates: Iterable[FeeRate]) -> None:
    """``ValueError`` when two rates of the same item overlap, or a rate ends before it
    starts: the fee for a day must be one amount."""
    by_item: dict[FeeItem, list[FeeRate]] = {}
    for rate in rates:
        if rate.effective_until is not None and rate.effective_until < rate.effective_from:
            raise ValueError(f"{rate.item}: ends before it starts")
        by_item.setdefault(rate.item, []).append(rate)
    for item, found in by_item.items():
        found.sort(key=lambda rate: rate.effective_from)
        for earlier, later in pairwise(found):
            if earlier.effective_until is None or earlier.effective_until >= later.effective_from:
                raise ValueError(f"{item}: two rates in force on {later.effective_from}")


def fee_on(rates: Iterable[FeeRate], item: FeeItem | str, day: date) -> FeeRate:
    """The rate of ``item`` in force on ``day`` (``NoFee`` when none is)."""
    item = FeeItem(item)
    for rate in rates:
        if rate.item is item and rate.applies_on(day):
            return rate
    raise NoFee(f"no rate of {item} on {day}")


#: 号牌种类 (hpzl, DOMAIN §6.2) by the fee group of their plates.
_CAR = frozenset({"01", "02", "03", "04", "05", "06", "16", "18", "23", "51", "52"})
_MOTORCYCLE = frozenset({"07", "08", "09", "10", "11", "12", "17", "19", "24"})
_TRAILER = frozenset({"15"})
_LIGHT = frozenset({"13", "14"})


def plate_fee_group(plate_type: str) -> str:
    """``car``, ``motorcycle``, ``trailer`` or ``light`` for a 号牌种类 code;
    ``PlateTypeNotReplaceable`` for temporary (22) and temporary-entry (20, 21) plates, the
    codes that vary between sources (25–27) and unknown codes."""
    for group, codes in (
        ("car", _CAR),
        ("motorcycle", _MOTORCYCLE),
        ("trailer", _TRAILER),
        ("light", _LIGHT),
    ):
        if plate_type in codes:
            return group
    raise PlateTypeNotReplaceable(plate_type)


_PLATE_ITEMS = {
    ("car", True): FeeItem.CAR_PLATES_REFLECTIVE,
    ("car", False): FeeItem.CAR_PLATES_PLAIN,
    ("motorcycle", True): FeeItem.MOTORCYCLE_PLATES_REFLECTIVE,
    ("motorcycle", False): FeeItem.MOTORCYCLE_PLATES_PLAIN,
    ("trailer", True): FeeItem.TRAILER_PLATE_REFLECTIVE,
    ("trailer", False): FeeItem.TRAILER_PLATE_PLAIN,
    ("light", True): FeeItem.LIGHT_PLATES_REFLECTIVE,
    ("light", False): FeeItem.LIGHT_PLATES_PLAIN,
}

_DOCUMENT_ITEMS = {
    Document.DRIVING_LICENSE: FeeItem.DRIVING_LICENSE,
    Document.VEHICLE_LICENSE: FeeItem.VEHICLE_LICENSE,
    Document.REGISTRATION_CERTIFICATE: FeeItem.REGISTRATION_CERTIFICATE,
    Document.INSPECTION_MARK: FeeItem.INSPECTION_MARK,
}


@dataclass(frozen=True)
class FeeLine:
    item: FeeItem
    quantity: int = 1


def fee_lines(
    rule: ServiceRule,
    *,
    plate_type: str = "02",
    reflective: bool = True,
    temporary_plate: bool = False,
) -> tuple[FeeLine, ...]:
    """What the service charges: one pair of plates (a trailer carries one plate), plus a
    temporary plate when asked for; one book or card for the other documents; nothing for
    a change of contact details. The plate seal and fitting are in the plate fee (§14.4)."""
    if rule.document is Document.PLATES:
        item = _PLATE_ITEMS[(plate_fee_group(plate_type), reflective)]
        lines = [FeeLine(item)]
        if temporary_plate:
            lines.append(FeeLine(FeeItem.TEMPORARY_PLATE))
        return tuple(lines)
    document_item = _DOCUMENT_ITEMS.get(rule.document)
    return () if document_item is None else (FeeLine(document_item),)


def fee_total(rates: Iterable[FeeRate], lines: Iterable[FeeLine], day: date) -> Money:
    """The sum of the lines at the rates in force on ``day`` (``NoFee`` if one has none)."""
    rates = tuple(rates)
    total = Money.ZERO
    for line in lines:
        total = total + fee_on(rates, line.item, day).amount * line.quantity
    return total


schedule_check(DEFAULT_SCHEDULE)
