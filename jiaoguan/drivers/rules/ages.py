"""Ages and age limits (DOMAIN.md §3.3, §3.7 ground 10; 162号 arts. 14, 65, 79 and 172号).

Age counting. ``age_on`` counts completed years (周岁). The birthday itself counts: a person is
18 on their 18th birthday. A Feb 29 birthday is reached on Feb 28 in common years: the year is
complete on the "corresponding day", and where that day does not exist the last day of the month
is used (民法典 art. 201), the same relativedelta convention as validity and cycles. The
criminal-law convention (an age is reached the day after the birthday) is not used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import ONE_DAY, add_days, add_years, completed_years

from .basis import Basis
from .classes import LARGE_CLASSES, LicenseClass, sort_classes
from .parameters import (
    AGE_EXCHANGE_DAYS,
    AGE_LARGE_CLASS_172,
    AGE_LARGE_CLASS_BEFORE_172,
    AGE_SENIOR,
    DEFAULT_PARAMETERS,
    ORDER_162_ON,
    ORDER_172_ON,
    REFORM_2020_ON,
    LicenseParameters,
)

C = LicenseClass


def age_on(birth_date: date, on: date) -> int:
    """Completed years (周岁) on ``on``; Feb 29 birthdays count on Feb 28 in common years."""
    return completed_years(birth_date, on)


def birthday(birth_date: date, age: int) -> date:
    """The day a person reaches ``age`` (Feb 28 in a common year for a Feb 29 birth)."""
    return add_years(birth_date, age)


# ---------------------------------------------------------------------------------------------
# Application age limits by era (§3.3 table)


class AgeLimitEra(StrEnum):
    ORDER_123 = "123_139"  # before 2020-11-20 (123号/139号)
    REFORM_2020 = "2020_reform"  # 2020-11-20 .. 2024-12-31 (codified in 162号 from 2022-04-01)
    ORDER_172 = "172"  # from 2025-01-01


_ERA_BASIS = {
    AgeLimitEra.ORDER_123: Basis.AGE_LIMIT_ERA_123,
    AgeLimitEra.REFORM_2020: Basis.AGE_LIMIT_ERA_2020,
    AgeLimitEra.ORDER_172: Basis.AGE_LIMIT_ERA_172,
}


def _table(rows: dict[str, tuple[int, int | None]]) -> dict[LicenseClass, tuple[int, int | None]]:
    return {C(code): limits for codes, limits in rows.items() for code in codes.split()}


_LIMITS: dict[AgeLimitEra, dict[LicenseClass, tuple[int, int | None]]] = {
    # Dates before 2013-01-01 also use this column: earlier orders are out of scope.
    AgeLimitEra.ORDER_123: _table(
        {
            "C1 C2 C5 F": (18, 70),
            "D E C3 C4 M": (18, 60),
            "A3 B2 N P": (20, 50),  # some sources say 21; DOMAIN.md's first figure is used
            "B1": (21, 50),
            "A2": (24, 50),
            "A1": (26, 50),
        }
    ),
    AgeLimitEra.REFORM_2020: _table(
        {
            "C1 C2 C5 F": (18, None),
            "D E C3 C4 M": (18, 60),
            "C6": (20, 60),
            "A3 B2 N P B1": (20, 60),
            "A2 A1": (22, 60),
        }
    ),
    AgeLimitEra.ORDER_172: _table(
        {
            "C1 C2 C5 F": (18, None),
            "D E": (18, 70),
            "C3 C4 M": (18, 63),
            "C6": (20, 70),
            "A3 B2 N P B1": (20, 63),
            "A2 A1": (22, 63),
        }
    ),
}
# Full-time vocational driving students applying for A1 or A2 (139号 onwards).
_VOCATIONAL_LIMITS: dict[AgeLimitEra, tuple[int, int | None]] = {
    AgeLimitEra.ORDER_123: (20, 50),
    AgeLimitEra.REFORM_2020: (19, 60),
    AgeLimitEra.ORDER_172: (19, 63),
}


def age_limit_era(on: date) -> AgeLimitEra:
    """The age-limit era in force on ``on``: cut-overs 2020-11-20 and 2025-01-01."""
    if on >= ORDER_172_ON:
        return AgeLimitEra.ORDER_172
    if on >= REFORM_2020_ON:
        return AgeLimitEra.REFORM_2020
    return AgeLimitEra.ORDER_123


@dataclass(frozen=True, slots=True)
class AgeLimit:
    """Application age limits: ``minimum`` ≤ age, and age ≤ ``maximum`` when one applies.

    Both bounds include the number itself (162号 art. 110: 以上/以下 include it), so a maximum of
    60 admits an applicant aged 60 until the day before the 61st birthday.
    """

    license_class: LicenseClass
    minimum: int
    maximum: int | None
    era: AgeLimitEra
    basis: Basis

    def admits(self, age: int) -> bool:
        return age >= self.minimum and (self.maximum is None or age <= self.maximum)


def age_limit_rule(
    license_class: LicenseClass, on: date, *, vocational_student: bool = False
) -> AgeLimit:
    """Application age limits for ``license_class`` on ``on``, with era and basis.

    ``vocational_student`` applies the full-time vocational student limits, which exist for A1 and
    A2 only (it is ignored for other classes). Raises ``ValueError`` for C6 before 2022-04-01,
    when the class did not exist.
    """
    cls = C(license_class)
    if cls is C.C6 and on < ORDER_162_ON:
        raise ValueError(f"class C6 exists from {ORDER_162_ON.isoformat()}, not on {on}")
    era = age_limit_era(on)
    if vocational_student and cls in (C.A1, C.A2):
        minimum, maximum = _VOCATIONAL_LIMITS[era]
    else:
        minimum, maximum = _LIMITS[era][cls]
    return AgeLimit(cls, minimum, maximum, era, _ERA_BASIS[era])


def age_limits(
    license_class: LicenseClass, on: date, *, vocational_student: bool = False
) -> tuple[int, int | None]:
    """(minimum, maximum or None) application age for ``license_class`` in the era of ``on``."""
    rule = age_limit_rule(license_class, on, vocational_student=vocational_student)
    return rule.minimum, rule.maximum


def age_within_limits(
    birth_date: date, license_class: LicenseClass, on: date, *, vocational_student: bool = False
) -> bool:
    """Whether a person born on ``birth_date`` may apply for ``license_class`` on ``on``."""
    rule = age_limit_rule(license_class, on, vocational_student=vocational_student)
    return rule.admits(age_on(birth_date, on))


# ---------------------------------------------------------------------------------------------
# Upper-age downgrades (§3.3) and age cancellation (§3.7 ground 10)


class AgeLimitActionKind(StrEnum):
    EXCHANGE = "exchange"  # exchange the class for one of exchange_options within 30 days
    NOT_ALLOWED = "not_allowed"  # the class may no longer be driven; removed on the exchange
    CANCEL_LICENSE = "cancel_license"  # no class would remain: the license is cancelled


@dataclass(frozen=True, slots=True)
class AgeLimitAction:
    """What an upper age limit requires for one class of a license.

    ``applies_from`` is the birthday the limit is reached (or the day after an approved over-63
    extension ends). ``exchange_deadline`` is ``applies_from`` + 30 natural days; the office's
    notice starts the legal 30 days, so this is the earliest possible deadline. ``may_keep`` lists
    classes the holder may keep besides the exchange class (C6 for A2 holders under 70). For
    CANCEL_LICENSE every class of the license carries the action and there is no deadline.
    """

    license_class: LicenseClass
    action: AgeLimitActionKind
    exchange_options: tuple[LicenseClass, ...]
    may_keep: tuple[LicenseClass, ...]
    applies_from: date
    exchange_deadline: date | None
    basis: Basis


_Classes = tuple[LicenseClass, ...]
_SPECIAL_CLASSES = frozenset({C.M, C.N, C.P})
_SENIOR_NOT_ALLOWED = frozenset({C.C3, C.C4})


def large_class_age(on: date) -> int:
    """Age from which A1, A2, A3, B1, B2, M, N, P may not be driven: 63 from 2025, 60 before."""
    return AGE_LARGE_CLASS_172 if on >= ORDER_172_ON else AGE_LARGE_CLASS_BEFORE_172


def extension_application_window(birth_date: date) -> tuple[date, date]:
    """(first, last day) to apply to keep large classes past 63: the year before turning 63.

    172号 art. 65 (draft wording, §13.3): from the 62nd birthday to the day before the 63rd.
    """
    return birthday(birth_date, AGE_LARGE_CLASS_172 - 1), (
        birthday(birth_date, AGE_LARGE_CLASS_172) - ONE_DAY
    )


def age_limit_actions(
    birth_date: date,
    classes: Iterable[LicenseClass],
    as_of: date,
    *,
    large_class_extension_until: date | None = None,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> tuple[AgeLimitAction, ...]:
    """Upper-age actions in force on ``as_of`` for a license listing ``classes``, in art. 11 order.

    - From 63 (60 before 2025-01-01): A1, A2, A3, B1, B2 exchange for C1 or C2 (A2 may also keep
      C6); M, N, P are not allowed.
    - From 70: C3, C4 not allowed; D, E exchange for F; C6 exchanges for C1 or C2.
    - A license left with no class at all (only M/N/P past 63, only C3/C4 past 70, or a mix of
      the two) is cancelled (art. 79(10)); the mixed case is this module's reading.

    ``large_class_extension_until``: last day of an approved over-63 extension (172号). It defers
    the 63 actions (large classes and M/N/P) to the day after. It is ignored before 2025-01-01,
    when no extension existed; it may not run past the 63rd birthday + 3 years - 1 day
    (``ValueError``).
    """
    held = sort_classes(C(cls) for cls in classes)
    era_172 = as_of >= ORDER_172_ON
    large_from = birthday(birth_date, large_class_age(as_of))
    if era_172 and large_class_extension_until is not None:
        longest_age = AGE_LARGE_CLASS_172 + params.large_class_extension_max_years
        longest = birthday(birth_date, longest_age) - ONE_DAY
        if large_class_extension_until > longest:
            raise ValueError(
                f"an over-63 extension runs at most {params.large_class_extension_max_years} "
                f"years, to {longest.isoformat()}"
            )
        large_from = max(large_from, large_class_extension_until + ONE_DAY)
    senior_from = birthday(birth_date, AGE_SENIOR)
    large_due = as_of >= large_from
    senior_due = as_of >= senior_from
    large_basis = (
        Basis.AGE_LARGE_CLASS_EXCHANGE_63 if era_172 else Basis.AGE_LARGE_CLASS_EXCHANGE_60
    )
    special_basis = (
        Basis.AGE_SPECIAL_CLASS_NOT_ALLOWED_63
        if era_172
        else Basis.AGE_SPECIAL_CLASS_NOT_ALLOWED_60
    )
    exchange, not_allowed = AgeLimitActionKind.EXCHANGE, AgeLimitActionKind.NOT_ALLOWED
    small_cars = (C.C1, C.C2)

    actions: list[AgeLimitAction] = []
    for cls in held:
        # (action, exchange options, may keep, applies from, basis)
        rule: tuple[AgeLimitActionKind, _Classes, _Classes, date, Basis] | None = None
        if large_due and cls in LARGE_CLASSES:
            keep: _Classes = (C.C6,) if cls is C.A2 and not senior_due else ()
            rule = (exchange, small_cars, keep, large_from, large_basis)
        elif large_due and cls in _SPECIAL_CLASSES:
            rule = (not_allowed, (), (), large_from, special_basis)
        elif senior_due and cls in _SENIOR_NOT_ALLOWED:
            rule = (not_allowed, (), (), senior_from, Basis.AGE_C3_C4_NOT_ALLOWED_70)
        elif senior_due and cls in (C.D, C.E):
            rule = (exchange, (C.F,), (), senior_from, Basis.AGE_MOTORCYCLE_EXCHANGE_70)
        elif senior_due and cls is C.C6:
            rule = (exchange, small_cars, (), senior_from, Basis.AGE_C6_EXCHANGE_70)
        if rule is not None:
            kind, options, keep, applies_from, basis = rule
            deadline = add_days(applies_from, AGE_EXCHANGE_DAYS)
            actions.append(AgeLimitAction(cls, kind, options, keep, applies_from, deadline, basis))

    nothing_left = bool(held) and len(actions) == len(held)
    if nothing_left and all(a.action is not_allowed for a in actions):
        if set(held) <= _SPECIAL_CLASSES:
            basis = Basis.AGE_CANCEL_ONLY_M_N_P_63 if era_172 else Basis.AGE_CANCEL_ONLY_M_N_P_60
        elif set(held) <= _SENIOR_NOT_ALLOWED:
            basis = Basis.AGE_CANCEL_ONLY_C3_C4_70
        else:
            basis = Basis.AGE_CANCEL_NO_CLASS_LEFT
        # The license has no class left from the day its last class lapsed.
        cancel_from = max(a.applies_from for a in actions)
        return tuple(
            replace(
                a,
                action=AgeLimitActionKind.CANCEL_LICENSE,
                applies_from=cancel_from,
                exchange_deadline=None,
                basis=basis,
            )
            for a in actions
        )
    return tuple(actions)
