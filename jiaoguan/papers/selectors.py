"""Reads of the papers family: the fee schedule and what a replacement costs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from jiaoguan.core.money import Money
from jiaoguan.papers import errors, rules
from jiaoguan.papers.models import FeeRate, PaperApplication
from jiaoguan.payments.selectors import order_paid_for
from jiaoguan.violations.selectors import violations_of_person


def fee_schedule() -> tuple[rules.FeeRate, ...]:
    """Every rate of the schedule, as the rules take them."""
    return tuple(rate.as_rule() for rate in FeeRate.objects.all())


@dataclass(frozen=True)
class ReplacementQuote:
    """What a replacement costs and how it is handled (the public calculator's answer)."""

    service: rules.ServiceRule
    fee: Money
    lines: tuple[rules.FeeLine, ...]


def replacement_quote(
    *,
    document: str,
    reason: str,
    on: date,
    plate_type: str = "02",
    reflective: bool = True,
    temporary_plate: bool = False,
) -> ReplacementQuote:
    """The service that replaces ``document`` for ``reason`` and its fee on ``on``.

    Raises ``rules.ImpossibleCombination``, ``rules.PlateTypeNotReplaceable`` or
    ``rules.NoFee`` (no rate on that day); the channel words them."""
    service = rules.service_for(document, reason)
    lines = rules.fee_lines(
        service, plate_type=plate_type, reflective=reflective, temporary_plate=temporary_plate
    )
    return ReplacementQuote(service, rules.fee_total(fee_schedule(), lines, on), lines)


#: The purpose of the 工本费 orders (payments), one per case: its reference is the case's.
PAYMENT_PURPOSE = "papers.fee"


def fee_paid(application: PaperApplication) -> bool:
    """Whether the application's 工本费 order is credited."""
    return order_paid_for(purpose=PAYMENT_PURPOSE, reference=str(application.reference)) is not None


def unhandled_violations_of(*, person_id: int, as_of: date) -> int:
    """Unhandled violations the person answers for: entered (unhandled) camera records of
    their vehicles and of the vehicles they are authorised to handle."""
    return sum(
        1
        for row in violations_of_person(person_id=person_id, as_of=as_of)
        if row.record.status == "entered"
    )


def applications_of_person(*, person_id: int) -> list[PaperApplication]:
    return list(PaperApplication.objects.filter(person_id=person_id).select_related("case")[:50])


def application_of_person(*, person_id: int, reference: str) -> PaperApplication:
    found = (
        PaperApplication.objects.filter(person_id=person_id, reference=reference)
        .select_related("case")
        .first()
        if _is_uuid(reference)
        else None
    )
    if found is None:
        raise errors.application_not_found()
    return found


def application_by_reference(*, reference: str) -> PaperApplication:
    found = (
        PaperApplication.objects.filter(reference=reference)
        .select_related("case", "person", "driving_license", "vehicle")
        .first()
        if _is_uuid(reference)
        else None
    )
    if found is None:
        raise errors.application_not_found()
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def open_application_check(*, document_key: str) -> None:
    """Refuse with ``papers.application.open_exists`` (409) when the document already has
    an open application (the form asks before it sends an SMS code)."""
    if PaperApplication.objects.filter(
        document_key=document_key, state__in=PaperApplication.OPEN_STATES
    ).exists():
        raise errors.open_exists()
