"""Writes for payments: opening orders, taking the acquirers' notifications exactly once,
refunding duplicate payments, reconciling with the acquirers' statements."""

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.money import Money
from jiaoguan.gateways.errors import PermanentProviderError, ProviderError
from jiaoguan.gateways.payment import get_payment_gateway, provider_enabled
from jiaoguan.gateways.payment.base import (
    CallbackInvalid,
    PaymentGateway,
    PaymentNotification,
    PaymentRequest,
    StatementLine,
    TradeStatus,
)
from jiaoguan.identity.models import Person
from jiaoguan.payments import errors
from jiaoguan.payments.models import (
    PaymentCallback,
    PaymentOrder,
    ReconciliationDifference,
    ReconciliationRun,
    Refund,
)
from jiaoguan.payments.signals import order_paid

logger = logging.getLogger(__name__)

Outcome = PaymentCallback.Outcome


@dataclass(frozen=True)
class PaymentStart:
    """An order ready to pay and the acquirer's page to send the payer to."""

    order: PaymentOrder
    pay_url: str


def _order_number(now: datetime) -> str:
    return f"JG{clock.local(now):%y%m%d}{uuid.uuid4().hex[:16].upper()}"


def _notify_url(provider: str) -> str:
    path = reverse("api:payments_notify", kwargs={"provider": provider})
    return settings.JIAOGUAN_PAYMENTS_NOTIFY_BASE_URL.rstrip("/") + path


def _check_fields(**values: tuple[str, int]) -> None:
    for field, (value, limit) in values.items():
        if not value or len(value) > limit:
            raise errors.order_invalid(field)


def payment_order_open(
    *,
    actor,
    purpose: str,
    reference: str,
    amount: Money,
    payer_person_id: int | None,
    subject: str,
    return_url: str,
    provider: str = "sandbox",
) -> PaymentStart:
    """An order to pay ``amount`` for (``purpose``, ``reference``) and its pay page.

    Reuses the open order of the same purpose and reference when amount and provider are
    unchanged; otherwise closes it and opens a new one (a late penalty grows daily). Locks the
    open order (``select_for_update``); the partial unique constraint on open orders settles
    two callers racing to open the first. Audited (``payments.order.open``). Raises
    ``payments.order.already_paid`` when an order of the reference is credited,
    ``payments.order.amount_invalid``, ``payments.order.invalid``,
    ``payments.provider.unavailable``, ``payments.order.busy`` (lost a race to open).
    """
    if amount.fen <= 0:
        raise errors.amount_invalid()
    _check_fields(purpose=(purpose, 50), reference=(reference, 64), subject=(subject, 128))
    if len(return_url) > 500:
        raise errors.order_invalid("return_url")
    if not provider_enabled(provider):
        raise errors.provider_unavailable()
    if payer_person_id is not None and not Person.objects.filter(pk=payer_person_id).exists():
        raise errors.order_invalid("payer_person_id")
    gateway = get_payment_gateway(provider)
    now = clock.now()
    same_reference = PaymentOrder.objects.filter(purpose=purpose, reference=reference)
    with transaction.atomic():
        if same_reference.filter(status=PaymentOrder.Status.PAID).exists():
            raise errors.already_paid()
        order = same_reference.select_for_update().filter(status=PaymentOrder.Status.OPEN).first()
        if order is not None and (order.amount_fen != amount.fen or order.provider != provider):
            order.status = PaymentOrder.Status.CLOSED
            order.closed_at = now
            order.save(update_fields=["status", "closed_at"])
            audit_record(
                actor=actor,
                action="payments.order.close",
                subject=order,
                data={"reason": "amount_changed", "new_amount_fen": amount.fen},
            )
            order = None
        if order is None:
            try:
                with transaction.atomic():
                    order = PaymentOrder.objects.create(
                        number=_order_number(now),
                        purpose=purpose,
                        reference=reference,
                        amount_fen=amount.fen,
                        subject=subject,
                        payer_person_id=payer_person_id,
                        provider=provider,
                        return_url=return_url,
                        created_at=now,
                    )
            except IntegrityError:
                raise errors.order_busy() from None
            audit_record(
                actor=actor,
                action="payments.order.open",
                subject=order,
                data={
                    "purpose": purpose,
                    "reference": reference,
                    "amount_fen": amount.fen,
                    "provider": provider,
                },
            )
    pay_url = gateway.create(
        PaymentRequest(
            order_number=order.number,
            amount_fen=order.amount_fen,
            subject=order.subject,
            return_url=order.return_url,
            notify_url=_notify_url(provider),
        )
    )
    return PaymentStart(order=order, pay_url=pay_url)


