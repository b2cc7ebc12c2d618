"""Turn a domain rule "anchor date → window" into "day → range of anchor dates".

A scan asks: which rows have an anchor (a registration date, a validity date, a first-issue
date) whose window contains the scan day? When the window's ends grow with the anchor (every
rule built from ``add_days``/``add_months``/``add_years`` does), the anchors form one
contiguous range, found by bisection over days with the rule itself as the oracle. The rule
keeps its one home; the scan filters with ``column BETWEEN first AND last``.
"""

from collections.abc import Callable
from datetime import date, timedelta

_SEARCH_DAYS = 366 * 200  # far enough either side for any rule of the register


def _first_true(predicate: Callable[[date], bool], low: date, high: date) -> date | None:
    """The first day in [low, high] where the monotone (False…True) predicate holds."""
    if not predicate(high):
        return None
    lo, hi = 0, (high - low).days
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(low + timedelta(days=mid)):
            hi = mid
        else:
            lo = mid + 1
    return low + timedelta(days=lo)


def anchors_on_or_before(
    rule: Callable[[date], date], day: date, *, search_from: date | None = None
) -> date:
    """The last anchor ``a`` with ``rule(a) <= day`` (``rule`` non-decreasing).

    E.g. ``rule = lambda a: add_years(a, 15)``: the latest registration date whose 15-year life
    is over on ``day``. Feb 29 is handled by the rule itself: the answer may be a Feb 29.
    """
    low = search_from or day - timedelta(days=_SEARCH_DAYS)
    high = day + timedelta(days=_SEARCH_DAYS)
    first_after = _first_true(lambda anchor: rule(anchor) > day, low, high)
    if first_after is None:
        return high
    return first_after - timedelta(days=1)


def anchors_on_or_after(rule: Callable[[date], date], day: date) -> date:
    """The first anchor ``a`` with ``rule(a) >= day`` (``rule`` non-decreasing)."""
    low = day - timedelta(days=_SEARCH_DAYS)
    high = day + timedelta(days=_SEARCH_DAYS)
    first = _first_true(lambda anchor: rule(anchor) >= day, low, high)
    return high if first is None else first


def anchors_with_window_containing(
    window: Callable[[date], tuple[date, date]], day: date
) -> tuple[date, date] | None:
    """(first, last) anchor whose window ``(opens, closes)`` (both inclusive) contains ``day``.

    Both ends must be non-decreasing in the anchor. None when no anchor qualifies.
    """
    first = anchors_on_or_after(lambda anchor: window(anchor)[1], day)
    last = anchors_on_or_before(lambda anchor: window(anchor)[0], day)
    if first > last:
        return None
    return first, last
