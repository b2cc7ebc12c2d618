"""The back-off: doubling from the base, capped, shortened by at most the jitter share."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.delivery import backoff_seconds


def test_doubles_from_the_base_without_jitter():
    delays = [backoff_seconds(n, base=30, cap=3600, jitter=0) for n in range(1, 9)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_stops_at_the_cap_however_many_attempts():
    assert backoff_seconds(1000, base=30, cap=3600, jitter=0) == 3600


def test_jitter_shortens_by_at_most_its_share():
    assert backoff_seconds(1, base=100, cap=3600, jitter=0.2, rand=lambda: 0.0) == 100
    assert backoff_seconds(1, base=100, cap=3600, jitter=0.2, rand=lambda: 0.999999) == 80
    assert backoff_seconds(2, base=100, cap=3600, jitter=0.5, rand=lambda: 0.5) == 150


def test_never_less_than_a_second():
    assert backoff_seconds(1, base=0, cap=10, jitter=1, rand=lambda: 0.99) == 1


def test_refuses_a_jitter_outside_zero_to_one():
    with pytest.raises(ValueError, match="jitter"):
        backoff_seconds(1, base=1, cap=1, jitter=1.5)


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    base=st.integers(min_value=1, max_value=3600),
    cap=st.integers(min_value=1, max_value=86_400),
    jitter=st.floats(min_value=0, max_value=1),
    rand=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_always_within_bounds(attempt, base, cap, jitter, rand):
    ceiling = min(cap, base * 2 ** min(max(attempt - 1, 0), 62))
    delay = backoff_seconds(attempt, base=base, cap=cap, jitter=jitter, rand=lambda: rand)
    assert max(1, int(ceiling * (1 - jitter))) - 1 <= delay <= max(ceiling, 1)
