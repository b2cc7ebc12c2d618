"""Who may handle a camera-recorded violation online (处理程序规定 arts. 5, 43, 52, 58;
163号 art. 14; DOMAIN.md §5.4 and §13.5).

Online handling is the simple procedure: a warning or a fine of at most 200 yuan (the product
default; a deployment may set its own limit), with no suspension or revocation. A record with
points needs a usable license, and the points may not bring the driver's cycle to 12: the
twelfth point is taken at a counter, where the license is seized.
"""

from dataclasses import dataclass
from enum import StrEnum

from jiaoguan.core.money import Money
from jiaoguan.drivers.rules import LicenseCondition, LicenseStatus

FULL_SCORE = 12
SIMPLE_PROCEDURE_FINE_LIMIT = Money(20000)


class Refusal(StrEnum):
    NOT_CAMERA_RECORDED = "not_camera_recorded"
    GENERAL_PROCEDURE = "general_procedure"
    NO_LICENSE = "no_license"
    LICENSE_NOT_USABLE = "license_not_usable"
    WOULD_REACH_FULL_SCORE = "would_reach_full_score"


@dataclass(frozen=True)
class HandlingCase:
    camera_recorded: bool
    fine: Money
    points: int
    suspension_or_revocation: bool = False


@dataclass(frozen=True)
class Driver:
    has_license: bool
    license_usable: bool
    cycle_points: int
    """Points already recorded in the current cycle, including records handled today."""


def driver_of(status: LicenseStatus | None) -> Driver:
    """The driver behind a license's status on the day (``drivers.rules``); None: no license."""
    if status is None:
        return Driver(has_license=False, license_usable=False, cycle_points=0)
    return Driver(
        has_license=True,
        license_usable=LicenseCondition.VALID in status.conditions,
        cycle_points=status.cycle_points,
    )


def online_handling_refusals(
    case: HandlingCase, driver: Driver, *, fine_limit: Money = SIMPLE_PROCEDURE_FINE_LIMIT
) -> tuple[Refusal, ...]:
    """Every reason this driver may not handle this case online; empty when they may."""
    refusals = []
    if not case.camera_recorded:
        refusals.append(Refusal.NOT_CAMERA_RECORDED)
    if case.fine > fine_limit or case.suspension_or_revocation:
        refusals.append(Refusal.GENERAL_PROCEDURE)
    if case.points > 0:
        if not driver.has_license:
            refusals.append(Refusal.NO_LICENSE)
        elif not driver.license_usable:
            refusals.append(Refusal.LICENSE_NOT_USABLE)
        if driver.cycle_points + case.points >= FULL_SCORE:
            refusals.append(Refusal.WOULD_REACH_FULL_SCORE)
    return tuple(refusals)
