"""Review (审验) and medical-certificate duties (DOMAIN.md §3.6; 162号 arts. 72-74, 79, 85).

Periods are natural days after the last day of a scoring cycle: "within 30 days after the cycle
ends" makes cycle end + 30 days the last day. 162号 art. 110 makes only its 1/3/5-day periods
working days, so there is no holiday extension here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jiaoguan.core.dates import ONE_DAY, add_days, add_months

from .ages import age_on
from .basis import Basis
from .classes import LARGE_CLASSES, LicenseClass
from .cycles import cycle_index, cycle_span_at
from .parameters import (
    AGE_MEDICAL_BEFORE_162,
    AGE_SENIOR,
    DEFAULT_PARAMETERS,
    MEDICAL_CANCELLATION_MONTHS,
    MEDICAL_CERTIFICATE_VALID_MONTHS,
    ORDER_162_ON,
    LicenseParameters,
)

#: Minimum study hours at a review for large-class holders with points and the fatal-accident
#: case (art. 73).
REVIEW_STUDY_HOURS = 3


@dataclass(frozen=True, slots=True)
class ReviewDuty:
    """A 审验 the driver must attend for one cycle, between ``opens_on`` and ``due_on``.

    ``grounds`` lists every ground that applies (``basis`` is the first). ``study_hours`` is the
    minimum study (3 hours plus accident-case education, art. 73) or 0. ``cognitive_tests`` means
    memory, judgment and reaction tests (drivers 70 or over at the cycle end);
    ``medical_certificate`` that a medical certificate is submitted with it (school-bus
    drivers, art. 90).
    """

    cycle_start: date
    cycle_end: date
    opens_on: date
    due_on: date
    grounds: tuple[Basis, ...]
    study_hours: int
    cognitive_tests: bool
    basis: Basis
    medical_certificate: bool = False


def review_duty(
    *,
    classes: Iterable[LicenseClass],
    cycle_start: date,
    cycle_end: date,
    cycle_points: int,
    age_at_cycle_end: int,
    fatal_accident_responsibility: bool = False,
    serious_accident_responsibility: bool = False,
    school_bus_driver: bool = False,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> ReviewDuty | None:
    """The 审验 owed for the cycle ``cycle_start`` .. ``cycle_end``, or None (art. 72).

    - Large classes (A1, A2, A3, B1, B2): every cycle with points; exempt for a cycle with none.
    - Other licenses: equal-or-greater responsibility for a fatal accident in the cycle, license
      not revoked (``fatal_accident_responsibility``). Art. 72 states this ground for licenses
      without a large class; large-class holders are covered by the points ground.
    - Drivers 70 or over at the cycle end: responsibility for an accident causing serious injury
      or death (``serious_accident_responsibility``). They study only on another ground, but
      take the memory, judgment and reaction tests (art. 73 ¶3: ``cognitive_tests``).
    - School-bus drivers (``school_bus_driver``, 校车驾驶资格 held at the cycle's end): every
      cycle, points or not, with a medical certificate and at least 3 hours of study (art. 90;
      ``medical_certificate``).

    The review at renewal (arts. 63-64) is part of renewal, not of this function.
    """
    if cycle_end < cycle_start:
        raise ValueError("cycle_end is before cycle_start")
    if cycle_points < 0 or age_at_cycle_end < 0:
        raise ValueError("cycle_points and age_at_cycle_end must not be negative")
    has_large = any(LicenseClass(cls) in LARGE_CLASSES for cls in classes)
    grounds: list[Basis] = []
    if has_large and cycle_points > 0:
        grounds.append(Basis.REVIEW_LARGE_CLASS)
    if not has_large and fatal_accident_responsibility:
        grounds.append(Basis.REVIEW_FATAL_ACCIDENT)
    if age_at_cycle_end >= AGE_SENIOR and serious_accident_responsibility:
        grounds.append(Basis.REVIEW_AGE_70_ACCIDENT)
    if school_bus_driver:
        grounds.append(Basis.REVIEW_SCHOOL_BUS)
    if not grounds:
        return None
    study = {
        Basis.REVIEW_LARGE_CLASS,
        Basis.REVIEW_FATAL_ACCIDENT,
        Basis.REVIEW_SCHOOL_BUS,
    }.intersection(grounds)
    return ReviewDuty(
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        opens_on=cycle_end + ONE_DAY,
        due_on=add_days(cycle_end, params.review_days_after_cycle),
        grounds=tuple(grounds),
        study_hours=REVIEW_STUDY_HOURS if study else 0,
        cognitive_tests=age_at_cycle_end >= AGE_SENIOR,
        basis=grounds[0],
        medical_certificate=school_bus_driver,
    )


def accident_review_duty(
    *,
    classes: Iterable[LicenseClass],
    cycle_start: date,
    cycle_end: date,
    birth_date: date,
    fatal_accident_on: date | None,
    serious_accident_on: date | None,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> ReviewDuty | None:
    """The 审验 owed for a cycle on the accident grounds of art. 72, from the dates of the
    license's latest accidents, or None.

    ``fatal_accident_on``: the latest fatal accident in which the driver bore equal or greater
    responsibility; ``serious_accident_on``: the latest accident causing serious injury or death
    in which the driver bore responsibility (a fatal one counts for that ground too). An
    accident counts for the cycle that contains its day, first and last day included; the age
    ground needs 70 or over at the cycle's end. The points ground is ``review_duty``'s.
    """

    def in_cycle(day: date | None) -> bool:
        return day is not None and cycle_start <= day <= cycle_end

    fatal = in_cycle(fatal_accident_on)
    return review_duty(
        classes=classes,
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        cycle_points=0,
        age_at_cycle_end=max(age_on(birth_date, cycle_end), 0),
        fatal_accident_responsibility=fatal,
        serious_accident_responsibility=fatal or in_cycle(serious_accident_on),
        params=params,
    )


@dataclass(frozen=True, slots=True)
class MedicalDuty:
    """A medical certificate owed after cycle ``cycle_index`` ends.

    Due by ``due_on`` (cycle end + 30 days); from ``cancellation_on`` (the first day more than a
    year after the cycle end) not having submitted it is a cancellation ground (art. 79(9)).
    ``designated_hospital_required``: a C5 certificate must come from a hospital designated at
    provincial level (art. 85).
    """

    cycle_index: int
    cycle_start: date
    cycle_end: date
    due_on: date
    cancellation_on: date
    grounds: tuple[Basis, ...]
    designated_hospital_required: bool
    basis: Basis


def _senior_medical_basis(cycle_end: date) -> tuple[int, Basis]:
    # Before 162号 (2022-04-01) the yearly certificate started at 60 [S].
    if cycle_end >= ORDER_162_ON:
        return AGE_SENIOR, Basis.MEDICAL_AGE_70
    return AGE_MEDICAL_BEFORE_162, Basis.MEDICAL_AGE_60_BEFORE_2022


def medical_duty_for_cycle(
    *,
    birth_date: date,
    classes: Iterable[LicenseClass],
    first_issued_on: date,
    index: int,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> MedicalDuty | None:
    """The medical certificate owed for cycle ``index`` (0-based), or None (art. 74).

    - Age 70 or over on the cycle's last day (60 for cycles ending before 2022-04-01).
    - C5 holders: at the end of every third cycle counted from the first issue (indexes 2, 5,
      8, ...), whenever C5 was obtained.
    """
    span = cycle_span_at(first_issued_on, index)
    senior_age, senior_basis = _senior_medical_basis(span.ends_on)
    held = {LicenseClass(cls) for cls in classes}
    grounds: list[Basis] = []
    if age_on(birth_date, span.ends_on) >= senior_age:
        grounds.append(senior_basis)
    every = params.c5_medical_every_cycles
    c5_due = LicenseClass.C5 in held and index % every == every - 1
    if c5_due:
        grounds.append(Basis.MEDICAL_C5)
    if not grounds:
        return None
    return MedicalDuty(
        cycle_index=index,
        cycle_start=span.starts_on,
        cycle_end=span.ends_on,
        due_on=add_days(span.ends_on, params.medical_days_after_cycle),
        cancellation_on=add_months(span.ends_on, MEDICAL_CANCELLATION_MONTHS) + ONE_DAY,
        grounds=tuple(grounds),
        designated_hospital_required=c5_due,
        basis=grounds[0],
    )


def medical_duty(
    *,
    birth_date: date,
    classes: Iterable[LicenseClass],
    first_issued_on: date,
    as_of: date,
    params: LicenseParameters = DEFAULT_PARAMETERS,
) -> MedicalDuty | None:
    """The pending medical-certificate duty on ``as_of``: the one with the earliest due date
    on or after ``as_of``, or None.

    Looked at, in order: the previous cycle while its 30-day submission period runs; the current
    cycle (age ground and C5 ground); for C5 holders, the next C5 cycle (at most two cycles on).
    Age duties of future cycles are not reported. Whether a certificate was already submitted is
    not known here: the caller drops a duty it holds a certificate for. Overdue duties are found
    with ``medical_duty_for_cycle``.
    """
    held = tuple(LicenseClass(cls) for cls in classes)
    current = cycle_index(first_issued_on, as_of)
    last = current + params.c5_medical_every_cycles - 1
    for index in range(max(current - 1, 0), last + 1):
        duty = medical_duty_for_cycle(
            birth_date=birth_date,
            classes=held,
            first_issued_on=first_issued_on,
            index=index,
            params=params,
        )
        if duty is None or duty.due_on < as_of:
            continue
        if index > current and Basis.MEDICAL_C5 not in duty.grounds:
            continue
        return duty
    return None


def medical_certificate_valid_until(issued_on: date) -> date:
    """Last day a medical certificate is valid: 6 months from issue (art. 85).

    The issue day is not counted and the period ends on the corresponding day six months later
    (民法典 art. 201), or the month's last day when there is none: issued 2026-08-31 → valid
    until 2027-02-28.
    """
    return add_months(issued_on, MEDICAL_CERTIFICATE_VALID_MONTHS)


def medical_duty_met(
    duty: MedicalDuty,
    certificate_issued_on: date | None,
    designated_certificate_issued_on: date | None = None,
) -> bool:
    """Whether the person's latest fit certificate answers ``duty``.

    The certificate must still be valid (6 months, art. 85) at the cycle end or be issued
    after it, and be issued no later than the duty's due date. A duty that needs a hospital
    designated for C5 holders looks only at ``designated_certificate_issued_on`` (the latest
    fit certificate from such a hospital): one from another hospital does not answer it.
    """
    if duty.designated_hospital_required:
        certificate_issued_on = designated_certificate_issued_on
    if certificate_issued_on is None:
        return False
    still_valid = medical_certificate_valid_until(certificate_issued_on) >= duty.cycle_end
    return still_valid and certificate_issued_on <= duty.due_on
