"""The citizen's applications over the API (网办进度, ``/v1/me/cases``): the cases they are
a party of, where each stands and its statutory deadline, and the timeline of one. Keyed by
the caller's own person: another person's case answers 404 as if it did not exist."""

from datetime import date
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.applications import selectors
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.papers.postal.selectors import shipment_views_of_case

router = Router(tags=["applications"], auth=citizen_auth)


class CaseOut(Schema):
    reference: str
    kind: str
    kind_label: str
    subject_label: str
    state: str
    stage_label: str
    opened_at: str
    due_on: date | None
    closed: bool
    overdue: bool


class StageOut(Schema):
    state: str
    label: str
    entered_at: str
    due_on: date | None
    left_at: str | None
    left_by: str


class ActionOut(Schema):
    name: str
    label: str


class CaseShipmentOut(Schema):
    leg: str
    leg_label: str
    waybill_number: str  # "" until the courier has answered the booking
    booking_failed: bool
    state: str
    state_label: str
    exception: bool
    estimated_from: date | None
    estimated_until: date | None


class CaseDetailOut(CaseOut):
    done: list[StageOut]
    current: StageOut | None
    result: StageOut | None
    actions: list[ActionOut]
    shipments: list[CaseShipmentOut]


def _case(summary: selectors.CaseSummary) -> dict:
    return {
        "reference": summary.reference,
        "kind": summary.kind,
        "kind_label": _(summary.kind_label),
        "subject_label": summary.subject_label,
        "state": summary.state,
        "stage_label": _(summary.stage_label),
        "opened_at": clock.local(summary.opened_at).isoformat(),
        "due_on": summary.due_on,
        "closed": summary.closed,
        "overdue": summary.overdue,
    }


def _stage(stage: selectors.TimelineStage | None) -> dict | None:
    if stage is None:
        return None
    return {
        "state": stage.state,
        "label": _(stage.label),
        "entered_at": clock.local(stage.entered_at).isoformat(),
        "due_on": stage.due_on,
        "left_at": clock.local(stage.left_at).isoformat() if stage.left_at else None,
        "left_by": _(stage.left_by) if stage.left_by else "",
    }


@router.get("", response=list[CaseOut])
def my_cases(request):
    """My applications, newest first: the business, its current stage and that stage's
    statutory deadline (working days; `null` when the case waits for a citizen or is
    closed), and whether that deadline has passed. 401 `auth.required` without a login."""
    today = clock.today()
    return [
        _case(selectors.case_summary(case=case, today=today))
        for case in selectors.cases_of_person(actor=request.auth)
    ]


@router.get("/{reference}", response={200: CaseDetailOut, **error_responses(404)})
def my_case(request, reference: UUID):
    """One of my applications with its timeline: the stages done (entered, left, by which
    action), the current stage with its deadline (or `result`, the final stage, once
    closed), the actions I may take now as a party of the case, and its parcels in the
    post (waybill numbers and where each stands; papers cases only). 404
    `applications.case.not_found` when it is not mine or does not exist; 401
    `auth.required` without a login."""
    case = selectors.case_of_party(actor=request.auth, reference=str(reference))
    timeline = selectors.case_timeline(actor=request.auth, case=case)
    names = selectors.party_actions(case=case, person_id=request.auth.person_id)
    return {
        **_case(selectors.case_summary(case=case, today=clock.today())),
        "done": [_stage(stage) for stage in timeline.done],
        "current": _stage(timeline.current),
        "result": _stage(timeline.closed),
        "actions": [
            {"name": name, "label": _(label)}
            for name, label in selectors.action_labels(case=case, names=names)
        ],
        "shipments": [
            {
                "leg": view.leg,
                "leg_label": view.leg_label,
                "waybill_number": view.waybill_number,
                "booking_failed": view.booking_failed,
                "state": view.state,
                "state_label": view.state_label,
                "exception": view.exception,
                "estimated_from": view.estimated_from,
                "estimated_until": view.estimated_until,
            }
            for view in (
                shipment_views_of_case(case_reference=case.reference)
                if case.kind.startswith("papers.")
                else []
            )
        ],
    }


mounts = [
    ApiMount("/v1/me/cases", router, position=160),
]
