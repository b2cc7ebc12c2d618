"""A license's overall condition on a date, combining every rule (DOMAIN.md §3, §4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .ages import AgeLimitAction, age_limit_actions, age_on
from .basis import Basis
from .classes import LicenseClass, sort_classes
from .cycles import CycleSpan, cycle_span, cycle_span_at
from .duties import MedicalDuty, ReviewDuty, medical_duty, medical_duty_met, review_duty
from .parameters import DEFAULT_PARAMETERS, FULL_SCORE, LicenseParameters
from .probation import ProbationStatus, probation_status
from .validity import RenewalPhase, RenewalStatus, renewal_phase


class RegisterStatus(StrEnum):
    """Status recorded in the license register, set by officers' decisions."""

    VALID = "valid"
    SUSPENDED = "suspended"  # 暂扣
    REVOKED = "revoked"  # 吊销
    CANCELLED = "cancelled"  # 注销


class LicenseCondition(StrEnum):
    """Conditions a license can be in; several can hold at once.

    Declared from most to least severe; ``LicenseStatus.overall`` is the most severe that holds:

    1. CANCELLED, REVOKED: the license has ended (every other condition is then left out).
    2. SUSPENDED: seized by decision; it still expires and accrues duties.
    3. CANCELLABLE_OVERDUE, EXPIRED: driving is not allowed; overdue leads to cancellation.
    4. FULL_SCORE: 12 points, the license is seized and driving prohibited.
    5. AGE_LIMIT_ACTION, REVIEW_DUE, MEDICAL_DUE: duties with deadlines whose breach voids a
       class or cancels the license.
    6. RENEWAL_WINDOW_OPEN, POINTS_REMINDER, IN_PROBATION: notices; the license may be used.
    7. VALID: within validity, register status valid and below the full score (may be driven);
       it is listed alongside the notices of group 6 and the duties of group 5.
    """

    CANCELLED = "cancelled"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    CANCELLABLE_OVERDUE = "cancellable_overdue"
    EXPIRED = "expired"
    FULL_SCORE = "full_score"
    AGE_LIMIT_ACTION = "age_limit_action"
    REVIEW_DUE = "review_due"
    MEDICAL_DUE = "medical_due"
    RENEWAL_WINDOW_OPEN = "renewal_window_open"
    POINTS_REMINDER = "points_reminder"
    IN_PROBATION = "in_probation"
    VALID = "valid"


#: Most severe first; the declaration order of LicenseCondition.
CONDITION_SEVERITY: tuple[LicenseCondition, ...] = tuple(LicenseCondition)

_RENEWAL_CONDITION = {
    RenewalPhase.WINDOW_OPEN: LicenseCondition.RENEWAL_WINDOW_OPEN,
    RenewalPhase.EXPIRED_ONLINE: LicenseCondition.EXPIRED,
    RenewalPhase.EXPIRED_COUNTER: LicenseCondition.EXPIRED,
    RenewalPhase.CANCELLABLE: LicenseCondition.CANCELLABLE_OVERDUE,
}
_REGISTER_CONDITION = {
    RegisterStatus.SUSPENDED: (LicenseCondition.SUSPENDED, Basis.REGISTER_SUSPENDED),
    RegisterStatus.REVOKED: (LicenseCondition.REVOKED, Basis.REGISTER_REVOKED),
    RegisterStatus.CANCELLED: (LicenseCondition.CANCELLED, Basis.REGISTER_CANCELLED),
}


@dataclass(frozen=True, slots=True)
class LicenseStatus:
    """Summary of a license on ``as_of``.

    ``conditions`` are ordered most severe first, each with its basis in ``reasons``;
    ``overall`` is the first of them and ``basis`` its basis. The details are kept so a page can
    show dates: ``review`` is the pending 审验 for the cycle that just ended, ``medical`` the
    pending medical certificate (see ``medical_duty``).
    """

    as_of: date
    overall: LicenseCondition
    basis: Basis
    conditions: tuple[LicenseCondition, ...]
    reasons: tuple[tuple[LicenseCondition, Basis], ...]
    renewal: RenewalStatus
    cycle: CycleSpan
    cycle_points: int
    probation: ProbationStatus
    age_limit_actions: tuple[AgeLimitAction, ...]
    medical: MedicalDuty | None
    review: ReviewDuty | None


