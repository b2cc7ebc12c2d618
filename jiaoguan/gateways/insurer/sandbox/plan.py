"""What the sandbox insurer does with a claim: its callbacks, decided by a seeded random
generator so that a seed replays the same story.

Pure: no Django. ``claim_story`` draws the events (accepted with the claim number, then
assessed and paid, or rejected); ``callback_schedule`` turns them into callbacks as a real
insurer sends them: some twice, some out of order, each after a delay.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from jiaoguan.gateways.insurer.base import ClaimStatus

_REJECTIONS = ("保单已过保险期间", "损失不属于交强险赔偿范围")


@dataclass(frozen=True)
class StoryOptions:
    reject_percent: int = 5  # the claim is rejected after it is accepted
    duplicate_percent: int = 0  # a callback is sent twice
    reorder_percent: int = 0  # a callback swaps places with the next one
    max_delay_seconds: int = 0  # each callback waits up to this long (Celery countdown)


@dataclass(frozen=True)
class PlannedEvent:
    event_id: str  # stable across callbacks: the receiver stores it once
    status: ClaimStatus
    occurred_at: datetime
    claim_number: str
    amount_fen: int | None
    note: str


@dataclass(frozen=True)
class PlannedCallback:
    event: PlannedEvent
    delay_seconds: float


def story_random(seed: int, reference: str) -> random.Random:
    return random.Random(f"{seed}:{reference}")


def claim_story(
    *, claim_number: str, filed_at: datetime, options: StoryOptions, rng: random.Random
) -> list[PlannedEvent]:
    """The claim's events in the order they happen. An assessed amount is paid in full."""
    events: list[PlannedEvent] = []

    def add(status: ClaimStatus, hours: float, amount: int | None = None, note: str = "") -> None:
        at = filed_at + timedelta(hours=hours, minutes=rng.randrange(0, 50))
        event_id = f"{claim_number}-{len(events) + 1:02d}"
        events.append(PlannedEvent(event_id, status, at, claim_number, amount, note))

    add(ClaimStatus.ACCEPTED, 0.1, note="已受理报案")
    if rng.randrange(100) < options.reject_percent:
        add(ClaimStatus.REJECTED, 20, note=rng.choice(_REJECTIONS))
        return events
    amount = rng.randrange(300, 2000) * 100  # 300–1999 yuan: a minor accident's loss
    add(ClaimStatus.ASSESSED, 26, amount, "已完成定损")
    add(ClaimStatus.PAID, 74, amount, "赔款已支付")
    return events


def callback_schedule(
    events: list[PlannedEvent], *, options: StoryOptions, rng: random.Random
) -> list[PlannedCallback]:
    """The callbacks for ``events``, in the order they are sent."""
    sent: list[PlannedEvent] = []
    for event in events:
        sent.append(event)
        if rng.randrange(100) < options.duplicate_percent:
            sent.append(event)
    index = 0
    while index < len(sent) - 1:
        if rng.randrange(100) < options.reorder_percent:
            sent[index], sent[index + 1] = sent[index + 1], sent[index]
            index += 2
        else:
            index += 1
    delay = options.max_delay_seconds
    return [PlannedCallback(event, rng.uniform(0, delay) if delay else 0.0) for event in sent]
