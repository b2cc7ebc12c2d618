"""The sandbox courier's stories and push schedules: deterministic under a seed."""

from datetime import UTC, datetime

from jiaoguan.core import s10
from jiaoguan.gateways.postal.base import TrackingStatus as S
from jiaoguan.gateways.postal.sandbox.plan import (
    MAX_ATTEMPTS,
    StoryOptions,
    parcel_story,
    push_schedule,
    story_random,
)

BOOKED = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
WAYBILL = s10.s10_number("EA", 1)


def story(seed: int, options: StoryOptions, waybill: str = WAYBILL):
    return parcel_story(
        waybill,
        booked_at=BOOKED,
        origin_code="320102",
        destination_code="320105",
        options=options,
        rng=story_random(seed, waybill),
    )


def test_the_same_seed_tells_the_same_story_and_schedule():
    options = StoryOptions(failed_attempt_percent=50, duplicate_percent=30, reorder_percent=30)
    first, again = story(7, options), story(7, options)
    assert first == again
    rng_a, rng_b = story_random(7, WAYBILL), story_random(7, WAYBILL)
    assert push_schedule(first, options=options, rng=rng_a) == push_schedule(
        again, options=options, rng=rng_b
    )


def test_a_parcel_that_never_fails_is_collected_carried_and_delivered_in_time_order():
    events = story(1, StoryOptions(failed_attempt_percent=0, return_percent=0))
    assert [event.status for event in events] == [
        S.COLLECTED, S.IN_TRANSIT, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED,
    ]  # fmt: skip
    times = [event.occurred_at for event in events]
    assert times == sorted(times)
    assert len({event.event_id for event in events}) == len(events)


def test_a_returned_parcel_fails_every_round_then_goes_back_to_the_sender():
    events = story(1, StoryOptions(return_percent=100))
    statuses = [event.status for event in events]
    assert statuses.count(S.FAILED_ATTEMPT) == MAX_ATTEMPTS
    assert statuses[-1] == S.RETURNED
    assert S.DELIVERED not in statuses
    assert events[-1].region_code == "320102"


def test_failed_attempts_happen_under_some_seeds_and_end_delivered_or_returned():
    options = StoryOptions(failed_attempt_percent=50, return_percent=0)
    endings = {story(seed, options)[-1].status for seed in range(40)}
    failures = [S.FAILED_ATTEMPT in [e.status for e in story(seed, options)] for seed in range(40)]
    assert endings <= {S.DELIVERED, S.RETURNED}
    assert any(failures)
    assert not all(failures)


def test_the_schedule_duplicates_and_reorders_but_loses_no_event():
    options = StoryOptions(duplicate_percent=50, reorder_percent=50, max_delay_seconds=30)
    events = story(3, options)
    pushes = push_schedule(events, options=options, rng=story_random(3, WAYBILL))
    sent = [push.event for push in pushes]
    assert set(sent) == set(events)
    assert len(sent) > len(events)  # some twice
    assert sent != sorted(sent, key=lambda event: event.occurred_at)  # some out of order
    assert all(0 <= push.delay_seconds <= 30 for push in pushes)
