"""Late payment of a fine (行政处罚法 arts. 67, 72, 73; DOMAIN.md §5.4).

The fine is due within 15 days of the decision being served. From the 16th day after service,
3% of the fine is added for each day, and the added amount never exceeds the fine itself.
Days while administrative reconsideration or a lawsuit is pending do not count.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from jiaoguan.core.money import Money

PAYMENT_DAYS = 15
DAILY_RATE = Decimal("0.03")


@dataclass(frozen=True)
class LatePenalty:
    due_on: date
    """The last day to pay without a late penalty (before any pause)."""
    days: int
    """Days charged so far."""
    daily: Money
    amount: Money
    capped: bool
    """The penalty has reached the fine and grows no further."""

    def total(self, fine: Money) -> Money:
        return fine + self.amount


def payment_due_on(served_on: date) -> date:
    """The last day to pay without a late penalty: the 15th day after service."""
    return served_on + timedelta(days=PAYMENT_DAYS)


def late_penalty(fine: Money, *, served_on: date, as_of: date, paused_days: int = 0) -> LatePenalty:
    """The late penalty owed on ``as_of`` for ``fine`` served on ``served_on``.

    Day 15 after service is the last day without penalty; day 16 is the first charged day.
    ``paused_days`` are days of pending reconsideration or lawsuit, which move the deadline.
    The daily amount is rounded half up to the fen once, then multiplied by the days.
    """
    if paused_days < 0:
        raise ValueError("paused_days cannot be negative")
    due_on = payment_due_on(served_on)
    days = max(0, (as_of - due_on).days - paused_days)
    daily = fine * DAILY_RATE
    uncapped = daily * days
    amount = min(uncapped, fine)
    return LatePenalty(
        due_on=due_on, days=days, daily=daily, amount=amount, capped=days > 0 and uncapped >= fine
    )
