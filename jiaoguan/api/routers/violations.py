"""Violations: records uploaded by enforcement systems (partners), and the citizen's own
violations, decisions and authorisations."""

import base64
import binascii
from datetime import date

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, Field

from jiaoguan.api.auth import citizen_auth, partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import RowId
from jiaoguan.core import clock
from jiaoguan.core.errors import field_error
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.core.money import Money
from jiaoguan.core.redirects import absolute_return_url
from jiaoguan.drivers.explanations import explain
from jiaoguan.identity.models import PartnerKey
from jiaoguan.payments.selectors import payment_providers
from jiaoguan.violations import selectors, services
from jiaoguan.violations.rules import penalties

partner_router = Router(tags=["partners: violations"])


class RecordIn(Schema):
    device_id: str = Field(min_length=1, max_length=40, description="设备编号")
    record_id: str = Field(
        min_length=1, max_length=64, description="设备记录编号: 重复上传同一记录只保存一次"
    )
    code: str = Field(min_length=4, max_length=6, description="违法代码")
    plate_number: str = Field(min_length=7, max_length=12, description="号牌号码")
    plate_type: str = Field(min_length=2, max_length=2, description="号牌种类代码, e.g. 02")
    occurred_at: AwareDatetime = Field(description="违法时间, with its UTC offset")
    place: str = Field(min_length=1, max_length=200, description="违法地点")
    region_code: str = Field(description="违法地行政区划代码 (6 digits)")
    measurement: str = Field("", max_length=100, description="测量值, e.g. 限速60 实测85")
    evidence: list[str] = Field(description="证据图片, base64 (JPEG or PNG)")


class RecordOut(Schema):
    id: int
    status: str
    duplicate: bool


