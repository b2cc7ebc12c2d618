"""Reads of the case workflow: an officer's work queue and a citizen's timeline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F, Q

from jiaoguan.applications import errors, rules
from jiaoguan.applications._actors import officer_perm, parties_of, user_id_of
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.applications.services import CLAIM, REASSIGN_ACTION, RELEASE


def work_queue(
    *,
    actor: Any,
    office_code: str | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 200,
) -> list[Case]:
    """The cases an officer can work now, nearest deadline first (no clock last, then the
    longest waiting): of the kinds asked (default all), in a state in which the officer's
    permissions can take an action, at their office (``office_code``, else the actor's
    ``office_code``; none known: every office), unassigned or assigned to them."""
    has_perm = officer_perm(actor)
    user_id = user_id_of(actor)
    wanted = set(kinds) if kinds is not None else set(rules.TABLES)
    workable = Q(pk__in=[])
    for kind in wanted:
        states = rules.table_for(kind).states_for(has_perm)
        if states:
            workable |= Q(kind=kind, state__in=sorted(states))
    cases = Case.objects.filter(workable).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to_id=user_id)
    )
    office = office_code if office_code is not None else getattr(actor, "office_code", None)
    if office:
        cases = cases.filter(office_code=office)
    return list(
        cases.select_related("applicant", "assigned_to").order_by(
            F("stage_due_on").asc(nulls_last=True), "stage_entered_at", "id"
        )[:limit]
    )


def party_actions(*, case: Case, person_id: int | None) -> frozenset[str]:
    """The actions of the case's table the person may take now as a party of the case
    (what a citizen's page offers)."""
    if person_id is None:
        return frozenset()
    parties = parties_of(_Person(person_id), case)
    stage = rules.table_for(case.kind).stage(case.state)
    return frozenset(action.name for action in stage.actions if action.parties & parties)


def case_is_open(*, case: Case) -> bool:
    """Whether the case is still being handled (its state is not final)."""
    return case.state in rules.table_for(case.kind).open_states


@dataclass(frozen=True)
class _Person:
    person_id: int
    kind: str = "citizen"


@dataclass(frozen=True)
class TimelineStage:
    state: str
    label: str
    entered_at: datetime
    due_on: date | None
    left_at: datetime | None = None
    left_by: str = ""  # the label of the action that ended the stage


@dataclass(frozen=True)
class Timeline:
    reference: str
    kind: str
    kind_label: str
    done: tuple[TimelineStage, ...]
    current: TimelineStage | None  # None once the case is closed
    closed: TimelineStage | None  # the final stage, once reached

    @property
    def due_on(self) -> date | None:
        return self.current.due_on if self.current else None


_ASSIGNMENTS = (CLAIM, RELEASE, REASSIGN_ACTION)


def _timeline_of(case: Case, steps: Iterable[CaseTransition]) -> Timeline:
    """The stages a case went through, from its log (assignments left out: a citizen sees
    stages and deadlines, not which officer holds the case)."""
    table = rules.table_for(case.kind)
    moves = [step for step in steps if step.action not in _ASSIGNMENTS]
    stages: list[TimelineStage] = []
    for index, step in enumerate(moves):
        after = moves[index + 1] if index + 1 < len(moves) else None
        action = table.action(step.to_state, after.action) if after is not None else None
        stages.append(
            TimelineStage(
                state=step.to_state,
                label=table.stage(step.to_state).label,
                entered_at=step.at,
                due_on=step.due_on,
                left_at=after.at if after is not None else None,
                left_by=action.label if action is not None else "",
            )
        )
    last = stages.pop() if stages else None
    final = last is not None and table.stage(last.state).final
    return Timeline(
        reference=str(case.reference),
        kind=case.kind,
        kind_label=table.label,
        done=tuple(stages),
        current=None if final else last,
        closed=last if final else None,
    )


def case_timeline(*, actor: Any, case: Case) -> Timeline:
    """The citizen-facing timeline of a case: the stages done, the current stage and its
    deadline. Only a party of the case (applicant or co-applicant) reads it
    (``applications.case.not_found`` otherwise, as if it did not exist)."""
    if not parties_of(actor, case):
        raise errors.case_not_found()
    return _timeline_of(case, case.transitions.order_by("at", "id"))


def cases_of_person(*, actor: Any) -> list[Case]:
    """The actor's cases (as applicant or co-applicant), newest first."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return []
    return list(
        Case.objects.filter(Q(applicant_id=person_id) | Q(co_applicant_id=person_id)).order_by(
            "-opened_at", "-id"
        )
    )