# --- Notifications --------------------------------------------------------------------------


@dataclass(frozen=True)
class CallbackAnswer:
    """What to answer the acquirer: ``body`` (its convention, e.g. ``success``) with HTTP
    ``status``, once the notification's processing has committed."""

    outcome: str
    reason: str
    body: str
    status: int
    callback_id: int


def _callback_store(
    *,
    provider: str,
    params: Mapping[str, str],
    outcome: str,
    reason: str = "",
    order: PaymentOrder | None = None,
    note: PaymentNotification | None = None,
    ip_address: str | None = None,
) -> PaymentCallback:
    callback = PaymentCallback.objects.create(
        provider=provider[:20],
        received_at=clock.now(),
        outcome=outcome,
        reason=reason[:40],
        order=order,
        order_number=(note.order_number if note else params.get("out_trade_no", ""))[:64],
        provider_reference=(note.provider_reference if note else params.get("trade_no", ""))[:64],
        notify_id=(note.notify_id if note else params.get("notify_id", ""))[:64],
        trade_status=(note.raw_status if note else params.get("trade_status", ""))[:32],
        amount_fen=note.amount_fen if note else None,
        params=dict(params),
        ip_address=ip_address,
    )
    if outcome == Outcome.REJECTED:
        logger.warning(
            "payment notification rejected: %s (provider %s, order %s, from %s)",
            reason,
            provider,
            callback.order_number,
            ip_address,
        )
        audit_record(
            actor=None,
            action="payments.callback.reject",
            subject=callback,
            data={"reason": reason, "order_number": callback.order_number},
            ip_address=ip_address,
        )
    return callback


def callback_process(
    *, provider: str, params: Mapping[str, str], ip_address: str | None = None
) -> CallbackAnswer:
    """Take one asynchronous notification from an acquirer, exactly once.

    The signature is checked by the provider's gateway; then, in one transaction holding the
    order's row lock: an unknown order, a wrong amount or a trade reference held by another
    order is rejected; a repeat of a notification already taken is acknowledged without
    crediting again; the first "paid" notification credits the order (``order_paid`` is sent
    inside the transaction) unless another order of the same reference is credited already
    (the partial unique constraint decides) or the order was closed: then the payment is kept
    as a duplicate and refunded after commit. Every notification is stored
    (``PaymentCallback``); rejections are also logged and audited. The answer tells the
    acquirer whether to send again: processing errors (a receiver that raised) roll back and
    answer 503.
    """
    params = {str(name): str(value) for name, value in params.items()}
    try:
        gateway = get_payment_gateway(provider)
    except KeyError:
        callback = _callback_store(
            provider=provider,
            params=params,
            outcome=Outcome.REJECTED,
            reason="provider_unknown",
            ip_address=ip_address,
        )
        return CallbackAnswer(Outcome.REJECTED, "provider_unknown", "failure", 404, callback.pk)
    try:
        note = gateway.verify_callback(params)
    except CallbackInvalid as invalid:
        with transaction.atomic():
            callback = _callback_store(
                provider=provider,
                params=params,
                outcome=Outcome.REJECTED,
                reason=invalid.reason,
                ip_address=ip_address,
            )
        return CallbackAnswer(Outcome.REJECTED, invalid.reason, gateway.rejection, 400, callback.pk)
    try:
        with transaction.atomic():
            outcome, reason, order = _notification_apply(provider, note)
            callback = _callback_store(
                provider=provider,
                params=params,
                outcome=outcome,
                reason=reason,
                order=order,
                note=note,
                ip_address=ip_address,
            )
    except Exception:
        logger.exception("payment notification for order %s not taken", note.order_number)
        callback = _callback_store(
            provider=provider,
            params=params,
            outcome=Outcome.FAILED,
            reason="processing_error",
            note=note,
            ip_address=ip_address,
        )
        return CallbackAnswer(
            Outcome.FAILED, "processing_error", gateway.rejection, 503, callback.pk
        )
    if outcome == Outcome.REJECTED:
        return CallbackAnswer(outcome, reason, gateway.rejection, 400, callback.pk)
    return CallbackAnswer(outcome, reason, gateway.acknowledgement, 200, callback.pk)


