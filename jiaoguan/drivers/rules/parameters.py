"""Configurable license parameters (DOMAIN.md §13.3, §13.4) and fixed legal constants.

``LicenseParameters`` holds values a deployment may change; its defaults are the values DOMAIN.md
ships. Values fixed by law (12 points, 6 points reduction per cycle, ...) are module constants.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

#: Full score per cycle (163号 art. 3; glossary ``FULL_SCORE``).
FULL_SCORE = 12
#: Maximum points reduced by study in one cycle (163号 art. 25).
MAX_REDUCTION_PER_CYCLE = 6
#: Days to exchange a license after an upper-age limit is reached (162号 art. 65).
AGE_EXCHANGE_DAYS = 30
#: Months a medical certificate stays valid from the issue date (162号 art. 85).
MEDICAL_CERTIFICATE_VALID_MONTHS = 6
#: Months after a cycle end after which a missing medical certificate is a cancellation ground
#: (162号 art. 79(9)).
MEDICAL_CANCELLATION_MONTHS = 12
#: Years after cancellation for overdue renewal during which passing 科目一 restores the license
#: (162号 art. 79).
RECOVERY_YEARS = 2
#: Age from which drivers submit a yearly medical certificate and from which C3/C4/C6/D/E end.
AGE_SENIOR = 70
#: Upper age for large classes and M/N/P: 63 from 172号, 60 before.
AGE_LARGE_CLASS_172 = 63
AGE_LARGE_CLASS_BEFORE_172 = 60
#: Yearly medical certificates started at 60 before 162号 ([S]).
AGE_MEDICAL_BEFORE_162 = 60

#: Effective dates of the instruments that change age rules (§0.2, §3.3).
REFORM_2020_ON = date(2020, 11, 20)
ORDER_162_ON = date(2022, 4, 1)
ORDER_172_ON = date(2025, 1, 1)


@dataclass(frozen=True, slots=True)
class LicenseParameters:
    """Deployment-tunable license parameters; defaults are DOMAIN.md product defaults.

    All day counts are natural days: 162号 art. 110 makes only its 1-, 3- and 5-day periods
    working days, so its 30- and 90-day periods run on the calendar with no holiday extension.
    """

    #: Renewal may be applied for this many days before expiry (162号 art. 63) [P].
    renewal_window_days: int = 90
    #: Online renewal accepted up to this many months after expiry (§13.3, product default) [S].
    online_renewal_months_after_expiry: int = 11
    #: More than this many months past expiry is a cancellation ground (162号 art. 79(8)) [P].
    cancellation_after_months: int = 12
    #: 审验 is due within this many days after a cycle ends (162号 art. 72) [P].
    review_days_after_cycle: int = 30
    #: A medical certificate is due within this many days after a cycle ends (art. 74) [P].
    medical_days_after_cycle: int = 30
    #: C5 holders submit a medical certificate every this many cycles (art. 74) [P].
    c5_medical_every_cycles: int = 3
    #: Probation length in months (art. 76) [P].
    probation_months: int = 12
    #: Points reminder threshold below the full score (§13.4, product default) [U].
    points_reminder: int = 9
    #: Longest over-63 extension for large classes (172号 art. 65, draft wording) [S].
    large_class_extension_max_years: int = 3

    def __post_init__(self) -> None:
        for field in fields(self):
            name, value = field.name, getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.online_renewal_months_after_expiry > self.cancellation_after_months:
            raise ValueError(
                "online_renewal_months_after_expiry must not exceed cancellation_after_months"
            )
        if self.points_reminder >= FULL_SCORE:
            raise ValueError(f"points_reminder must be below the full score of {FULL_SCORE}")


DEFAULT_PARAMETERS = LicenseParameters()
