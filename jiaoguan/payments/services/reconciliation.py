"""Reconciling our orders with the acquirers' daily statements."""

from datetime import date

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.gateways.errors import ProviderError
from jiaoguan.gateways.payment import get_payment_gateway
from jiaoguan.gateways.payment.base import (
    PaymentGateway,
    StatementLine,
)
from jiaoguan.payments import errors
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    ReconciliationDifference,
    ReconciliationRun,
    Refund,
)
from jiaoguan.payments.selectors import payment_provider_choose

Outcome = PaymentCallback.Outcome


# --- Reconciliation -------------------------------------------------------------------------


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reconciliation_run(*, actor, day: date, provider: str | None = None) -> ReconciliationRun:
    """Download the acquirer's statement of ``day`` and compare it with our records.

    Payments: every statement payment must be an order of ours with the same trade
    reference, order number and amount (an order credited, or kept as a duplicate), and every
    order of ours paid that day must be on the statement. Refunds likewise by refund number.
    Each mismatch is stored as a ``ReconciliationDifference``; a statement that cannot be
    downloaded or read makes a failed run. Audited. Raises
    ``payments.reconciliation.day_invalid`` (future day), ``payments.provider.unavailable``,
    ``payments.provider.required`` (no ``provider`` means the only one enabled).
    """
    if day > clock.today():
        raise errors.reconciliation_day_invalid()
    provider = payment_provider_choose(provider)
    gateway: PaymentGateway = get_payment_gateway(provider)
    started_at = clock.now()
    started_by = actor.get_username() if getattr(actor, "pk", None) else "system"
    try:
        lines = gateway.statement(day=day)
    except (ProviderError, ValueError) as error:
        with transaction.atomic():
            run = ReconciliationRun.objects.create(
                provider=provider,
                day=day,
                status=ReconciliationRun.Status.FAILED,
                started_at=started_at,
                started_by=started_by,
                error=str(error)[:300],
            )
            audit_record(
                actor=actor,
                action="payments.reconciliation.run",
                subject=run,
                data={"day": day.isoformat(), "error": str(error)[:300]},
            )
        return run
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            provider=provider,
            day=day,
            status=ReconciliationRun.Status.FINISHED,
            started_at=started_at,
            started_by=started_by,
            statement_lines=len(lines),
        )
        differences, matched = _compare(run, provider, day, lines)
        ReconciliationDifference.objects.bulk_create(differences, batch_size=1000)
        run.matched = matched
        run.differences_count = len(differences)
        run.save(update_fields=["matched", "differences_count"])
        audit_record(
            actor=actor,
            action="payments.reconciliation.run",
            subject=run,
            data={
                "day": day.isoformat(),
                "lines": len(lines),
                "matched": matched,
                "differences": len(differences),
            },
        )
    return run


def _compare(
    run: ReconciliationRun, provider: str, day: date, lines: list[StatementLine]
) -> tuple[list[ReconciliationDifference], int]:
    start, end = clock.day_span(day)
    differences: list[ReconciliationDifference] = []
    matched = 0

    def differ(kind: str, entry: str, number: str, reference: str, ours, theirs) -> None:
        differences.append(
            ReconciliationDifference(
                run=run,
                kind=kind,
                entry=entry,
                order_number=number,
                provider_reference=reference,
                ours_fen=ours,
                theirs_fen=theirs,
            )
        )

    # Payments, by the acquirer's trade reference.
    theirs = {line.provider_reference: line for line in lines if line.kind == "payment"}
    taken = PaymentOrder.objects.filter(provider=provider, provider_reference__isnull=False)
    fields = ("provider_reference", "number", "amount_fen")
    ours = {
        row[0]: row
        for row in taken.filter(paid_at__gte=start, paid_at__lt=end).values_list(*fields)
    }
    elsewhere = [reference for reference in theirs if reference not in ours]
    for chunk in _chunks(elsewhere):
        ours.update(
            {row[0]: row for row in taken.filter(provider_reference__in=chunk).values_list(*fields)}
        )
    for reference, line in theirs.items():
        row = ours.get(reference)
        if row is None:
            differ("missing_here", "payment", line.order_number, reference, None, line.amount_fen)
        elif row[2] != line.amount_fen:
            differ("amount", "payment", row[1], reference, row[2], line.amount_fen)
        elif row[1] != line.order_number:
            differ("order", "payment", row[1], reference, row[2], line.amount_fen)
        else:
            matched += 1
    for reference, row in ours.items():
        if reference not in theirs:
            differ("missing_there", "payment", row[1], reference, row[2], None)

    # Refunds, by our refund number.
    their_refunds = {line.refund_number: line for line in lines if line.kind == "refund"}
    done = Refund.objects.filter(order__provider=provider, status=Refund.Status.SUCCEEDED)
    refund_fields = ("number", "order__number", "amount_fen")
    our_refunds = {
        row[0]: row
        for row in done.filter(refunded_at__gte=start, refunded_at__lt=end).values_list(
            *refund_fields
        )
    }
    elsewhere = [number for number in their_refunds if number not in our_refunds]
    for chunk in _chunks(elsewhere):
        our_refunds.update(
            {row[0]: row for row in done.filter(number__in=chunk).values_list(*refund_fields)}
        )
    for number, line in their_refunds.items():
        row = our_refunds.get(number)
        if row is None:
            differ("missing_here", "refund", line.order_number, number, None, line.amount_fen)
        elif row[2] != line.amount_fen:
            differ("amount", "refund", row[1], number, row[2], line.amount_fen)
        else:
            matched += 1
    for number, row in our_refunds.items():
        if number not in their_refunds:
            differ("missing_there", "refund", row[1], number, row[2], None)
    return differences, matched