def _notification_apply(
    provider: str, note: PaymentNotification
) -> tuple[str, str, PaymentOrder | None]:
    """(outcome, reason, order) of a verified notification; runs in the caller's transaction."""
    order = (
        PaymentOrder.objects.select_for_update()
        .filter(number=note.order_number, provider=provider)
        .first()
    )
    if order is None:
        return Outcome.REJECTED, "unknown_order", None
    if note.amount_fen != order.amount_fen:
        return Outcome.REJECTED, "amount_mismatch", order
    if note.status != TradeStatus.PAID:
        if note.status == TradeStatus.CLOSED and order.status == PaymentOrder.Status.OPEN:
            order.status = PaymentOrder.Status.CLOSED
            order.closed_at = clock.now()
            order.save(update_fields=["status", "closed_at"])
            audit_record(
                actor=None,
                action="payments.order.close",
                subject=order,
                data={"reason": "closed_by_acquirer"},
            )
        return Outcome.NOTED, note.raw_status.lower(), order
    if not note.provider_reference:
        return Outcome.REJECTED, "reference_missing", order
    if order.provider_reference:
        if order.provider_reference == note.provider_reference:
            return Outcome.REPEATED, "", order
        return Outcome.REJECTED, "reference_mismatch", order
    paid_at = note.paid_at or clock.now()
    taken = {"provider_reference": note.provider_reference, "paid_at": paid_at}
    credit = order.status == PaymentOrder.Status.OPEN
    reason = "" if credit else "order_closed"
    try:
        with transaction.atomic():
            # Crediting: the partial unique constraint refuses a second credited order.
            status = {"status": PaymentOrder.Status.PAID} if credit else {}
            PaymentOrder.objects.filter(pk=order.pk).update(**taken, **status)
    except IntegrityError:
        if (
            not credit
            or PaymentOrder.objects.filter(provider_reference=note.provider_reference).exists()
        ):
            return Outcome.REJECTED, "reference_reused", order
        credit, reason = False, "paid_twice"  # another order of the reference is credited
        try:
            with transaction.atomic():
                PaymentOrder.objects.filter(pk=order.pk).update(**taken)
        except IntegrityError:
            return Outcome.REJECTED, "reference_reused", order
    order.provider_reference, order.paid_at = note.provider_reference, paid_at
    if credit:
        order.status = PaymentOrder.Status.PAID
        audit_record(
            actor=None,
            action="payments.order.paid",
            subject=order,
            data={
                "purpose": order.purpose,
                "reference": order.reference,
                "amount_fen": order.amount_fen,
                "provider_reference": order.provider_reference,
            },
        )
        order_paid.send(sender=PaymentOrder, order=order)
        return Outcome.CREDITED, "", order
    _duplicate_record(order, reason)
    return Outcome.DUPLICATE_PAYMENT, reason, order


def _duplicate_record(order: PaymentOrder, reason: str) -> Refund:
    now = clock.now()
    order.status = PaymentOrder.Status.DUPLICATE
    order.save(update_fields=["status"])
    refund = Refund.objects.create(
        order=order,
        number=f"RF{order.number}",
        amount_fen=order.amount_fen,
        reason=reason,
        created_at=now,
        next_attempt_at=now,
    )
    audit_record(
        actor=None,
        action="payments.order.duplicate",
        subject=order,
        data={"reason": reason, "refund": refund.number, "amount_fen": order.amount_fen},
    )
    transaction.on_commit(partial(_refund_later, refund.pk))
    return refund


