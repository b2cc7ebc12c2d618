"""Black or red: the live status a verifier is shown (DOMAIN §9, §13.8).

The drivers and vehicles rules decide a licence's or vehicle's conditions; these tables only
say which of those conditions turn the credential red. The licence list is the product
default of DOMAIN §13.8 ("12 points reached, review overdue, suspended; list editable"):
``JIAOGUAN_CREDENTIALS_ABNORMAL_LICENSE_CONDITIONS`` replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    NORMAL = "normal"
    ABNORMAL = "abnormal"


#: Licence conditions (``drivers.rules.LicenseCondition`` values) that make the credential red:
#: the licence may not be driven on. Review (审验) overdue past its 30 days ends as
#: ``cancellable_overdue`` or a register decision, both here.
ABNORMAL_LICENSE_CONDITIONS: tuple[str, ...] = (
    "cancelled",
    "revoked",
    "suspended",
    "cancellable_overdue",
    "expired",
    "full_score",
)

#: Vehicle conditions (``vehicles.rules.Condition`` values) that make an inspection mark red.
ABNORMAL_VEHICLE_CONDITIONS: tuple[str, ...] = ("inspection_overdue", "scrap_due", "deregistered")


@dataclass(frozen=True)
class LiveStatus:
    status: Status
    reason: str  # the condition code that decided it (the most severe that holds)


def license_live_status(
    conditions: Iterable[str], *, abnormal: Iterable[str] = ABNORMAL_LICENSE_CONDITIONS
) -> LiveStatus:
    """``conditions`` most severe first (``LicenseStatus.conditions``): red on the first
    abnormal one, else black with the most severe condition as the reason."""
    held = [str(condition) for condition in conditions]
    red = set(abnormal)
    for condition in held:
        if condition in red:
            return LiveStatus(Status.ABNORMAL, condition)
    return LiveStatus(Status.NORMAL, held[0] if held else "valid")


def vehicle_live_status(
    conditions: Iterable[str],
    *,
    inspection_valid_until: date,
    as_of: date,
    abnormal: Iterable[str] = ABNORMAL_VEHICLE_CONDITIONS,
) -> LiveStatus:
    """Red when the inspection has lapsed (``as_of`` after the register's validity) or any
    abnormal condition holds; ``conditions`` most severe first."""
    held = [str(condition) for condition in conditions]
    red = set(abnormal)
    for condition in held:
        if condition in red:
            return LiveStatus(Status.ABNORMAL, condition)
    if as_of > inspection_valid_until:
        return LiveStatus(Status.ABNORMAL, "inspection_overdue")
    return LiveStatus(Status.NORMAL, "normal")


def mark_may_be_issued(status: LiveStatus) -> bool:
    """An electronic mark is issued only while the inspection is valid."""
    return status.status is Status.NORMAL
