"""The ``Generator``: configuration, and rows made block by block, in chunks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from jiaoguan.core import clock
from jiaoguan.demo import names

from .dates import LATEST_BIRTH_YEAR
from .kinds import _PERSON_KINDS, KINDS, OrgKind
from .licenses import LicensesMixin
from .numbering import _SPACE_SIZES, _VIN_ALPHABET, IdentifiersMixin, Permutation
from .people import PeopleMixin
from .regions import PROVINCES, province_regions
from .rows import Batch, Counters
from .states import DEFAULT_MIX, Mix, StatesMixin
from .vehicles import VehiclesMixin


class Generator(IdentifiersMixin, PeopleMixin, StatesMixin, LicensesMixin, VehiclesMixin):
    """Generates a jurisdiction of ``province`` as of ``as_of``; see the package docstring."""

    def __init__(
        self,
        *,
        seed: int = 2026,
        province: str = "苏",
        as_of: date | None = None,
        mix: Mix = DEFAULT_MIX,
    ) -> None:
        if province not in PROVINCES:
            raise ValueError(f"unknown province abbreviation {province!r}")
        self.seed = seed
        self.province = PROVINCES[province]
        self.as_of = as_of or clock.today()
        if self.as_of < date(LATEST_BIRTH_YEAR + 1, 1, 1):
            raise ValueError(f"as_of must be in {LATEST_BIRTH_YEAR + 1} or later")
        self.mix = mix
        capital, others = province_regions(province)
        self.capital_regions = capital
        self.regions = capital + others
        self._build_id_slots(capital, others)
        code = self.province.code
        self._vin_perm = Permutation(len(_VIN_ALPHABET) * 10**6, "vin")
        self._archive_perm = Permutation(10**8, f"archive:{code}")
        self._org_perm = Permutation(10**8, f"org:{code}")
        self._plate_perms = {
            space: Permutation(size, f"plate:{code}:{space}")
            for space, size in _SPACE_SIZES.items()
        }
        self._surnames = [s for s, _ in names.SURNAMES]
        self._surname_cum = list(accumulate(w for _, w in names.SURNAMES))
        self._person_kinds = [KINDS[k] for k, _ in _PERSON_KINDS]
        self._person_kind_cum = list(accumulate(w for _, w in _PERSON_KINDS))
        self._schedule_cache: dict[tuple, tuple[date, ...]] = {}
        self._service_lives: dict[str, int | None] = {}
        self._org_kinds: dict[int, OrgKind] = {}
        self.prefecture = self.province.capital_prefecture
        self.issuing_authority = self.province.vehicle_office

    # -- public API ----------------------------------------------------------------------------

    def batches(
        self, persons: int, *, start: Counters | None = None, chunk_size: int = 20_000
    ) -> Iterator[tuple[Batch, Counters]]:
        """Rows for ``persons`` people, in chunks; yields (batch, counters after the batch).

        A chunk holds whole blocks of ``mix.block_size`` people (``chunk_size`` is rounded up),
        so the rows do not depend on the chunk size.
        """
        counters = (start or Counters()).copy()
        block_size = self.mix.block_size
        blocks_per_chunk = max(1, -(-chunk_size // block_size))
        done = 0
        while done < persons:
            batch = Batch()
            for _ in range(blocks_per_chunk):
                if done >= persons:
                    break
                size = min(block_size, persons - done)
                self._block(size, counters, batch)
                done += size
            yield batch, counters.copy()

    def generate(self, persons: int, *, start: Counters | None = None) -> Batch:
        """All rows for ``persons`` people in one batch (tests, small demos)."""
        result = Batch()
        for batch, _ in self.batches(persons, start=start, chunk_size=persons or 1):
            result.extend(batch)
        return result

    # -- one block -----------------------------------------------------------------------------

    def _block(self, size: int, counters: Counters, batch: Batch) -> None:
        first_id = counters.next_id["persons"]
        rng = random.Random(f"jiaoguan-demo:{self.seed}:{self.province.code}:{first_id}")
        plans = [self._person(rng, counters.take("persons")) for _ in range(size)]
        batch.persons.extend(p.row for p in plans)
        self._assign_license_states(rng, plans)
        orgs = self._organizations(rng, size, counters)
        batch.organizations.extend(orgs)
        vehicle_plans = self._vehicle_plans(rng, plans, orgs)
        self._assign_vehicle_states(rng, vehicle_plans)
        for plan in plans:
            if plan.licensed:
                self._license(rng, plan, counters, batch)
        for vplan in vehicle_plans:
            batch.vehicles.append(self._vehicle(rng, vplan, counters))