def _refund_later(refund_id: int) -> None:
    from jiaoguan.payments.tasks import refund_execute

    refund_execute.delay(refund_id)


# --- Refunds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundOutcome:
    status: str
    retry_in: int | None = None


def refund_execute(*, refund_id: int) -> RefundOutcome:
    """Ask the acquirer to pay one pending refund back; at most one worker at a time.

    Claims the refund with a conditional update that also pushes its next attempt out by
    ``PAYMENTS_REFUND_RETRY_SECONDS`` (a lease: a dead worker's refund comes round again).
    The acquirer call runs outside any transaction and carries the refund number as its
    idempotency key. Success marks the refund done and the order refunded (audited); a
    permanent error, or the last attempt, marks it failed for an officer to handle.
    """
    now = clock.now()
    retry = settings.JIAOGUAN_PAYMENTS_REFUND_RETRY_SECONDS
    claimed = Refund.objects.filter(
        pk=refund_id, status=Refund.Status.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=retry))
    if not claimed:
        return RefundOutcome("not_claimed")
    refund = Refund.objects.select_related("order").get(pk=refund_id)
    order = refund.order
    try:
        gateway = get_payment_gateway(order.provider)
        result = gateway.refund(
            order_number=order.number,
            provider_reference=order.provider_reference or "",
            amount_fen=refund.amount_fen,
            refund_number=refund.number,
            reason=refund.reason,
        )
    except (ProviderError, KeyError) as error:
        last = refund.attempts >= settings.JIAOGUAN_PAYMENTS_REFUND_MAX_ATTEMPTS
        if isinstance(error, PermanentProviderError) or last:
            with transaction.atomic():
                Refund.objects.filter(pk=refund_id).update(
                    status=Refund.Status.FAILED, last_error=str(error)[:300]
                )
                audit_record(
                    actor=None,
                    action="payments.refund.fail",
                    subject=refund,
                    data={"error": str(error)[:300]},
                )
            return RefundOutcome("failed")
        Refund.objects.filter(pk=refund_id).update(last_error=str(error)[:300])
        return RefundOutcome("pending", retry_in=retry)
    with transaction.atomic():
        Refund.objects.filter(pk=refund_id, status=Refund.Status.PENDING).update(
            status=Refund.Status.SUCCEEDED, refunded_at=result.refunded_at or clock.now()
        )
        PaymentOrder.objects.filter(pk=order.pk, status=PaymentOrder.Status.DUPLICATE).update(
            status=PaymentOrder.Status.REFUNDED
        )
        audit_record(
            actor=None,
            action="payments.refund.succeed",
            subject=refund,
            data={"order": order.number, "amount_fen": refund.amount_fen},
        )
    return RefundOutcome("succeeded")


def refunds_dispatch() -> int:
    """Hand every due pending refund to the workers (the sweeper; beat runs it every minute)."""
    from jiaoguan.payments.tasks import refund_execute

    ids = list(
        Refund.objects.filter(
            status=Refund.Status.PENDING, next_attempt_at__lte=clock.now()
        ).values_list("id", flat=True)
    )
    for refund_id in ids:
        refund_execute.delay(refund_id)
    return len(ids)


# --- Reconciliation -------------------------------------------------------------------------


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=clock.TIMEZONE)
    return start, start + timedelta(days=1)


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reconciliation_run(*, actor, day: date, provider: str = "sandbox") -> ReconciliationRun:
    """Download the acquirer's statement of ``day`` and compare it with our records.

    Payments: every statement payment must be an order of ours with the same trade
    reference, order number and amount (an order credited, or kept as a duplicate), and every
    order of ours paid that day must be on the statement. Refunds likewise by refund number.
    Each mismatch is stored as a ``ReconciliationDifference``; a statement that cannot be
    downloaded or read makes a failed run. Audited. Raises
    ``payments.reconciliation.day_invalid`` (future day), ``payments.provider.unavailable``.
    """
    if day > clock.today():
        raise errors.reconciliation_day_invalid()
    if not provider_enabled(provider):
        raise errors.provider_unavailable()
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
    start, end = _day_range(day)
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