def license_status(
    *,
    register_status: str,
    valid_until: date | None,
    first_issued_on: date,
    class_dates: Mapping[LicenseClass, date],
    birth_date: date,
    cycle_points: int,
    as_of: date,
    params: LicenseParameters = DEFAULT_PARAMETERS,
    previous_cycle_points: int = 0,
    previous_cycle_fatal_accident: bool = False,
    previous_cycle_serious_accident: bool = False,
    previous_cycle_school_bus_driver: bool = False,
    large_class_extension_until: date | None = None,
    medical_certificate_issued_on: date | None = None,
    designated_certificate_issued_on: date | None = None,
) -> LicenseStatus:
    """The conditions of a license on ``as_of``.

    ``register_status`` is a RegisterStatus value (case-insensitive; ``ValueError`` otherwise).
    ``class_dates`` maps each class on the license to the date first obtained; classes obtained
    after ``as_of`` are ignored. ``cycle_points`` are the points of the current cycle;
    ``previous_cycle_points`` and the accident flags describe the cycle that ended last and
    decide REVIEW_DUE while its 30-day review period runs. MEDICAL_DUE holds during the 30 days
    after a cycle end that owes a certificate. A service that knows the review was attended or
    the certificate submitted drops those conditions; ``medical_certificate_issued_on`` (the
    latest fit certificate) drops a medical duty it answers, and for a C5 duty
    ``designated_certificate_issued_on`` (the latest fit one from a designated hospital).
    """
    register = RegisterStatus(register_status.strip().lower())
    if cycle_points < 0:
        raise ValueError("cycle_points must not be negative")
    held = {LicenseClass(cls): on for cls, on in class_dates.items() if on <= as_of}
    classes = sort_classes(held)

    renewal = renewal_phase(valid_until, as_of, params)
    cycle = cycle_span(first_issued_on, as_of)
    probation = probation_status(held, as_of, params)
    actions = age_limit_actions(
        birth_date,
        classes,
        as_of,
        large_class_extension_until=large_class_extension_until,
        params=params,
    )
    medical = medical_duty(
        birth_date=birth_date,
        classes=classes,
        first_issued_on=first_issued_on,
        as_of=as_of,
        params=params,
    )
    if medical is not None and medical_duty_met(
        medical, medical_certificate_issued_on, designated_certificate_issued_on
    ):
        medical = None
    review = None
    if cycle.index > 0:
        previous = cycle_span_at(first_issued_on, cycle.index - 1)
        review = review_duty(
            classes=[cls for cls, on in held.items() if on <= previous.ends_on],
            cycle_start=previous.starts_on,
            cycle_end=previous.ends_on,
            cycle_points=previous_cycle_points,
            age_at_cycle_end=age_on(birth_date, previous.ends_on),
            fatal_accident_responsibility=previous_cycle_fatal_accident,
            serious_accident_responsibility=previous_cycle_serious_accident,
            school_bus_driver=previous_cycle_school_bus_driver,
            params=params,
        )
        if review is not None and as_of > review.due_on:
            review = None

    found: dict[LicenseCondition, Basis] = {}
    if register in _REGISTER_CONDITION:
        condition, basis = _REGISTER_CONDITION[register]
        found[condition] = basis
    if register not in (RegisterStatus.REVOKED, RegisterStatus.CANCELLED):
        if renewal.phase in _RENEWAL_CONDITION:
            found[_RENEWAL_CONDITION[renewal.phase]] = renewal.basis
        if cycle_points >= FULL_SCORE:
            found[LicenseCondition.FULL_SCORE] = Basis.FULL_SCORE_SEIZED
        elif cycle_points >= params.points_reminder:
            found[LicenseCondition.POINTS_REMINDER] = Basis.POINTS_REMINDER
        if probation.in_probation:
            found[LicenseCondition.IN_PROBATION] = probation.basis
        if actions:
            found[LicenseCondition.AGE_LIMIT_ACTION] = actions[0].basis
        if medical is not None and medical.cycle_end < as_of <= medical.due_on:
            found[LicenseCondition.MEDICAL_DUE] = medical.basis
        if review is not None:
            found[LicenseCondition.REVIEW_DUE] = review.basis
        blocking = {
            LicenseCondition.SUSPENDED,
            LicenseCondition.EXPIRED,
            LicenseCondition.CANCELLABLE_OVERDUE,
            LicenseCondition.FULL_SCORE,
        }
        if not blocking.intersection(found):
            found[LicenseCondition.VALID] = Basis.STATUS_VALID

    conditions = tuple(c for c in CONDITION_SEVERITY if c in found)
    return LicenseStatus(
        as_of=as_of,
        overall=conditions[0],
        basis=found[conditions[0]],
        conditions=conditions,
        reasons=tuple((c, found[c]) for c in conditions),
        renewal=renewal,
        cycle=cycle,
        cycle_points=cycle_points,
        probation=probation,
        age_limit_actions=actions,
        medical=medical,
        review=review,
    )
