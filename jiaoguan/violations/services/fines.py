"""Paying the fine of a penalty decision online: the order is opened with the payments app,
and its credit, which that app makes exactly once, is recorded on the decision."""

from django.db import transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.services import points_fine_paid
from jiaoguan.identity.selectors import no_permission
from jiaoguan.identity.services import person_records_changed
from jiaoguan.payments.events import OrderPaid
from jiaoguan.payments.services import PaymentStart, payment_order_open
from jiaoguan.violations import errors
from jiaoguan.violations.models import PenaltyDecision
from jiaoguan.violations.selectors import amount_due, decision_of_person

FINE_PURPOSE = "violations.fine"


def fine_payment_start(
    *, actor, number: str, return_url: str, provider: str | None = None
) -> PaymentStart:
    """Open (or reuse) the payment order of a decision's fine plus today's late penalty, and
    the acquirer's pay page. The person decided against or the vehicle's owner may pay.

    ``provider`` is one of the providers the deployment enables (``PAYMENTS_PROVIDERS``),
    chosen by the payer; left out, the only one enabled (``payments.provider.required`` when
    several are, ``payments.provider.unavailable`` for one not enabled)."""
    person = getattr(actor, "person", None)
    if person is None:
        raise no_permission()
    decision = decision_of_person(person_id=person.pk, number=number)
    if decision.status == PenaltyDecision.Status.REVOKED:
        raise errors.decision_revoked()
    due = amount_due(decision, as_of=clock.today())
    if due is None:
        raise errors.decision_already_paid()
    return payment_order_open(
        actor=actor,
        purpose=FINE_PURPOSE,
        reference=decision.number,
        amount=due.total(decision.fine),
        payer_person_id=person.pk,
        subject=_("交通违法罚款 %(number)s") % {"number": decision.number},
        return_url=return_url,
        provider=provider,
        province_code=decision.fine_province,
    )


def fine_paid(*, order: OrderPaid) -> None:
    """The order of a decision's fine was credited (``violations.subscriptions`` calls this
    inside the crediting transaction): the decision is paid, and its points stop carrying
    over into the next cycle (163号 art. 15). The payments app credits one order per
    decision, so this runs once per decision. Orders of other purposes are ignored."""
    if order.purpose != FINE_PURPOSE:
        return
    with transaction.atomic():
        decision = PenaltyDecision.objects.select_for_update().get(number=order.reference)
        decision.paid_at, decision.paid_fen = order.paid_at, order.amount_fen
        decision.payment_order = order.number
        decision.save(update_fields=["paid_at", "paid_fen", "payment_order"])
        if decision.points_record_id is not None:
            points_fine_paid(points_record_id=decision.points_record_id)
        audit_record(
            actor=None,
            action="violations.fine.paid",
            subject=decision,
            data={
                "order": order.number,
                "amount_fen": order.amount_fen,
                # Money for a revoked decision is refunded by an officer (see docs).
                "revoked": decision.status == PenaltyDecision.Status.REVOKED,
            },
        )
        person_records_changed(person_ids=[decision.person_id])


def fine_payment_start_for_organisation(
    *, actor, organization_id: int, number: str, return_url: str, provider: str | None = None
) -> PaymentStart:
    """Open (or reuse) the payment order of the fine of a decision on a vehicle the
    organisation owns, which it handled as the party: the organisation pays (no payer person).
    The caller (``organisations``) has checked the staff member's role. Another vehicle's
    decision is ``violations.decision.not_found``; the credit is recorded by ``fine_paid`` as
    any other fine's."""
    decision = (
        PenaltyDecision.objects.select_related("record")
        .filter(number=number, record__vehicle__owner_organization_id=organization_id)
        .first()
    )
    if decision is None:
        raise errors.decision_not_found()
    if decision.status == PenaltyDecision.Status.REVOKED:
        raise errors.decision_revoked()
    due = amount_due(decision, as_of=clock.today())
    if due is None:
        raise errors.decision_already_paid()
    return payment_order_open(
        actor=actor,
        purpose=FINE_PURPOSE,
        reference=decision.number,
        amount=due.total(decision.fine),
        payer_person_id=None,
        subject=_("交通违法罚款 %(number)s") % {"number": decision.number},
        return_url=return_url,
        provider=provider,
        province_code=decision.fine_province,
    )
