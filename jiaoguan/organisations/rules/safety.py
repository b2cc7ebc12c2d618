"""The safety score of an organisation (issue 19 scope 6), pure: 100 less the weight of each
event of the last 3 years, never below 0, every event's contribution kept so the score
explains itself. The weights are reference data (``SafetyWeight``); these are the defaults
the migration loads. A product default, not a legal rule [U]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jiaoguan.core.dates import add_years

WINDOW_YEARS = 3
BASE = Decimal(100)

#: kind → (default weight, Chinese label): each handled camera record of a vehicle; each one
#: still unhandled; each vehicle overdue for inspection today; each consenting driver whose
#: licence was revoked or cancelled.
DEFAULT_WEIGHTS: dict[str, tuple[Decimal, str]] = {
    "violation_handled": (Decimal("0.5"), "车辆违法（已处理）"),
    "violation_unhandled": (Decimal("1.5"), "车辆违法（未处理）"),
    "inspection_overdue": (Decimal("3"), "车辆逾期未检验"),
    "licence_void": (Decimal("5"), "驾驶人驾驶证被吊销或注销"),
}


@dataclass(frozen=True)
class Contribution:
    kind: str
    count: int
    weight: Decimal

    @property
    def points(self) -> Decimal:
        return self.weight * self.count


def window_start(as_of: date) -> date:
    return add_years(as_of, -WINDOW_YEARS)


def score_of(contributions: list[Contribution]) -> Decimal:
    """100 less every contribution, at least 0, to one decimal."""
    total = sum((c.points for c in contributions), Decimal(0))
    return max(Decimal(0), BASE - total).quantize(Decimal("0.1"))
