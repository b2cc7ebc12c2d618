"""People (identity, name, address) and organizations of a block."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jiaoguan.demo import names

from .dates import _age, _aware
from .kinds import _ORG_WORDS, ORG_KINDS, OrgKind
from .regions import Province, Region
from .rows import Counters, OrganizationRow, PersonRow
from .states import Mix


@dataclass
class _PersonPlan:
    row: PersonRow
    age: int
    license_state: str | None = None  # normal, renewal_window, expired, overdue, probation, c5
    points_state: str | None = None  # points_some, points_9, points_12
    licensed: bool = False


class PeopleMixin:
    """People and organizations of a ``Generator``."""

    province: Province
    as_of: date
    mix: Mix
    capital_regions: tuple[Region, ...]
    _surnames: list[str]
    _surname_cum: list[float]
    _org_kinds: dict[int, OrgKind]

    if TYPE_CHECKING:  # from IdentifiersMixin, beside this one in ``Generator``

        def identity(self, person_id: int) -> tuple[str, Region, date, str]: ...
        def credit_code(self, organization_id: int, region_code: str) -> str: ...

    def _person(self, rng: random.Random, person_id: int) -> _PersonPlan:
        number, region, birth, gender = self.identity(person_id)
        name = self._name(rng, gender, birth.year)
        address = self._address(rng, region)
        row = PersonRow(person_id, number, name, gender, birth, region.code, address)
        return _PersonPlan(row, _age(birth, self.as_of))

    def _name(self, rng: random.Random, gender: str, year: int) -> str:
        surname = self._surnames[
            bisect_right(self._surname_cum, rng.random() * self._surname_cum[-1])
        ]
        male = gender == "male"
        if year < 1965 and rng.random() < 0.15:
            return surname + rng.choice(
                names.OLDER_MALE_NAMES if male else names.OLDER_FEMALE_NAMES
            )
        pool = names.MALE_CHARACTERS if male else names.FEMALE_CHARACTERS
        if year >= 2000 and rng.random() < 0.4:
            pool = names.MODERN_CHARACTERS
        given = rng.choice(pool)
        if rng.random() < 0.75:
            given += rng.choice(pool)
        return surname + given

    def _address(self, rng: random.Random, region: Region) -> str:
        prefix = (
            self.province.name
            if self.province.is_municipality
            else self.province.name + region.city
        )
        return (
            f"{prefix}{region.district}{rng.choice(names.STREET_NAMES)}{rng.randint(1, 399)}号"
            f"{rng.choice(names.COMPOUND_NAMES)}{rng.randint(1, 30)}栋{rng.randint(1, 3)}单元"
            f"{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
        )

    # -- organizations -------------------------------------------------------------------------

    def _organizations(
        self, rng: random.Random, size: int, counters: Counters
    ) -> list[OrganizationRow]:
        count = round(size * self.mix.organization_rate)
        if count == 0 and rng.random() < size * self.mix.organization_rate:
            count = 1
        kinds = list(ORG_KINDS)
        chosen = ["taxi", *(rng.choice(kinds) for _ in range(count - 1))][:count]
        rows = []
        for org_kind_name in chosen:
            org_kind = ORG_KINDS[org_kind_name]
            org_id = counters.take("organizations")
            region = rng.choice(self.capital_regions)
            credit = self.credit_code(org_id, region.code)
            city = self.province.capital.removesuffix("市")
            name = f"{city}{rng.choice(_ORG_WORDS)}{org_kind.suffix}"
            registered = self.as_of - timedelta(days=rng.randint(3 * 365, 25 * 365))
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            rows.append(
                OrganizationRow(
                    org_id, name, credit, org_kind.kind, region.code, phone, True,
                    _aware(registered, 10),
                )
            )  # fmt: skip
            self._org_kinds[org_id] = org_kind
        return rows
