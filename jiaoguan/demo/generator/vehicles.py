"""Vehicles: owners, registration and manufacture dates, inspection validity, plates."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jiaoguan.core.dates import month_end
from jiaoguan.vehicles.rules import (
    VehicleProfile,
    inspection_schedule,
    missed_cycles,
    scrap_due,
    uninspected_scrap_on,
)

from .dates import EARLIEST_REGISTRATION, _years
from .kinds import _BUS_NEV_BRANDS, _NEV_BRANDS, KINDS, Kind, OrgKind
from .people import _PersonPlan
from .rows import Counters, OrganizationRow, VehicleRow
from .states import Mix


@dataclass
class _VehiclePlan:
    kind: Kind
    owner_person_id: int | None
    owner_organization_id: int | None
    state: str = "normal"  # normal, window, overdue, three_missed, scrap_within_year
    earliest: date = EARLIEST_REGISTRATION


class VehiclesMixin:
    """The vehicles of a ``Generator``: owned by people and organizations, or made to order."""

    as_of: date
    mix: Mix
    _person_kinds: list[Kind]
    _person_kind_cum: list[float]
    _schedule_cache: dict[tuple, tuple[date, ...]]
    _service_lives: dict[str, int | None]
    _org_kinds: dict[int, OrgKind]

    if TYPE_CHECKING:  # from IdentifiersMixin, beside this one in ``Generator``

        def _plate(self, plate_type: str, energy: str | None, counters: Counters) -> str: ...
        def _vin(self, rng: random.Random, wmi: str, year: int, vehicle_id: int) -> str: ...

    def vehicle(
        self,
        rng: random.Random,
        kind: str,
        counters: Counters,
        *,
        owner_person_id: int | None = None,
        owner_organization_id: int | None = None,
        state: str = "normal",
        earliest: date = EARLIEST_REGISTRATION,
        nev: bool | None = None,
    ) -> VehicleRow:
        """One vehicle of ``kind`` (a ``KINDS`` key) in ``state`` (see ``_VehiclePlan``).

        ``nev`` forces (True) or forbids (False) a new-energy plate where the kind allows one.
        """
        plan = _VehiclePlan(KINDS[kind], owner_person_id, owner_organization_id, state, earliest)
        return self._vehicle(rng, plan, counters, nev=nev)

    # -- vehicles ------------------------------------------------------------------------------

    def _vehicle_plans(
        self, rng: random.Random, plans: list[_PersonPlan], orgs: list[OrganizationRow]
    ) -> list[_VehiclePlan]:
        mix = self.mix
        result: list[_VehiclePlan] = []
        # Owners: licensed people more often; at least 18 at registration.
        licensed_share = sum(p.licensed for p in plans) / max(1, len(plans))
        adult_share = sum(p.age >= 18 for p in plans) / max(1, len(plans))
        target = mix.vehicle_owner_rate / max(adult_share, 1e-9)
        # p_licensed = 2.5 * p_unlicensed, solved so the adult owner share meets the target.
        lic = licensed_share / max(adult_share, 1e-9)
        p_unlicensed = min(1.0, target / (2.5 * lic + (1 - lic)))
        p_licensed = min(1.0, 2.5 * p_unlicensed)
        for plan in plans:
            if plan.age < 19:
                continue
            if rng.random() >= (p_licensed if plan.licensed else p_unlicensed):
                continue
            count = 2 if rng.random() < mix.second_vehicle_rate else 1
            earliest = max(EARLIEST_REGISTRATION, _years(plan.row.birth_date, 18))
            for _ in range(count):
                u = rng.random() * self._person_kind_cum[-1]
                kind = self._person_kinds[bisect_right(self._person_kind_cum, u)]
                result.append(_VehiclePlan(kind, plan.row.id, None, earliest=earliest))
        for org in orgs:
            org_kind = self._org_kinds.pop(org.id)
            earliest = max(EARLIEST_REGISTRATION, org.registered_at.date())
            for kind_name, low, high in org_kind.fleet:
                for _ in range(rng.randint(low, high)):
                    result.append(_VehiclePlan(KINDS[kind_name], None, org.id, earliest=earliest))
        return result

    def _service_life(self, kind: Kind) -> int | None:
        if kind.name not in self._service_lives:
            sample = date(2020, 1, 1)
            profile = VehicleProfile(
                kind.vehicle_type, kind.use, kind.seats[0], sample,
                school_bus_sign_on=sample if kind.school_bus_sign else None,
                use_converted=kind.use_converted,
            )  # fmt: skip
            self._service_lives[kind.name] = scrap_due(profile).service_life_years
        return self._service_lives[kind.name]

    def _dues(self, profile: VehicleProfile) -> tuple[date, ...]:
        """Schedule dues up to 3 years after as_of (cached by registration month)."""
        manufactured = profile.manufactured_on
        late = manufactured is not None and profile.registered_on > _years(manufactured, 4)
        key = (
            profile.vehicle_type, profile.use, profile.seats, profile.registered_on.year,
            profile.registered_on.month, late, profile.illegally_modified,
            profile.injury_accident, profile.use_converted, profile.school_bus_sign_on,
        )  # fmt: skip
        dues = self._schedule_cache.get(key)
        if dues is None:
            horizon = _years(self.as_of, 3)
            found = []
            for due in inspection_schedule(profile):
                found.append(due.due_on)
                if due.due_on > horizon:
                    break
            dues = self._schedule_cache[key] = tuple(found)
        return dues

    def _vehicle(
        self, rng: random.Random, plan: _VehiclePlan, counters: Counters, nev: bool | None = None
    ) -> VehicleRow:
        kind = plan.kind
        life = self._service_life(kind)
        seats = rng.choice(kind.seats)
        flags = (rng.random() < 0.003, rng.random() < 0.005)  # illegally modified, injury accident
        state = plan.state
        chosen = None
        for attempt in range(60):
            if attempt == 40:
                state = "normal"  # give up on the forced state, keep the vehicle consistent
            profile = self._profile(rng, plan, state, life, seats, flags)
            if profile is None:
                continue
            valid = self._inspection_validity(rng, kind, profile, state)
            if valid is not None:
                chosen = profile, valid
                break
        if chosen is None:  # pragma: no cover - 20 plain attempts never all fail in practice
            raise RuntimeError(f"could not generate a consistent {kind.name}")
        profile, inspection_valid_until = chosen
        vehicle_id = counters.take("vehicles")
        energy = None
        plate_type = kind.plate_type
        registered = profile.registered_on
        if kind.nev_capable:
            share = self.mix.nev_rate * (
                0.1 if registered.year < 2016 else 0.75 if registered.year < 2020 else 1.75
            )
            if nev if nev is not None else rng.random() < share:
                energy, plate_type = ("D" if rng.random() < 0.7 else "F"), "52"
        elif kind.large_nev_share and registered.year >= 2015:
            wanted = nev if nev is not None else rng.random() < kind.large_nev_share
            energy, plate_type = (
                (("D" if rng.random() < 0.9 else "F"), "51") if wanted else (None, plate_type)
            )
        plate_number = self._plate(plate_type, energy, counters)
        brand = rng.choice(
            _NEV_BRANDS[energy]
            if plate_type == "52" and energy is not None
            else _BUS_NEV_BRANDS
            if plate_type == "51"
            else kind.brands
        )
        manufactured = profile.manufactured_on or registered
        vin = self._vin(rng, brand.wmi, manufactured.year, vehicle_id)
        suffix = f"{rng.randint(0, 99):02d}{rng.choice('ABCDEFGHJKLMNPRS')}"
        brand_model = f"{brand.label}{brand.model_prefix}{suffix}"
        status = (
            "mortgaged" if rng.random() < 0.05 else "seized" if rng.random() < 0.002 else "normal"
        )
        return VehicleRow(
            vehicle_id, vin, plate_number, plate_type, kind.vehicle_type, brand_model[:60],
            kind.use.value, seats, profile.manufactured_on, registered,
            plan.owner_person_id, plan.owner_organization_id,
            status, inspection_valid_until, profile.school_bus_sign_on,
            profile.illegally_modified, profile.injury_accident, profile.use_converted,
            self._uninspected_scrap_on(profile, inspection_valid_until),
        )  # fmt: skip

    def _uninspected_scrap_on(self, profile: VehicleProfile, valid_until: date) -> date | None:
        """``vehicles.rules.uninspected_scrap_on``, read from the cached schedule when it
        reaches far enough (the rule walks the schedule from registration)."""
        dues = self._dues(profile)
        third = bisect_right(dues, month_end(valid_until)) + 2
        if third < len(dues):
            return dues[third] + timedelta(days=1)
        try:
            return uninspected_scrap_on(profile, valid_until)
        except ValueError:  # pragma: no cover - the generator makes placeable profiles only
            return None

    def _profile(
        self, rng: random.Random, plan: _VehiclePlan, state: str, life: int | None,
        seats: int, flags: tuple[bool, bool],
    ) -> VehicleProfile | None:  # fmt: skip
        as_of, kind = self.as_of, plan.kind
        lo, hi = plan.earliest, as_of - timedelta(days=7)
        if state == "scrap_within_year" and life is not None:
            lo = max(lo, _years(as_of, -life) + timedelta(days=1))
            hi = min(hi, _years(as_of, -life) + timedelta(days=360))
        elif state == "three_missed":
            hi = min(hi, _years(as_of, -9))
        elif state == "overdue":
            hi = min(hi, _years(as_of, -3))
        if life is not None and state != "three_missed":
            # A vehicle past its service life would have been scrapped: keep within it.
            lo = max(lo, _years(as_of, -life) + timedelta(days=1))
        if lo > hi:
            return None
        span = (hi - lo).days
        # Recent registrations are more common (the fleet grew): bias towards hi.
        registered = lo + timedelta(days=int(span * rng.random() ** 0.6))
        u = rng.random()
        if u < 0.85:
            gap = rng.randint(10, 120)
        elif u < 0.95:
            gap = rng.randint(121, 700)
        elif u < 0.98:
            gap = rng.randint(731, 1400)  # more than 2 years: life counted from manufacture
        else:
            gap = rng.randint(1462, 1800)  # more than 4 years: no inspection exemption
        if state == "scrap_within_year":
            gap = rng.randint(10, 120)
        manufactured = registered - timedelta(days=gap)
        sign_on = None
        if kind.school_bus_sign:
            sign_on = registered + timedelta(
                days=rng.randint(0, max(0, (as_of - registered).days // 2))
            )
        return VehicleProfile(
            vehicle_type=kind.vehicle_type, use=kind.use, seats=seats, registered_on=registered,
            manufactured_on=manufactured, school_bus_sign_on=sign_on,
            illegally_modified=flags[0], injury_accident=flags[1],
            use_converted=kind.use_converted,
        )  # fmt: skip

    def _inspection_validity(
        self, rng: random.Random, kind: Kind, profile: VehicleProfile, state: str
    ) -> date | None:
        """The register's inspection validity for ``state``, or None if this profile can't."""
        as_of = self.as_of
        life = scrap_due(profile).scrap_on if self._service_life(kind) is not None else None
        if state == "scrap_within_year":
            if life is None or not as_of < life <= as_of + timedelta(days=365):
                return None
        elif life is not None and life <= as_of and state != "three_missed":
            return None
        dues = self._dues(profile)
        upcoming = next((i for i, due in enumerate(dues) if due >= as_of), None)
        if upcoming is None:  # pragma: no cover - the schedule runs past the horizon
            return None
        nxt = dues[upcoming]
        # The window: the due month and the 2 before it (school buses: the due month only),
        # as in vehicles.rules.inspection_window.
        before = 0 if profile.is_school_bus else 2
        months = nxt.year * 12 + nxt.month - 1 - before
        in_window = date(months // 12, months % 12 + 1, 1) <= as_of
        if state == "window":
            return nxt if in_window else None
        if state in ("normal", "scrap_within_year"):
            if in_window and rng.random() < 0.5:
                # Half of the owners in the window have already been inspected.
                return dues[upcoming + 1] if upcoming + 1 < len(dues) else nxt
            return nxt
        past = dues[:upcoming]
        if state == "overdue":
            for back in (rng.choice((1, 1, 1, 2)), 1):
                if len(past) >= back:
                    valid = past[-back]
                    if as_of > valid and missed_cycles(profile, valid, as_of).count < 3:
                        return valid
            return None
        # three_missed: the latest expiry with 3 complete missed cycles.
        for valid in reversed(past):
            if missed_cycles(profile, valid, as_of).count >= 3:
                return valid
        return None
