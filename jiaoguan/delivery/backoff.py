"""Exponential back-off with jitter (pure: no Django)."""

import random
from collections.abc import Callable


def backoff_seconds(
    attempt: int,
    *,
    base: float,
    cap: float,
    jitter: float = 0.2,
    rand: Callable[[], float] = random.random,
) -> int:
    """The pause after the ``attempt``-th failed attempt (1-based), in whole seconds.

    ``base`` doubled per attempt, at most ``cap``, then shortened by up to ``jitter`` of
    itself (a fraction, 0 to 1) so that rows failing together do not come back together:
    always within ``[(1 - jitter) × d, d]`` for ``d = min(cap, base × 2^(attempt - 1))``, and
    at least 1 second.
    """
    if not 0 <= jitter <= 1:
        raise ValueError("jitter is a fraction between 0 and 1")
    exponent = min(max(attempt - 1, 0), 62)  # 2**62 seconds is past any cap already
    delay = min(float(cap), float(base) * 2**exponent)
    return max(1, int(delay * (1 - jitter * rand())))
