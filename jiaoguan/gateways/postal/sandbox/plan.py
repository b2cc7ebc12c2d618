"""What the sandbox courier does with a parcel: its tracking events and the pushes that
carry them, decided by a seeded random generator so that a seed replays the same story.

Pure: no Django. ``parcel_story`` draws the events (collection, transit, delivery rounds
with failed attempts, delivery or return to the sender); ``push_schedule`` turns them into
pushes as a real courier sends them: some twice, some out of order, each after a delay.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from jiaoguan.gateways.postal.base import TrackingStatus

#: Hours after booking of the steps of a parcel delivered at the first attempt.
_COLLECTED, _TRANSIT, _HUB, _OUT = 2, 8, 20, 26
_FAILURES = ("收件人不在，电话无人接听", "地址不详，无法投递", "收件人要求改日投递")
MAX_ATTEMPTS = 3  # delivery rounds before the parcel goes back to the sender


@dataclass(frozen=True)
class StoryOptions:
    failed_attempt_percent: int = 10  # each delivery round fails with this chance
    return_percent: int = 3  # the parcel fails every round and goes back
    duplicate_percent: int = 0  # a push is sent twice
    reorder_percent: int = 0  # a push swaps places with the next one
    max_delay_seconds: int = 0  # each push waits up to this long (Celery countdown)


@dataclass(frozen=True)
class PlannedEvent:
    event_id: str  # stable across pushes: the receiver stores it once
    status: TrackingStatus
    occurred_at: datetime
    description: str
    region_code: str


@dataclass(frozen=True)
class PlannedPush:
    event: PlannedEvent
    delay_seconds: float


def story_random(seed: int, waybill_number: str) -> random.Random:
    """The generator of one parcel's story: the same seed and waybill give the same story."""
    return random.Random(f"{seed}:{waybill_number}")


def parcel_story(
    waybill_number: str,
    *,
    booked_at: datetime,
    origin_code: str,
    destination_code: str,
    options: StoryOptions,
    rng: random.Random,
) -> list[PlannedEvent]:
    """The parcel's events in the order they happen."""
    events: list[PlannedEvent] = []

    def add(status: TrackingStatus, hours: float, description: str, region: str) -> None:
        at = booked_at + timedelta(hours=hours, minutes=rng.randrange(0, 50))
        events.append(
            PlannedEvent(f"{waybill_number}-{len(events) + 1:02d}", status, at, description, region)
        )

    add(TrackingStatus.COLLECTED, _COLLECTED, "快递员已揽收", origin_code)
    add(TrackingStatus.IN_TRANSIT, _TRANSIT, "已到达始发分拨中心", origin_code[:4] + "00")
    add(TrackingStatus.IN_TRANSIT, _HUB, "已到达目的地分拨中心", destination_code[:4] + "00")
    returning = rng.randrange(100) < options.return_percent
    hours = float(_OUT)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        add(TrackingStatus.OUT_FOR_DELIVERY, hours, "快递员正在派件", destination_code)
        failed = returning or rng.randrange(100) < options.failed_attempt_percent
        if not failed:
            add(TrackingStatus.DELIVERED, hours + 2, "已签收，本人签收", destination_code)
            return events
        reason = rng.choice(_FAILURES)
        add(TrackingStatus.FAILED_ATTEMPT, hours + 3, f"投递失败：{reason}", destination_code)
        hours += 24
        if attempt == MAX_ATTEMPTS:
            break
    add(TrackingStatus.IN_TRANSIT, hours, "多次投递失败，退回寄件人途中", destination_code)
    add(TrackingStatus.RETURNED, hours + 30, "已退回寄件人并签收", origin_code)
    return events


def push_schedule(
    events: list[PlannedEvent], *, options: StoryOptions, rng: random.Random
) -> list[PlannedPush]:
    """The pushes for ``events``, in the order they are sent: a share twice, a share swapped
    with the next one, each with a delay."""
    pushes: list[PlannedEvent] = []
    for event in events:
        pushes.append(event)
        if rng.randrange(100) < options.duplicate_percent:
            pushes.append(event)
    index = 0
    while index < len(pushes) - 1:
        if rng.randrange(100) < options.reorder_percent:
            pushes[index], pushes[index + 1] = pushes[index + 1], pushes[index]
            index += 2
        else:
            index += 1
    delay = options.max_delay_seconds
    return [PlannedPush(event, rng.uniform(0, delay) if delay else 0.0) for event in pushes]