def _decode(evidence: list[str]) -> list[bytes]:
    images = []
    for position, text in enumerate(evidence):
        try:
            images.append(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            raise field_error(
                "violations.evidence.not_base64",
                f"evidence.{position}",
                _("证据不是有效的 base64 编码。"),
            ) from None
    return images


@partner_router.post(
    "/violations",
    auth=partner_auth(PartnerKey.Scope.VIOLATIONS_INGEST),
    response={200: RecordOut, 201: RecordOut},
)
def violation_record_upload(request, payload: RecordIn):
    """Upload one camera record for review (201); the same record again answers 200 with the
    stored one; other content under a used record id is refused (409)."""
    stored, created = services.violation_record_ingest(
        actor=request.auth,
        **payload.dict(exclude={"evidence"}),
        evidence=_decode(payload.evidence),
    )
    body = {"id": stored.pk, "status": stored.status, "duplicate": not created}
    return Status(201 if created else 200, body)


# The logged-in citizen's violations ----------------------------------------------------------

router = Router(tags=["me: violations"], auth=citizen_auth)


class DisputeOut(Schema):
    id: int
    office: str
    due_on: date
    status: str = Field(description="open (审核中), upheld (异议成立) or rejected (异议不成立)")
    reason: str = ""
    answer: str = Field("", description="审核意见, once decided")
    decided_at: str | None = None


class ViolationOut(Schema):
    id: int
    plate_number: str
    occurred_at: str
    place: str
    code: str
    description: str
    points: int
    fine: str | None = Field(description="元; the decided fine, or the one handling would give")
    status: str = Field(description="entered (未处理) or handled (已处理)")
    own_vehicle: bool
    evidence: list[str] = Field(description="image URLs")
    handleable: bool
    refusals: list[str] = Field(description="why it cannot be handled online, if so")
    dispute_due_on: date | None
    dispute: DisputeOut | None = Field(
        description="the objection, open or answered, with the office's answer"
    )
    dispute_allowed: bool = Field(description="whether an objection may still be filed")
    decision: str | None = Field(description="决定书编号 once handled")
    amount_due: str | None = Field(description="元: fine plus late penalty, while unpaid")


class DecisionOut(Schema):
    number: str
    status: str
    code: str
    description: str
    points: int
    fine: str
    office: str
    served_on: date
    pay_by: date
    late_penalty: str | None
    total_due: str | None
    paid_at: str | None
    document: str
    pay_providers: list[str] = Field(
        description="the payment providers the fine may be paid through here (the `provider` "
        "of the pay request)"
    )


class DisputeIn(Schema):
    reason: str = Field(min_length=10, max_length=1000, description="异议理由")


class AuthorisationIn(Schema):
    plate_number: str = Field(min_length=7, max_length=8, description="号牌号码, e.g. 苏A12345")


class ConsentIn(Schema):
    code: str


class AuthorisationOut(Schema):
    id: int
    plate_number: str
    status: str
    role: str = Field(description="driver or owner: my side of it")


def _dispute_out(dispute) -> dict:
    return {
        "id": dispute.pk,
        "office": dispute.office,
        "due_on": dispute.due_on,
        "status": dispute.status,
        "reason": dispute.reason,
        "answer": dispute.answer,
        "decided_at": clock.local(dispute.decided_at).isoformat() if dispute.decided_at else None,
    }


def _violation_out(row) -> dict:
    record = row.record
    return {
        "id": record.pk,
        "plate_number": record.plate_number,
        "occurred_at": clock.local(record.occurred_at).isoformat(),
        "place": record.place,
        "code": record.code,
        "description": row.standard.code.description if row.standard.code else "",
        "points": row.decision.points if row.decision else row.standard.points,
        "fine": str(row.fine.yuan) if row.fine else None,
        "status": record.status,
        "own_vehicle": row.own_vehicle,
        "evidence": [
            f"/me/violations/{record.pk}/evidence/{image.position}/"
            for image in record.evidence.all()
        ],
        "handleable": row.handleable,
        "refusals": row.refusal_texts,
        "dispute_due_on": row.open_dispute.due_on if row.open_dispute else None,
        "dispute": _dispute_out(row.dispute) if row.dispute else None,
        "dispute_allowed": row.dispute_allowed,
        "decision": row.decision.number if row.decision else None,
        "amount_due": str(row.amount_due.total(row.fine).yuan) if row.amount_due else None,
    }


def _decision_out(decision) -> dict:
    due = selectors.amount_due(decision, as_of=clock.today())
    return {
        "number": decision.number,
        "status": decision.status,
        "code": decision.code,
        "description": decision.description,
        "points": decision.points,
        "fine": str(decision.fine.yuan),
        "office": decision.office,
        "served_on": decision.served_on,
        "pay_by": penalties.payment_due_on(decision.served_on),
        "late_penalty": str(due.amount.yuan) if due else None,
        "total_due": str(due.total(decision.fine).yuan) if due else None,
        "paid_at": clock.local(decision.paid_at).isoformat() if decision.paid_at else None,
        "document": f"/me/decisions/{decision.number}/pdf/",
        "pay_providers": [name for name, _label in payment_providers()],
    }


@router.get("", response=list[ViolationOut])
def my_violations(request):
    """Violations of my vehicles and of the cars I am authorised for, unhandled first."""
    rows = selectors.violations_of_person(person_id=request.auth.person_id, as_of=clock.today())
    return [_violation_out(row) for row in rows]


@router.get("/{record_id}", response={200: ViolationOut, **error_responses(404)})
def my_violation(request, record_id: RowId):
    row = selectors.violation_of_person(
        person_id=request.auth.person_id, record_id=record_id, as_of=clock.today()
    )
    return _violation_out(row)


@router.post("/{record_id}/handle", response={201: DecisionOut, **error_responses(404, 409)})
def my_violation_handle(request, record_id: RowId):
    """Handle it online as the driver: the decision is served at once, its points recorded on
    my license. 409 if already handled, 422 with the reasons if it must go to a counter."""
    decision = services.violation_handle(actor=request.auth.user, record_id=record_id)
    return Status(201, _decision_out(decision))


@router.post("/{record_id}/dispute", response={201: DisputeOut, **error_responses(404, 409)})
def my_violation_dispute(request, record_id: RowId, payload: DisputeIn):
    """Object to a record; the office where it happened answers within 5 working days."""
    dispute = services.dispute_file(
        actor=request.auth.user, record_id=record_id, reason=payload.reason
    )
    return Status(
        201,
        {"id": dispute.pk, "office": dispute.office, "due_on": dispute.due_on, "status": "open"},
    )


class ReductionOut(Schema):
    has_license: bool
    eligible: bool
    max_points: int = Field(description="points that may still be reduced this cycle")
    refusals: list[dict] = Field(description="code and text of every reason it is refused")


@router.get("/points-reduction/eligibility", response=ReductionOut)
def my_points_reduction(request):
    """Whether I may reduce points by study (学法减分) now, with every reason if not."""
    found = selectors.points_reduction_eligibility_of(
        person_id=request.auth.person_id, as_of=clock.today()
    )
    if found is None:
        return {"has_license": False, "eligible": False, "max_points": 0, "refusals": []}
    return {
        "has_license": True,
        "eligible": found.eligible,
        "max_points": found.max_points,
        "refusals": [{"code": code, "text": explain(code)} for code in found.refusals],
    }


decisions_router = Router(tags=["me: violations"], auth=citizen_auth)


@decisions_router.get("/{number}", response={200: DecisionOut, **error_responses(404)})
def my_decision(request, number: str):
    """One of my penalty decisions, with what is due today (fine plus any late penalty)."""
    decision = selectors.decision_of_person(person_id=request.auth.person_id, number=number)
    return _decision_out(decision)


class PaymentOut(Schema):
    order: str
    amount: str = Field(description="元: the fine plus today's late penalty")
    pay_url: str = Field(description="the acquirer's pay page: open it in a browser")


class PayIn(Schema):
    return_url: str = Field(
        "",
        max_length=500,
        description="where the pay page sends back: a path of this site (/me/…) or an address"
        " on a configured host; anything else is refused with 422 core.return_url.invalid",
    )
    provider: str = Field(
        "",
        max_length=20,
        description="the payment provider, one of the decision's `pay_providers`; may be left "
        "out when only one is enabled (422 `payments.provider.required` otherwise)",
    )


@decisions_router.post("/{number}/pay", response={201: PaymentOut, **error_responses(404, 409)})
def my_decision_pay(request, number: str, payload: PayIn):
    """Open (or reuse) the payment order of the fine; 409 once paid. The credit arrives by
    the acquirer's signed notification, and the decision shows it as paid."""
    start = services.fine_payment_start(
        actor=request.auth.user,
        number=number,
        return_url=absolute_return_url(request, payload.return_url or f"/me/decisions/{number}/"),
        provider=payload.provider or None,
    )
    return Status(
        201,
        {
            "order": start.order.number,
            "amount": str(Money(start.order.amount_fen).yuan),
            "pay_url": start.pay_url,
        },
    )


authorisations_router = Router(tags=["me: violations"], auth=citizen_auth)


def _authorisation_out(item, person_id: int) -> dict:
    return {
        "id": item.pk,
        "plate_number": item.vehicle.plate_number,
        "status": item.status,
        "role": "driver" if item.driver_id == person_id else "owner",
    }


@authorisations_router.get("", response=list[AuthorisationOut])
def my_authorisations(request):
    person_id = request.auth.person_id
    rows = selectors.authorisations_of_person(person_id=person_id)
    return [_authorisation_out(item, person_id) for item in rows]


@authorisations_router.post("", response={201: AuthorisationOut, **error_responses(404, 409, 429)})
def my_authorisation_request(request, payload: AuthorisationIn):
    """Ask to handle another owner's small car; the owner is texted a consent code."""
    item = services.authorisation_request(
        actor=request.auth.user,
        plate_number=payload.plate_number,
        ip_address=client_address(request),
    )
    return Status(201, _authorisation_out(item, request.auth.person_id))


@authorisations_router.post(
    "/{authorisation_id}/confirm",
    response={200: AuthorisationOut, **error_responses(404, 409, 429)},
)
def my_authorisation_confirm(request, authorisation_id: RowId, payload: ConsentIn):
    """Enter the code the owner gave me (at most three cars at once)."""
    item = services.authorisation_confirm(
        actor=request.auth.user, authorisation_id=authorisation_id, code=payload.code
    )
    return _authorisation_out(item, request.auth.person_id)


@authorisations_router.post(
    "/{authorisation_id}/revoke", response={200: AuthorisationOut, **error_responses(404, 409)}
)
def my_authorisation_revoke(request, authorisation_id: RowId):
    """End an authorisation, as its owner or its driver."""
    item = services.authorisation_revoke(actor=request.auth.user, authorisation_id=authorisation_id)
    return _authorisation_out(item, request.auth.person_id)


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/me/violations", router, position=40),
    ApiMount("/v1/me/decisions", decisions_router, position=50),
    ApiMount("/v1/me/authorisations", authorisations_router, position=60),
    ApiMount("/v1/partner", partner_router, position=90),
]
