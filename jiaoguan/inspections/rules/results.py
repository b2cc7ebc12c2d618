"""What a station reports (DOMAIN §15.1): the items, the verdict, the odometer, the retest."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .parameters import DEFAULT_PARAMETERS, AppointmentParameters

#: GB 38900-2020's item groups, as codes a station reports (the standard's own numbering
#: is finer; a station may send any of these, each at most once).
ITEM_CODES = {
    "identification": "车辆唯一性检查",
    "features": "车辆特征参数检查",
    "appearance": "车辆外观检查",
    "safety_devices": "安全装置检查",
    "chassis": "底盘动态检验",
    "underbody": "车辆底盘部件检查",
    "braking": "制动性能检验",
    "lamps": "前照灯检验",
    "speedometer": "车速表检验",
    "emissions": "排放检验",
}
MAX_ITEMS = len(ITEM_CODES)
MAX_ODOMETER_KM = 9_999_999


class ResultRefusal(StrEnum):
    NO_ITEMS = "no_items"
    UNKNOWN_ITEM = "unknown_item"
    DUPLICATE_ITEM = "duplicate_item"
    VERDICT_MISMATCH = "verdict_mismatch"  # passed while an item failed, or the reverse
    REASON_MISSING = "reason_missing"  # a fail needs its reason
    ODOMETER_RANGE = "odometer_range"


@dataclass(frozen=True)
class Item:
    code: str
    passed: bool


def result_refusals(
    items: list[Item], *, passed: bool, failure_reason: str, odometer_km: int
) -> list[ResultRefusal]:
    """Why a reported result is not acceptable (empty: it is). The verdict is the items':
    a pass needs every item passed, a fail at least one failed item and a reason."""
    refusals = []
    codes = [item.code for item in items]
    if not items:
        refusals.append(ResultRefusal.NO_ITEMS)
    if any(code not in ITEM_CODES for code in codes):
        refusals.append(ResultRefusal.UNKNOWN_ITEM)
    if len(set(codes)) != len(codes):
        refusals.append(ResultRefusal.DUPLICATE_ITEM)
    if items and passed != all(item.passed for item in items):
        refusals.append(ResultRefusal.VERDICT_MISMATCH)
    if not passed and not failure_reason.strip():
        refusals.append(ResultRefusal.REASON_MISSING)
    if not 0 <= odometer_km <= MAX_ODOMETER_KM:
        refusals.append(ResultRefusal.ODOMETER_RANGE)
    return refusals


def odometer_regressed(reading_km: int, earlier_km: list[int]) -> int | None:
    """The highest earlier reading when this one is lower (a wound-back or swapped odometer,
    flagged to officers), else None."""
    if not earlier_km:
        return None
    highest = max(earlier_km)
    return highest if reading_km < highest else None


def retest_until(inspected_on: date, params: AppointmentParameters = DEFAULT_PARAMETERS) -> date:
    """The last day of the retest window after a fail (inclusive)."""
    return inspected_on + timedelta(days=params.retest_days)
