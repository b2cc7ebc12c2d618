"""The state mix: forced shares of each interesting state, and the per-block guarantees."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kinds import Kind
    from .people import _PersonPlan
    from .vehicles import _VehiclePlan


@dataclass(frozen=True)
class Mix:
    """Shares that shape the jurisdiction; every interesting state has its own knob.

    Rates of a state are *forced* shares on top of what happens naturally (e.g. a 2-yearly car
    is in its inspection window about one time in eight anyway). Besides the rates, every block
    of ``block_size`` people is checked and, where a state is missing, it is forced onto one
    eligible person or vehicle, so any 1,000-person set shows every state.
    """

    #: Share of adults holding a license (the age curve is scaled to reach it, roughly).
    license_rate: float = 0.70
    #: Share of people owning at least one vehicle, and of owners with a second one.
    vehicle_owner_rate: float = 0.40
    second_vehicle_rate: float = 0.15
    #: Organizations per person (each with a fleet of operating vehicles).
    organization_rate: float = 0.004
    #: Share of small passenger cars with a new-energy plate (52) among recent registrations.
    nev_rate: float = 0.20
    # License states (share of licensed people).
    renewal_window_rate: float = 0.02  # in the 90 days before expiry
    license_expired_rate: float = 0.02  # expired less than a year ago
    license_overdue_rate: float = 0.01  # more than a year past expiry (cancellable)
    probation_rate: float = 0.03  # first issued less than 12 months ago
    c5_rate: float = 0.002  # C5 (disabled-adapted automatic car)
    points_some_rate: float = 0.10  # 1-8 points in the current cycle
    points_nine_rate: float = 0.01  # exactly 9 points (the reminder threshold)
    points_full_rate: float = 0.004  # 12 points (full score)
    senior_medical_missing_rate: float = 0.10  # 70+ drivers whose last certificate is missing
    # Vehicle states (share of vehicles).
    inspection_window_rate: float = 0.03  # application window open
    inspection_overdue_rate: float = 0.04  # validity expired, fewer than 3 cycles missed
    inspection_three_missed_rate: float = 0.004  # 3 cycles missed: must be scrapped
    scrap_within_year_rate: float = 0.05  # of vehicles with a service life: ends within a year
    #: Size of the block in which every state is guaranteed.
    block_size: int = 1000


DEFAULT_MIX = Mix()

#: License states guaranteed in every block (see ``license_state_flags``).
REQUIRED_LICENSE_STATES = (
    "renewal_window",
    "expired",
    "overdue",
    "probation",
    "senior",
    "points_9",
    "points_12",
    "c5",
)
#: Vehicle states guaranteed in every block.
REQUIRED_VEHICLE_STATES = ("window", "overdue", "three_missed", "scrap_within_year")


class StatesMixin:
    """Which people and vehicles get which state in a ``Generator`` block."""

    as_of: date
    mix: Mix

    if TYPE_CHECKING:  # from VehiclesMixin, beside this one in ``Generator``

        def _service_life(self, kind: Kind) -> int | None: ...

    def _license_probability(self, age: int, gender: str) -> float:
        if age < 18:
            return 0.0
        base = (
            0.25 if age < 20 else 0.6 if age < 25 else 0.88 if age < 60 else 0.72 if age < 65
            else 0.58 if age < 70 else 0.42 if age < 75 else 0.25 if age < 80 else 0.1
        )  # fmt: skip
        factor = 1.05 if gender == "male" else 0.92
        return min(1.0, base * factor * self.mix.license_rate / 0.70)

    def _assign_license_states(self, rng: random.Random, plans: list[_PersonPlan]) -> None:
        mix = self.mix
        cumulative = list(
            accumulate(
                (
                    mix.renewal_window_rate,
                    mix.license_expired_rate,
                    mix.license_overdue_rate,
                    mix.probation_rate,
                    mix.c5_rate,
                )
            )
        )
        states = ("renewal_window", "expired", "overdue", "probation", "c5")
        for plan in plans:
            plan.licensed = rng.random() < self._license_probability(plan.age, plan.row.gender)
            if not plan.licensed:
                continue
            u = rng.random()
            index = bisect_right(cumulative, u)
            state = states[index] if index < len(states) else "normal"
            plan.license_state = state if self._license_eligible(plan, state) else "normal"
            u = rng.random()
            if u < mix.points_full_rate:
                plan.points_state = "points_12"
            elif u < mix.points_full_rate + mix.points_nine_rate:
                plan.points_state = "points_9"
            elif u < mix.points_full_rate + mix.points_nine_rate + mix.points_some_rate:
                plan.points_state = "points_some"
            if not self._points_eligible(plan, plan.points_state):
                plan.points_state = None
        # Guarantee each state at least once per block.
        for state in ("renewal_window", "expired", "overdue", "probation", "c5"):
            if not any(p.license_state == state for p in plans):
                self._force(rng, plans, lambda p, s=state: self._license_eligible(p, s),
                            lambda p, s=state: setattr(p, "license_state", s))  # fmt: skip
        for state in ("points_9", "points_12"):
            if not any(p.points_state == state for p in plans):
                self._force(
                    rng, plans,
                    lambda p, s=state: (
                        p.points_state is None
                        and p.license_state == "normal"
                        and self._points_eligible(p, s)
                    ),
                    lambda p, s=state: setattr(p, "points_state", s),
                )  # fmt: skip
        if not any(p.licensed and p.age >= 70 for p in plans):

            def make_senior(p: _PersonPlan) -> None:
                p.licensed, p.license_state = True, "normal"

            self._force(rng, plans, lambda p: p.age >= 70 and not p.licensed, make_senior)

    @staticmethod
    def _force(rng, items, eligible, apply) -> None:
        candidates = [item for item in items if eligible(item)]
        if candidates:
            apply(rng.choice(candidates))

    @staticmethod
    def _license_eligible(plan: _PersonPlan, state: str) -> bool:
        if state == "normal":
            return plan.licensed and plan.age >= 18
        if not plan.licensed or plan.license_state not in (None, "normal") or plan.points_state:
            return False
        minimum = {"renewal_window": 25, "expired": 26, "overdue": 27, "probation": 18, "c5": 19}
        return minimum[state] <= plan.age < 75

    @staticmethod
    def _points_eligible(plan: _PersonPlan, state: str | None) -> bool:
        if state is None:
            return True
        if plan.license_state in ("expired", "overdue", "c5"):
            return False
        # 12 points in probation would cancel the class (162号 art. 80): keep them apart. People
        # under 20 are always in probation (first issued in the last year).
        return state != "points_12" or (plan.license_state != "probation" and plan.age >= 20)

    # -- vehicle states ------------------------------------------------------------------------

    def _assign_vehicle_states(self, rng: random.Random, plans: list[_VehiclePlan]) -> None:
        mix = self.mix
        thresholds = list(
            accumulate(
                (
                    mix.inspection_window_rate,
                    mix.inspection_overdue_rate,
                    mix.inspection_three_missed_rate,
                )
            )
        )
        states = ("window", "overdue", "three_missed")
        for plan in plans:
            index = bisect_right(thresholds, rng.random())
            if index < len(states) and self._vehicle_eligible(plan, states[index]):
                plan.state = states[index]
            elif (
                rng.random() < mix.scrap_within_year_rate
                and self._service_life(plan.kind) is not None
            ):
                plan.state = "scrap_within_year"
        for state in REQUIRED_VEHICLE_STATES:
            if not any(p.state == state for p in plans):
                self._force(
                    rng, plans,
                    lambda p, s=state: p.state == "normal" and self._vehicle_eligible(p, s),
                    lambda p, s=state: setattr(p, "state", s),
                )  # fmt: skip

    def _vehicle_eligible(self, plan: _VehiclePlan, state: str) -> bool:
        if state == "scrap_within_year":
            return self._service_life(plan.kind) is not None
        if state == "three_missed":
            # Needs a long enough history: 3 cycles after an expiry.
            return (self.as_of - plan.earliest).days > 9 * 365 and not plan.kind.school_bus_sign
        if state == "overdue":
            return (self.as_of - plan.earliest).days > 4 * 365
        return True
