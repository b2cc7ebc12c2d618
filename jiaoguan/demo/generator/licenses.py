"""Driving licenses: issue and validity dates, classes, points and medical certificates."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jiaoguan.drivers.rules import Validity, cycle_bounds, cycle_index

from .dates import _age, _aware, _years
from .people import _PersonPlan
from .regions import Province
from .rows import Batch, Counters, GrantRow, LicenseRow, MedicalRow, PointsRow
from .states import Mix

_OFFENSES = (
    (6, "驾驶机动车违反道路交通信号灯通行"),
    (6, "驾驶机动车在高速公路应急车道内行驶"),
    (3, "驾驶机动车行经人行横道，不按规定减速、停车、避让行人"),
    (3, "驾驶机动车时拨打、接听手持电话"),
    (3, "驾驶机动车在普通道路上超过规定时速20%以上未达到50%"),
    (3, "驾驶机动车不按规定超车、让行"),
    (1, "驾驶机动车违反禁令标志指示"),
    (1, "驾驶机动车违反禁止标线指示"),
    (1, "驾驶机动车不按规定使用灯光"),
    (1, "驾驶人未按规定使用安全带"),
)
_OFFENSES_BY_POINTS = {p: tuple(d for q, d in _OFFENSES if q == p) for p in (1, 3, 6)}
# Point combinations for a cycle total.
_POINT_SETS = {
    1: (1,), 2: (1, 1), 3: (3,), 4: (3, 1), 5: (3, 1, 1), 6: (6,), 7: (6, 1), 8: (6, 1, 1),
    9: (6, 3), 12: (6, 6),
}  # fmt: skip


class LicensesMixin:
    """The license rows of a ``Generator``'s licensed people."""

    province: Province
    as_of: date
    mix: Mix
    issuing_authority: str

    if TYPE_CHECKING:  # from IdentifiersMixin, beside this one in ``Generator``

        def archive_number(self, license_id: int) -> str: ...

    def _license(
        self, rng: random.Random, plan: _PersonPlan, counters: Counters, batch: Batch
    ) -> None:
        person, as_of = plan.row, self.as_of
        birth = person.birth_date
        adult = _years(birth, 18)
        state = plan.license_state or "normal"
        classes = self._license_classes(rng, plan, state)
        # First issue date, and the validity chain: 6 years, then 10, then long-term; a renewal
        # starts on the old expiry date.
        if state in ("renewal_window", "expired", "overdue"):
            first, renewals = self._first_issue_for_expiry(rng, plan, state)
        else:
            renewals = None
            if state == "probation" or as_of - adult < timedelta(days=400):
                lo = max(adult, as_of - timedelta(days=360))
                first = lo + timedelta(days=rng.randint(0, max(0, (as_of - lo).days - 3)))
            else:
                age_at_first = 18 + min(int(rng.expovariate(1 / 7)), 45)
                first = _years(birth, age_at_first) + timedelta(days=rng.randint(0, 364))
                first = max(first, date(1985, 1, 1) + timedelta(days=rng.randint(0, 3000)))
                latest = as_of - timedelta(days=400)
                if first > latest:
                    lo = max(adult, _years(as_of, -8))
                    first = lo + timedelta(days=rng.randint(0, max(0, (latest - lo).days)))
            first = max(first, adult)
        # Same dates as drivers.rules.valid_until (a test checks it), computed cheaply.
        end6 = _years(first, 6)
        end16 = _years(end6, 10)
        if renewals is None:  # renewed in time whenever due
            renewals = 0 if as_of <= end6 else 1 if as_of <= end16 else 2
        valid_from, validity = (
            (first, Validity.SIX_YEARS), (end6, Validity.TEN_YEARS), (end16, Validity.LONG_TERM)
        )[renewals]  # fmt: skip
        license_id = counters.take("licenses")
        archive = self.archive_number(license_id)
        batch.licenses.append(
            LicenseRow(
                license_id, person.id, archive, first, valid_from, validity.value, "valid",
                self.issuing_authority, False,
            )
        )  # fmt: skip
        for license_class, obtained in self._class_dates(rng, plan, classes, first):
            batch.grants.append(
                GrantRow(counters.take("grants"), license_id, license_class, obtained)
            )
        if plan.points_state:
            self._points(rng, plan, license_id, first, counters, batch)
        if plan.age >= 70 or "C5" in classes:
            self._medical(rng, plan, first, classes, counters, batch)

    def _first_issue_for_expiry(
        self, rng: random.Random, plan: _PersonPlan, state: str
    ) -> tuple[date, int]:
        """(first issue, renewals so far) so that the current validity ends in the state's range.

        The expiry is that of the first 6-year license, or of the 10-year license after one
        renewal when the holder is old enough.
        """
        as_of = self.as_of
        if state == "renewal_window":
            expiry = as_of + timedelta(days=rng.randint(1, 88))
        elif state == "expired":
            expiry = as_of - timedelta(days=rng.randint(2, 320))
        else:
            expiry = as_of - timedelta(days=rng.randint(380, 700))
        adult = _years(plan.row.birth_date, 18)
        options = [
            renewals for renewals, years in ((0, 6), (1, 16)) if _years(expiry, -years) >= adult
        ]
        renewals = rng.choice(options) if options else 0
        return _years(expiry, -(6, 16)[renewals]), renewals

    def _license_classes(self, rng: random.Random, plan: _PersonPlan, state: str) -> list[str]:
        age, male = plan.age, plan.row.gender == "male"
        if state == "c5":
            return ["C5"]
        u = rng.random()
        if state == "normal" and male and 28 <= age <= 62 and u < 0.10:
            return ["A2"] if rng.random() < 0.35 else ["B2"]
        if state == "normal" and u < 0.13 and age < 70:
            return ["D"] if rng.random() < 0.1 else ["E"]
        young_woman = not male and plan.row.birth_date.year >= 1980
        classes = ["C2" if rng.random() < (0.3 if young_woman else 0.08) else "C1"]
        if age < 70 and rng.random() < (0.08 if male else 0.02) and state == "normal":
            classes.append("E")
        return classes

    def _class_dates(
        self, rng: random.Random, plan: _PersonPlan, classes: list[str], first: date
    ) -> list[tuple[str, date]]:
        """Printed classes with the date each was obtained; upgrades at least 13 months ago."""
        birth, latest = plan.row.birth_date, self.as_of - timedelta(days=400)
        result = []
        for position, license_class in enumerate(classes):
            if position == 0 and license_class not in ("B2", "A2"):
                result.append((license_class, first))
                continue
            if license_class in ("B2", "A2"):
                # C1 first, then B2 (age 21+), then A2 (2+ years later, age 24+).
                lo = max(
                    first + timedelta(days=730), _years(birth, 21 if license_class == "B2" else 24)
                )
                if license_class == "A2":
                    lo = max(lo, first + timedelta(days=4 * 365))
                if lo > latest:
                    result.append(("C1", first))
                    continue
                obtained = lo + timedelta(days=rng.randint(0, (latest - lo).days))
                result.append((license_class, obtained))
                continue
            # A motorcycle class added later (may be recent: motorcycle probation).
            lo = first + timedelta(days=30)
            if lo >= self.as_of:
                continue
            obtained = lo + timedelta(days=rng.randint(0, (self.as_of - lo).days))
            result.append((license_class, obtained))
        return result

    def _points(
        self, rng: random.Random, plan: _PersonPlan, license_id: int, first: date,
        counters: Counters, batch: Batch,
    ) -> None:  # fmt: skip
        as_of = self.as_of
        cycle_start, _ = cycle_bounds(first, cycle_index(first, as_of))
        total = {"points_9": 9, "points_12": 12}.get(plan.points_state or "", 0)
        if not total:
            total = rng.choice((1, 1, 1, 2, 3, 3, 3, 4, 6, 6, 7))
        span = max(0, (as_of - cycle_start).days - 1)
        for points in _POINT_SETS[total]:
            recorded = cycle_start + timedelta(days=rng.randint(0, span))
            recent = (as_of - recorded).days < 15
            batch.points.append(
                PointsRow(
                    counters.take("points"), license_id, points, recorded,
                    rng.choice(_OFFENSES_BY_POINTS[points]), not (recent and rng.random() < 0.5),
                )
            )  # fmt: skip

    def _medical(
        self, rng: random.Random, plan: _PersonPlan, first: date, classes: list[str],
        counters: Counters, batch: Batch,
    ) -> None:  # fmt: skip
        """Certificates for the last cycles that owed one (70+ yearly, C5 every third cycle)."""
        as_of, birth = self.as_of, plan.row.birth_date
        current = cycle_index(first, as_of)
        owed: list[date] = []
        for index in range(current - 1, max(-1, current - 4), -1):
            _, cycle_end = cycle_bounds(first, index)
            senior = _age(birth, cycle_end) >= (70 if cycle_end >= date(2022, 4, 1) else 60)
            c5 = "C5" in classes and index % 3 == 2
            if senior or c5:
                owed.append(cycle_end)
            if len(owed) == 2:
                break
        if "C5" in classes and not owed:
            owed.append(first)  # the certificate that came with the application
        city = self.province.capital
        for position, cycle_end in enumerate(owed):
            if position == 0 and rng.random() < self.mix.senior_medical_missing_rate:
                continue
            issued = cycle_end - timedelta(days=rng.randint(0, 50))
            if issued > as_of:
                continue
            submitted = min(as_of, issued + timedelta(days=rng.randint(0, 20)))
            institution = (
                f"{self.province.name}人民医院" if "C5" in classes
                else f"{city}第{rng.randint(1, 3)}人民医院"
            )  # fmt: skip
            batch.medical.append(
                MedicalRow(
                    counters.take("medical"), plan.row.id, issued, institution, True,
                    _aware(submitted, rng.randint(9, 16), rng.randint(0, 59)),
                    designated_hospital="C5" in classes,
                )
            )  # fmt: skip
