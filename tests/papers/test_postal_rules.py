"""The shipment state table and the delivery estimate (pure)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from jiaoguan.papers.models import Shipment
from jiaoguan.papers.rules.waybill import (
    ShipmentLeg,
    ShipmentState,
    delivery_estimate,
    event_moves,
    states_below,
    states_level,
)

S = ShipmentState
T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
LATER = T0 + timedelta(hours=1)


def test_the_models_choices_are_the_rules_states_and_legs():
    assert set(Shipment.State.values) == {state.value for state in S}
    assert set(Shipment.Leg.values) == {leg.value for leg in ShipmentLeg}


@pytest.mark.parametrize(
    ("state", "event", "moves"),
    [
        (S.CREATED, S.COLLECTED, True),
        (S.CREATED, S.DELIVERED, True),  # a missed push: straight to delivered
        (S.IN_TRANSIT, S.COLLECTED, False),  # an older kind of event never moves it back
        (S.OUT_FOR_DELIVERY, S.IN_TRANSIT, False),
        (S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, True),
        (S.FAILED_ATTEMPT, S.OUT_FOR_DELIVERY, True),  # the next delivery round
        (S.FAILED_ATTEMPT, S.IN_TRANSIT, False),  # on its way back: still an exception
        (S.FAILED_ATTEMPT, S.RETURNED, True),
        (S.DELIVERED, S.FAILED_ATTEMPT, False),  # finished
        (S.RETURNED, S.DELIVERED, False),
        (S.CANCELLED, S.COLLECTED, False),
        (S.CREATED, S.CREATED, False),  # couriers never report these
        (S.CREATED, S.CANCELLED, False),
    ],
)
def test_an_event_moves_a_shipment_only_forward(state, event, moves):
    assert event_moves(state=state, last_event_at=T0, event_state=event, occurred_at=LATER) is moves


def test_an_event_older_than_the_last_one_applied_never_moves_the_shipment():
    args = {"state": S.OUT_FOR_DELIVERY, "event_state": S.FAILED_ATTEMPT}
    assert not event_moves(last_event_at=LATER, occurred_at=T0, **args)
    assert not event_moves(last_event_at=T0, occurred_at=T0, **args)  # the same moment
    assert event_moves(last_event_at=None, occurred_at=T0, **args)


def test_a_higher_ranked_event_moves_the_shipment_even_if_it_is_older():
    # delivered at 10:00 arrives after an in-transit event stamped 11:00 was applied
    assert event_moves(
        state=S.IN_TRANSIT, last_event_at=LATER, event_state=S.DELIVERED, occurred_at=T0
    )


def test_no_finished_state_is_ever_moved():
    for event in S:
        for state in states_below(event) | states_level(event):
            assert state not in (S.DELIVERED, S.RETURNED, S.CANCELLED)


def test_the_final_state_does_not_depend_on_the_order_events_arrive_in():
    import itertools

    story = [
        (S.COLLECTED, 1), (S.IN_TRANSIT, 2), (S.OUT_FOR_DELIVERY, 3), (S.FAILED_ATTEMPT, 4),
        (S.OUT_FOR_DELIVERY, 5), (S.IN_TRANSIT, 6),
    ]  # fmt: skip
    finals = set()
    for order in itertools.permutations(story):
        state, last = S.CREATED, None
        for event_state, hour in order:
            at = T0 + timedelta(hours=hour)
            if event_moves(
                state=state, last_event_at=last, event_state=event_state, occurred_at=at
            ):
                state, last = event_state, at
        finals.add((state, last))
    assert finals == {(S.OUT_FOR_DELIVERY, T0 + timedelta(hours=5))}


@pytest.mark.parametrize(
    ("origin", "destination", "days", "basis"),
    [
        ("320104", "320102", (1, 2), "same_province"),
        ("320104", "110105", (2, 4), "other_province"),
        ("320104", "650102", (3, 6), "remote_province"),
        ("540102", "320102", (3, 6), "remote_province"),
        ("650102", "650105", (1, 2), "same_province"),
    ],
)
def test_delivery_estimate_by_distance_in_calendar_days(origin, destination, days, basis):
    # Friday 2026-12-04: couriers deliver at weekends, so no working-day shift
    estimate = delivery_estimate(
        dispatched_on=date(2026, 12, 4), origin_region=origin, destination_region=destination
    )
    assert (estimate.earliest - date(2026, 12, 4)).days == days[0]
    assert (estimate.latest - date(2026, 12, 4)).days == days[1]
    assert estimate.basis == basis
