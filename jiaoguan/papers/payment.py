"""The 工本费 of a papers application: its payment order (one per case, the case's reference
as the order's), and its refund when a paid case ends without its document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from jiaoguan.core.money import Money
from jiaoguan.papers import errors, rules
from jiaoguan.papers.models import PaperApplication
from jiaoguan.papers.selectors import PAYMENT_PURPOSE
from jiaoguan.payments.services import PaymentStart, payment_order_open, refund_for_reference

if TYPE_CHECKING:
    from jiaoguan.identity.models import User
    from jiaoguan.payments.models import Refund


def paper_application_pay(
    *,
    actor: User,
    reference: str,
    return_url: str,
    provider: str | None = None,
) -> PaymentStart:
    """The payment order of the application's 工本费 (one per case: the payments app keeps
    at most one open and one credited order per reference) and its pay page. Only the
    applicant pays, while the case is open; refused with ``papers.application.not_found``
    or ``.state``."""
    person = getattr(actor, "person", None)
    if person is None:
        raise errors.application_not_found()
    application = PaperApplication.objects.filter(reference=reference, person=person).first()
    if application is None:
        raise errors.application_not_found()
    if application.state not in PaperApplication.OPEN_STATES:
        raise errors.state(_("办理中"))
    start = payment_order_open(
        actor=actor,
        purpose=PAYMENT_PURPOSE,
        reference=str(application.reference),
        amount=Money(application.fee_fen),
        payer_person_id=person.pk,
        subject=str(_(rules.rule_for(application.service).label)) + str(_("工本费")),
        return_url=return_url,
        provider=provider,
        province_code=application.case.province_code,
    )
    PaperApplication.objects.filter(pk=application.pk).update(
        payment_order_number=start.order.number
    )
    return start


#: The refund's reason for each way a case ends without its document (payments.Refund).
REFUND_REASONS = {"refuse": "business_refused", "withdraw": "business_withdrawn"}


def fee_refund(*, actor, application: PaperApplication, action: str) -> Refund | None:
    """Give the 工本费 back when the case ends without its document (an officer refused it,
    the applicant withdrew it before acceptance), if it was paid: once, however often this
    is called (``payments.services.refund_for_reference``; the payer is told when the
    acquirer has paid it back). In the caller's transaction."""
    reason = REFUND_REASONS.get(action)
    if reason is None or not application.fee_fen:
        return None
    return refund_for_reference(
        actor=actor, purpose=PAYMENT_PURPOSE, reference=str(application.reference), reason=reason
    )
