"""What the case workflow tells the domains above it (ADR 0009)."""

from dataclasses import dataclass
from datetime import date, datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class ApplicantNoticeDue(Event):
    """A transition the case's table marks ``notify`` was taken: the applicant is to be told.

    Published by ``applications.services.case_transition`` (through
    ``applications.notify.applicant_notify``) inside the transition's transaction.
    ``transition_id`` names the logged step (``CaseTransition``), so a subscriber tells each
    transition once; ``due_on`` is the statutory deadline of the stage the case entered
    (None: no clock, or the case is closed)."""

    reference: str  # the case's stable reference (a UUID)
    kind: str  # the case kind, a key of ``applications.rules.TABLES``
    applicant_person_id: int
    action: str  # the table's action code
    state: str  # the state the case entered
    due_on: date | None
    transition_id: int
    at: datetime
