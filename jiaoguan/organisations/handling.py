"""Company vehicles' violations handled by the organisation as the party (单位处理, issue 19
scope 3): an operator or administrator lists the unhandled camera records of the unit's
vehicles, handles one naming the driver who was driving (one who consented to the fleet
view; the points go on their licence), and pays the fine online. The decision is addressed to
the unit (``UnitDecision``). Everything goes through the violations and payments services;
nothing of another organisation is ever found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.identity.actors import Actor
from jiaoguan.organisations import errors, rules
from jiaoguan.organisations.models import DriverConsent, UnitDecision
from jiaoguan.organisations.selectors import organisation_of, staff_actor
from jiaoguan.organisations.services import open_account, staff_still_active
from jiaoguan.payments.services import PaymentStart
from jiaoguan.violations import services as violations
from jiaoguan.violations.selectors import amount_due, open_dispute_of, records_of_vehicles
from jiaoguan.violations.standards import standard_key, standards_of

if TYPE_CHECKING:
    from jiaoguan.identity.models import User
    from jiaoguan.violations.models import PenaltyDecision


@dataclass(frozen=True)
class UnhandledRow:
    """One unhandled camera record of the organisation's vehicles, with what handling it
    online would give (the fine of the province where it happened, the points)."""

    record_id: int
    plate_number: str
    occurred_at: datetime
    place: str
    code: str
    description: str
    fine: Money | None
    points: int
    disputed: bool


def unhandled_of(*, actor: Actor | User | None) -> list[UnhandledRow]:
    """The entered, unhandled camera records of the vehicles the organisation owns, oldest
    first (any staff role may read them)."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    records = (
        records_of_vehicles(Q(vehicle__owner_organization_id=organization_id))
        .filter(status="entered")  # ViolationRecord.Status.ENTERED
        .order_by("occurred_at", "pk")
    )
    records = list(records)
    standards = standards_of(standard_key(record) for record in records)
    rows = []
    for record in records:
        standard = standards[standard_key(record)]
        rows.append(
            UnhandledRow(
                record_id=record.pk,
                plate_number=record.plate_number,
                occurred_at=record.occurred_at,
                place=record.place,
                code=record.code,
                description=standard.code.description if standard.code else "",
                fine=standard.fine,
                points=standard.points,
                disputed=open_dispute_of(record) is not None,
            )
        )
    return rows


def drivers_for_handling(*, actor: Actor | User | None) -> list[tuple[int, str]]:
    """The drivers the organisation may name as the one driving: those who granted their
    consent, as (consent id, name)."""
    organization_id = organisation_of(actor, rules.HANDLE_VIOLATIONS)
    return [
        (consent.pk, consent.person.name)
        for consent in DriverConsent.objects.filter(
            account__organization_id=organization_id, status=DriverConsent.Status.GRANTED
        )
        .select_related("person")
        .order_by("person__name", "pk")
    ]


def unit_decisions_of(*, actor: Actor | User | None, limit: int = 200):
    """The decisions addressed to the organisation, newest first."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    return (
        UnitDecision.objects.filter(account__organization_id=organization_id)
        .select_related("decision__record", "decision__person", "handled_by")
        .order_by("-handled_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class UnitDecisionView:
    unit: UnitDecision
    decision: PenaltyDecision
    total_due: Money | None


def unit_decision_of(*, actor: Actor | User | None, number: str, as_of: date) -> UnitDecisionView:
    """One decision addressed to the organisation and what is due on it today;
    ``organisations.decision.not_found`` for any other (another unit's, a citizen's)."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    unit = (
        UnitDecision.objects.select_related(
            "account__organization", "decision__record", "decision__person", "handled_by"
        )
        .filter(account__organization_id=organization_id, decision__number=number)
        .first()
    )
    if unit is None:
        raise errors.unit_decision_not_found()
    decision = unit.decision
    due = amount_due(decision, as_of=as_of)
    return UnitDecisionView(unit, decision, due.total(decision.fine) if due else None)


@transaction.atomic
def unit_violation_handle(
    *, actor: Actor | User | None, record_id: int, consent_id: int
) -> UnitDecision:
    """An operator or administrator handles a camera record of one of the organisation's
    vehicles as the party, naming the driver (by their granted consent). The violations
    service decides as for a citizen (simple procedure, online limits, the record locked
    once); the decision is addressed to the unit. Needs ``organisations.handle_violations``.
    Another organisation's record is ``violations.handling.not_your_vehicle``; a driver who
    has not consented, ``organisations.violation.driver_required``. Audited."""
    who = staff_actor(actor)
    who.require(rules.HANDLE_VIOLATIONS)
    account = open_account(who.organisation_id)
    staff_still_active(who, account)
    consent = (
        DriverConsent.objects.select_related("person")
        .filter(pk=consent_id, account=account, status=DriverConsent.Status.GRANTED)
        .first()
    )
    if consent is None:
        raise errors.driver_not_consenting()
    decision = violations.violation_handle_as_owner_organisation(
        actor=who,
        record_id=record_id,
        organization_id=account.organization_id,
        driver=consent.person,
    )
    unit = UnitDecision.objects.create(
        decision=decision, account=account, handled_by_id=who.user_id, handled_at=clock.now()
    )
    audit_record(
        actor=who,
        action="organisations.violation.handled",
        subject=unit,
        person_id_number=consent.person.id_number,
        data={"record": record_id, "decision": decision.number, "fine_fen": decision.fine_fen},
    )
    return unit


def unit_fine_payment_start(
    *, actor: Actor | User | None, number: str, return_url: str, provider: str | None = None
) -> PaymentStart:
    """Open the payment order of the fine (with today's late penalty) of a decision
    addressed to the organisation, for the organisation to pay online; the acquirer's pay
    page follows. Needs ``organisations.handle_violations``; another organisation's decision
    is ``organisations.decision.not_found``. The credit lands on the decision once, as any
    fine's (``violations.services.fines.fine_paid``)."""
    who = staff_actor(actor)
    who.require(rules.HANDLE_VIOLATIONS)
    if not UnitDecision.objects.filter(
        account__organization_id=who.organisation_id, decision__number=number
    ).exists():
        raise errors.unit_decision_not_found()
    return violations.fine_payment_start_for_organisation(
        actor=who,
        organization_id=who.organisation_id,
        number=number,
        return_url=return_url,
        provider=provider,
    )
