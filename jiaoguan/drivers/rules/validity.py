"""Validity and renewal (DOMAIN.md §3.4; 实施条例 arts. 22, 26; 162号 arts. 13, 62, 63, 79)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import ONE_DAY, add_days, add_months, add_years

from .basis import Basis
from .parameters import DEFAULT_PARAMETERS, RECOVERY_YEARS, LicenseParameters


class Validity(StrEnum):
    """有效期: 6 years, 10 years or long-term (162号 art. 13)."""

    SIX_YEARS = "6"
    TEN_YEARS = "10"
    LONG_TERM = "long_term"


_YEARS = {Validity.SIX_YEARS: 6, Validity.TEN_YEARS: 10}


def valid_until(valid_from: date, validity: Validity) -> date | None:
    """Last day of validity: the same day N years later, as printed on the license.

    A license issued on Feb 29 expires on Feb 28 (years later are common years for 6 and 10,
    unless the target year is a leap year, where Feb 29 is kept). Long-term licenses return None.
    """
    years = _YEARS.get(Validity(validity))
    return None if years is None else add_years(valid_from, years)


@dataclass(frozen=True, slots=True)
class ValidityOutcome:
    validity: Validity
    basis: Basis


def first_license_validity() -> ValidityOutcome:
    """A first license is valid 6 years (实施条例 art. 22)."""
    return ValidityOutcome(Validity.SIX_YEARS, Basis.VALIDITY_FIRST_SIX_YEARS)


def next_validity_outcome(current: Validity, *, full_score_in_validity: bool) -> ValidityOutcome:
    """Validity of the license issued at renewal, with its basis (实施条例 art. 26; 162号 art. 62).

    ``full_score_in_validity``: some scoring cycle within the current validity reached 12 points.
    """
    current = Validity(current)
    if current is Validity.LONG_TERM:
        return ValidityOutcome(Validity.LONG_TERM, Basis.VALIDITY_LONG_TERM_KEPT)
    if full_score_in_validity:
        # The law only says when the validity grows. A full score in the period blocks the step
        # up, and the renewed license gets the same validity again (6 → 6, 10 → 10); it is never
        # shortened.
        return ValidityOutcome(current, Basis.VALIDITY_REPEATED)
    if current is Validity.SIX_YEARS:
        return ValidityOutcome(Validity.TEN_YEARS, Basis.VALIDITY_TEN_YEARS)
    return ValidityOutcome(Validity.LONG_TERM, Basis.VALIDITY_LONG_TERM)


def next_validity(current: Validity, *, full_score_in_validity: bool) -> Validity:
    """6 → 10 → long-term when no cycle in the validity reached 12 points, else the same again."""
    return next_validity_outcome(current, full_score_in_validity=full_score_in_validity).validity


class RenewalPhase(StrEnum):
    """Where a license stands relative to its expiry, in time order (long-term aside)."""

    NOT_DUE = "not_due"
    WINDOW_OPEN = "window_open"
    EXPIRED_ONLINE = "expired_online"
    EXPIRED_COUNTER = "expired_counter"
    CANCELLABLE = "cancellable"
    LONG_TERM = "long_term"


#: Time order of the dated phases; renewal_phase never moves backwards along it as as_of grows.
RENEWAL_PHASE_ORDER: tuple[RenewalPhase, ...] = (
    RenewalPhase.NOT_DUE,
    RenewalPhase.WINDOW_OPEN,
    RenewalPhase.EXPIRED_ONLINE,
    RenewalPhase.EXPIRED_COUNTER,
    RenewalPhase.CANCELLABLE,
)


@dataclass(frozen=True, slots=True)
class RenewalStatus:
    """Renewal position of a license on a date; every date field is None for long-term licenses.

    - ``window_opens`` .. ``window_closes``: renewal before expiry (both days included);
      ``window_closes`` is the expiry day, the last valid day.
    - ``online_until``: last day the platform accepts a renewal after expiry.
    - ``cancellation_on``: first day the license is *more than* one year overdue (art. 79(8)).
    - ``recovery_until``: last day to restore the entitlement by passing 科目一 only, counted from
      the earliest possible cancellation; recompute with ``recovery_deadline`` from the actual
      cancellation date once the office has cancelled.
    """

    phase: RenewalPhase
    valid_until: date | None
    window_opens: date | None
    window_closes: date | None
    online_until: date | None
    cancellation_on: date | None
    recovery_until: date | None
    basis: Basis


def renewal_window(
    valid_until: date | None, params: LicenseParameters = DEFAULT_PARAMETERS
) -> tuple[date, date]:
    """(opens, closes) of the renewal window: ``valid_until`` - 90 days to ``valid_until``.

    Raises ``ValueError`` for a long-term license (``valid_until`` None), which has no window.
    """
    if valid_until is None:
        raise ValueError("a long-term license has no renewal window")
    return add_days(valid_until, -params.renewal_window_days), valid_until


def recovery_deadline(cancelled_on: date) -> date:
    """Last day to restore a license cancelled for overdue renewal by passing 科目一 (art. 79)."""
    return add_years(cancelled_on, RECOVERY_YEARS)


_PHASE_BASIS = {
    RenewalPhase.NOT_DUE: Basis.RENEWAL_NOT_DUE,
    RenewalPhase.WINDOW_OPEN: Basis.RENEWAL_WINDOW,
    RenewalPhase.EXPIRED_ONLINE: Basis.RENEWAL_EXPIRED_ONLINE,
    RenewalPhase.EXPIRED_COUNTER: Basis.RENEWAL_EXPIRED_COUNTER,
    RenewalPhase.CANCELLABLE: Basis.RENEWAL_CANCELLABLE,
}


def renewal_phase(
    valid_until: date | None, as_of: date, params: LicenseParameters = DEFAULT_PARAMETERS
) -> RenewalStatus:
    """Renewal phase of a license expiring on ``valid_until`` (None: long-term) on ``as_of``.

    Phases with the defaults, V = ``valid_until`` (all bounds inclusive):

    - NOT_DUE          before V - 90 days
    - WINDOW_OPEN      V - 90 days .. V
    - EXPIRED_ONLINE   V + 1 day .. V + 11 months
    - EXPIRED_COUNTER  V + 11 months + 1 day .. V + 12 months (issuing office only)
    - CANCELLABLE      from V + 12 months + 1 day, the first day it is more than a year overdue
    """
    if valid_until is None:
        return RenewalStatus(
            RenewalPhase.LONG_TERM, None, None, None, None, None, None, Basis.RENEWAL_LONG_TERM
        )
    opens, closes = renewal_window(valid_until, params)
    online_until = add_months(valid_until, params.online_renewal_months_after_expiry)
    cancellation_on = add_months(valid_until, params.cancellation_after_months) + ONE_DAY
    if as_of < opens:
        phase = RenewalPhase.NOT_DUE
    elif as_of <= closes:
        phase = RenewalPhase.WINDOW_OPEN
    elif as_of <= online_until:
        phase = RenewalPhase.EXPIRED_ONLINE
    elif as_of < cancellation_on:
        phase = RenewalPhase.EXPIRED_COUNTER
    else:
        phase = RenewalPhase.CANCELLABLE
    return RenewalStatus(
        phase=phase,
        valid_until=valid_until,
        window_opens=opens,
        window_closes=closes,
        online_until=online_until,
        cancellation_on=cancellation_on,
        recovery_until=recovery_deadline(cancellation_on),
        basis=_PHASE_BASIS[phase],
    )
