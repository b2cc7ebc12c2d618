"""School-bus driver qualification (校车条例 art. 23; 162号 art. 87; DOMAIN §18.2), pure: what
the register can settle. The matching class (A1, A3 or B1: a bus class; the bus a driver is
assigned to is not recorded, so any of them) held for 3 years, age 25-60, a valid licence, no
fatal or serious-injury accident responsibility. Not settled here: full scores in the last 3
cycles, drink driving, overloading or speeding in the last year, crime and drug records and
health (the police check those, 162号 art. 89)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import add_years

BUS_CLASSES = frozenset({"A1", "A3", "B1"})
EXPERIENCE_YEARS = 3
AGE_MIN, AGE_MAX = 25, 60


class Refusal(StrEnum):
    LICENCE = "licence"
    CLASS = "class"
    EXPERIENCE = "experience"
    AGE = "age"
    ACCIDENT = "accident"


@dataclass(frozen=True)
class Driver:
    birth_date: date | None
    licence_status: str | None  # None: no licence
    classes: dict[str, date]  # class → obtained on
    accident_on: date | None  # the last fatal or serious-injury accident with responsibility


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def refusals(driver: Driver, as_of: date) -> tuple[Refusal, ...]:
    """Why the driver may not drive a school bus on ``as_of``, in the order above; () if the
    register shows nothing against them."""
    found: list[Refusal] = []
    if driver.licence_status != "valid":
        found.append(Refusal.LICENCE)
    bus = [on for cls, on in driver.classes.items() if cls in BUS_CLASSES]
    if not bus:
        found.append(Refusal.CLASS)
    elif min(bus) > add_years(as_of, -EXPERIENCE_YEARS):
        found.append(Refusal.EXPERIENCE)
    if driver.birth_date is None or not (AGE_MIN <= age_on(driver.birth_date, as_of) <= AGE_MAX):
        found.append(Refusal.AGE)
    if driver.accident_on is not None:
        found.append(Refusal.ACCIDENT)
    return tuple(found)
