"""Pure rules of the service guides (DOMAIN §21.2): the four lists and search tokens' shape."""

from __future__ import annotations

from enum import StrEnum


class TripCategory(StrEnum):
    """Hangzhou's four lists (seed 003): 网上跑零次, 最近跑一次, 最多跑一次, 跑多次."""

    ZERO_TRIPS = "zero_trips"
    NEAREST_ONCE = "nearest_once"
    AT_MOST_ONCE = "at_most_once"
    MULTIPLE_TRIPS = "multiple_trips"


#: The lists in the order the portal shows them.
LIST_ORDER = (
    TripCategory.ZERO_TRIPS,
    TripCategory.NEAREST_ONCE,
    TripCategory.AT_MOST_ONCE,
    TripCategory.MULTIPLE_TRIPS,
)


def trip_category(*, min_trips: int, nearest_point: bool = False) -> TripCategory:
    """The list a business belongs to, derived from its fewest trips (最少跑路次数, §21.3):
    0 → zero trips; 1 → nearest once when a nearby point (hospital, post office, dealer,
    community station, bank, inspection station) does it, else at most once; 2+ → several."""
    if min_trips < 0:
        raise ValueError("min_trips must be 0 or more")
    if min_trips == 0:
        return TripCategory.ZERO_TRIPS
    if min_trips == 1:
        return TripCategory.NEAREST_ONCE if nearest_point else TripCategory.AT_MOST_ONCE
    return TripCategory.MULTIPLE_TRIPS


def all_tokens_match(query_tokens: list[str], document_tokens: set[str]) -> bool:
    """A document matches when it has every token of the query (an empty query: nothing)."""
    return bool(query_tokens) and all(token in document_tokens for token in query_tokens)
