"""The one place a case transition tells the applicant: it publishes
``applications.events.ApplicantNoticeDue`` (ADR 0009); the notices app subscribes."""

from jiaoguan.applications.events import ApplicantNoticeDue
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.applications.rules import Action
from jiaoguan.core.events import publish


def applicant_notify(*, case: Case, transition: CaseTransition, action: Action) -> None:
    """Announce a transition the table marks ``notify`` (inside the caller's transaction)."""
    publish(
        ApplicantNoticeDue(
            reference=str(case.reference),
            kind=case.kind,
            applicant_person_id=case.applicant_id,
            action=action.name,
            state=case.state,
            due_on=case.stage_due_on,
            transition_id=transition.pk,
            at=transition.at,
        )
    )
