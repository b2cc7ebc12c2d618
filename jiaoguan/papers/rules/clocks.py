"""Statutory clocks of the papers services, in working days from acceptance (自受理之日起:
登记规定 arts. 51, 52, 57, 92; 162号 arts. 68, 110), on ``core.clock``'s calendar (holidays,
their substituted days off and adjusted working weekends). Transit by post is not counted
in them [U]: the product shows a delivery estimate beside the production deadline.
Pure: no Django."""

from __future__ import annotations

from datetime import date, timedelta

from jiaoguan.core import clock

from .catalogue import ServiceRule
from .parameters import DEFAULT_PARAMETERS, PapersParameters

__all__ = ["acceptance_due_on", "production_due_on", "temporary_plate_valid_until"]


def acceptance_due_on(submitted_on: date, params: PapersParameters = DEFAULT_PARAMETERS) -> date:
    """The last day for the online office to accept an application submitted on
    ``submitted_on`` (1 working day, the day itself not counted)."""
    return clock.add_working_days(submitted_on, params.acceptance_working_days)


def production_due_on(rule: ServiceRule, accepted_on: date) -> date | None:
    """The statutory last day to issue the document of ``rule`` accepted on ``accepted_on``
    (1 working day for licences, marks and certificates; 15 for plates); None for a record
    change, where nothing is produced."""
    if rule.statutory_working_days is None:
        return None
    return clock.add_working_days(accepted_on, rule.statutory_working_days)


def temporary_plate_valid_until(
    issued_on: date,
    *,
    insurance_valid_until: date | None,
    params: PapersParameters = DEFAULT_PARAMETERS,
) -> date:
    """The last day of a temporary plate issued while replacement plates are made: 15
    calendar days at most (art. 92 ¶2: validity in calendar days, the issue day not
    counted), never beyond the vehicle's 交强险 (§6.4). ``ValueError`` when the insurance
    has already run out."""
    until = issued_on + timedelta(days=params.temporary_plate_days)
    if insurance_valid_until is not None:
        if insurance_valid_until < issued_on:
            raise ValueError("the compulsory insurance has run out")
        until = min(until, insurance_valid_until)
    return until
