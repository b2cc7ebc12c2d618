"""Configurable travel-information parameters (DOMAIN §23.6) and the §20.4 black-spot
criterion, a local one shipped as the product default."""

from __future__ import annotations

from dataclasses import dataclass

from jiaoguan.travel.rules.announcement import CLOSURE_NOTICE_DAYS


@dataclass(frozen=True, slots=True)
class TravelParameters:
    """Deployment-tunable values; the defaults are DOMAIN's product defaults."""

    #: A closure is announced at least this many days ahead [P: at least 5].
    closure_notice_days: int = CLOSURE_NOTICE_DAYS
    #: Seconds a feed may be served from the cache [product default; the issue's bound is 30].
    feed_cache_seconds: int = 10
    #: Seconds a process trusts its last read of the feeds' version token before asking the
    #: shared cache again: another process's change shows within this [product default;
    #: 0 asks at every request; at most feed_cache_seconds; unused when that is 0].
    feed_version_seconds: float = 1.0
    #: Radius in km of the CAP circle drawn around a point or a line's positions [product].
    cap_circle_radius_km: float = 0.5
    #: Hours a withdrawn event stays in the CAP feed as a ``Cancel`` alert [reference data:
    #: a day, long enough for a receiver polling now and then; then it leaves the feed].
    cap_cancel_retention_hours: int = 24

    def __post_init__(self) -> None:
        if self.closure_notice_days < CLOSURE_NOTICE_DAYS:
            raise ValueError("closure_notice_days may not be below the legal 5 days")
        if not 0 <= self.feed_cache_seconds <= 30:
            raise ValueError("feed_cache_seconds must lie between 0 and 30")
        if self.feed_version_seconds < 0 or (
            self.feed_cache_seconds and self.feed_version_seconds > self.feed_cache_seconds
        ):  # without a cache (0) the token is not read at all
            raise ValueError("feed_version_seconds must lie between 0 and feed_cache_seconds")
        if self.cap_circle_radius_km <= 0:
            raise ValueError("cap_circle_radius_km must be positive")
        if self.cap_cancel_retention_hours <= 0:
            raise ValueError("cap_cancel_retention_hours must be positive")


DEFAULT_PARAMETERS = TravelParameters()


@dataclass(frozen=True, slots=True)
class BlackSpotThresholds:
    """When a point or section is a city-level accident black spot (§20.4) [S, local]: any
    one of the four conditions over the period examined. No national criterion was found."""

    #: One accident with at least this many deaths, plus unsafe road factors.
    deaths_single_with_road_factors: int = 3
    #: At least ``serious_accidents`` accidents each with ``deaths_each`` deaths or more.
    serious_accidents: int = 2
    deaths_each: int = 3
    #: At least this many regular accidents with a death.
    fatal_accidents: int = 3
    #: At least this many regular general-procedure injury or damage accidents.
    general_accidents: int = 5


DEFAULT_BLACK_SPOT_THRESHOLDS = BlackSpotThresholds()


def is_black_spot(
    *,
    deaths_per_accident: list[int],
    general_accidents: int,
    road_factors: bool,
    thresholds: BlackSpotThresholds = DEFAULT_BLACK_SPOT_THRESHOLDS,
) -> bool:
    """Whether a place with these accidents (deaths of each fatal accident, the count of
    general-procedure injury or damage accidents) is a black spot under ``thresholds``."""
    t = thresholds
    if road_factors and any(d >= t.deaths_single_with_road_factors for d in deaths_per_accident):
        return True
    if sum(1 for d in deaths_per_accident if d >= t.deaths_each) >= t.serious_accidents:
        return True
    if sum(1 for d in deaths_per_accident if d >= 1) >= t.fatal_accidents:
        return True
    return general_accidents >= t.general_accidents
