"""Reads of the case workflow: an officer's work queue and a citizen's timeline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications import errors, rules
from jiaoguan.applications._actors import officer_perm, parties_of, parties_of_person, user_id_of
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.applications.services import CLAIM, OPEN, REASSIGN_ACTION, RELEASE
from jiaoguan.identity.actors import OfficerActor, jurisdiction_of


def work_queue(
    *,
    actor: Any,
    office_code: str | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 200,
) -> list[Case]:
    """The cases an officer can work now, nearest deadline first (no clock last, then the
    longest waiting): of the kinds asked (default all), in a state in which the officer's
    permissions can take an action, unassigned or assigned to them; at ``office_code`` when
    given, else in the officer's jurisdiction (their office's province; a system job: every
    place)."""
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
    if office_code is not None:
        cases = cases.filter(office_code=office_code)
    else:
        who = jurisdiction_of(actor)
        if who is None or (isinstance(who, OfficerActor) and not who.province_code):
            return []
        if isinstance(who, OfficerActor):
            cases = cases.filter(province_code=who.province_code)
    return list(
        cases.select_related("applicant", "assigned_to").order_by(
            F("stage_due_on").asc(nulls_last=True), "stage_entered_at", "id"
        )[:limit]
    )


def case_by_reference(*, reference: str) -> Case:
    """The case with ``reference`` (a UUID), or ``applications.case.not_found``. For an
    officer's page: who may see it is the caller's check (a citizen reads through
    ``case_of_party``)."""
    try:
        return Case.objects.select_related("applicant", "assigned_to").get(reference=str(reference))
    except (Case.DoesNotExist, ValueError, ValidationError):
        raise errors.case_not_found() from None


def case_of_party(*, actor: Any, reference: str) -> Case:
    """The case with ``reference`` if the actor is a party of it (applicant or
    co-applicant); ``applications.case.not_found`` otherwise, as if it did not exist."""
    case = case_by_reference(reference=reference)
    if not parties_of(actor, case):
        raise errors.case_not_found()
    return case


@dataclass(frozen=True)
class LogEntry:
    """One logged step in the words of the case's table (labels untranslated)."""

    at: datetime
    action: str
    action_label: Any
    from_label: str  # empty for the opening and the assignments (the stage does not change)
    to_label: str
    actor_label: str
    reason: str
    due_on: date | None


_STEP_LABELS = {
    OPEN: _("已提交申请"),
    CLAIM: _("领取"),
    RELEASE: _("放回"),
    REASSIGN_ACTION: _("改派"),
}


def case_log(*, case: Case) -> list[LogEntry]:
    """Every logged step of the case, assignments included, oldest first (officers' view)."""
    table = rules.table_for(case.kind)
    entries = []
    for step in case.transitions.order_by("at", "id"):
        action = table.action(step.from_state, step.action) if step.from_state else None
        moved = step.from_state and step.from_state != step.to_state
        entries.append(
            LogEntry(
                at=step.at,
                action=step.action,
                action_label=action.label if action else _STEP_LABELS.get(step.action, step.action),
                from_label=table.stage(step.from_state).label if moved else "",
                to_label=table.stage(step.to_state).label,
                actor_label=step.actor_label,
                reason=step.reason,
                due_on=step.due_on,
            )
        )
    return entries


def officer_actions(*, actor: Any, case: Case) -> tuple[rules.Action, ...]:
    """The actions out of the case's current state that the officer's permissions allow
    (what a back-office page offers; taking one still goes through the services)."""
    has_perm = officer_perm(actor)
    stage = rules.table_for(case.kind).stage(case.state)
    return tuple(
        action
        for action in stage.actions
        if any(has_perm(permission) for permission in action.permissions)
    )


def party_actions(*, case: Case, person_id: int | None) -> frozenset[str]:
    """The actions of the case's table the person may take now as a party of the case
    (what a citizen's page offers)."""
    if person_id is None:
        return frozenset()
    parties = parties_of_person(person_id, case)
    stage = rules.table_for(case.kind).stage(case.state)
    return frozenset(action.name for action in stage.actions if action.parties & parties)


def case_is_open(*, case: Case) -> bool:
    """Whether the case is still being handled (its state is not final)."""
    return case.state in rules.table_for(case.kind).open_states


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


@dataclass(frozen=True)
class CaseSummary:
    """Where a case stands, in the words of its table (labels untranslated: the channel
    translates them when shown)."""

    reference: str
    kind: str
    kind_label: str
    subject_label: str
    state: str
    stage_label: str
    opened_at: datetime
    due_on: date | None
    closed: bool
    overdue: bool  # open, with a deadline before today


def case_summary(*, case: Case, today: date) -> CaseSummary:
    table = rules.table_for(case.kind)
    stage = table.stage(case.state)
    return CaseSummary(
        reference=str(case.reference),
        kind=case.kind,
        kind_label=table.label,
        subject_label=case.subject_label,
        state=case.state,
        stage_label=stage.label,
        opened_at=case.opened_at,
        due_on=case.stage_due_on,
        closed=stage.final,
        overdue=not stage.final and case.stage_due_on is not None and case.stage_due_on < today,
    )


def action_labels(*, case: Case, names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, label) of the named actions out of the case's current state, in table order."""
    wanted = set(names)
    stage = rules.table_for(case.kind).stage(case.state)
    return [(action.name, action.label) for action in stage.actions if action.name in wanted]
