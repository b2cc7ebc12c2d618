"""The papers services' configurable values with their product defaults (DOMAIN.md §23.1).
Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

from jiaoguan.drivers.rules.parameters import DEFAULT_PARAMETERS as LICENSE_DEFAULTS
from jiaoguan.drivers.rules.parameters import LicenseParameters

__all__ = ["DEFAULT_PARAMETERS", "PapersParameters"]


@dataclass(frozen=True)
class PapersParameters:
    #: Replacements or reissues of the same document already made within the window that
    #: switch the next one to the counter ("短期内频繁", undefined by law) [product default].
    frequent_replacement_count: int = 2
    frequent_window_months: int = 12
    #: The online office accepts within this many working days [S: 1].
    acceptance_working_days: int = 1
    #: Review before production [S: 1–3 working days; product default 3].
    review_working_days: int = 3
    #: A temporary plate while replacement plates are made: at most this many calendar
    #: days (登记规定 art. 51, art. 92 ¶2) [P].
    temporary_plate_days: int = 15
    license: LicenseParameters = field(default=LICENSE_DEFAULTS)

    def __post_init__(self) -> None:
        if self.frequent_replacement_count < 1 or self.frequent_window_months < 1:
            raise ValueError("the frequent-replacement threshold must be positive")
        if not 0 < self.temporary_plate_days <= 15:
            raise ValueError("a temporary plate for replacement is valid at most 15 days")


DEFAULT_PARAMETERS = PapersParameters()
