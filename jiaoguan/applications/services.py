"""Writes of the case workflow: open a case, take an action of its table, claim and
release it.

Every write runs in one transaction, checks the table (``applications.rules``) and the
actor's right (a party of the case by ownership, an officer by ``actor.has_perm``), logs a
``CaseTransition`` and records an audit event. Assignment is decided by the database: a
conditional UPDATE (``assigned_to IS NULL``), so of many officers claiming a case at once
exactly one gets it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from jiaoguan.applications import errors, rules
from jiaoguan.applications._actors import officer_perm, parties_of, user_id_of
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.applications.notify import applicant_notify
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person

#: Who may take a case another officer has claimed (and release it for them).
REASSIGN = "applications.reassign_case"
#: Who may open a case for a citizen (at the counter); a citizen opens their own.
OPEN_FOR_OTHERS = "applications.add_case"

CLAIM, RELEASE, REASSIGN_ACTION, OPEN = "claim", "release", "reassign", "open"


def _table(kind: str) -> rules.Table:
    try:
        return rules.table_for(kind)
    except rules.TableError:
        raise errors.unknown_kind(kind) from None


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    username = getattr(actor, "get_username", None)
    return str(username() if callable(username) else getattr(actor, "audit_label", "system"))


def _log(
    case: Case,
    *,
    actor: Any,
    action: str,
    from_state: str,
    reason: str = "",
    ip_address: str | None,
) -> CaseTransition:
    step = CaseTransition.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        actor_id=user_id_of(actor),
        actor_label=_label(actor)[:150],
        reason=reason[:200],
        at=clock.now(),
        due_on=case.stage_due_on,
    )
    audit_record(
        actor=actor,
        action=f"applications.case.{action}",
        subject=case,
        person_id_number=case.applicant.id_number,
        data={
            "kind": case.kind,
            "reference": str(case.reference),
            "from": from_state,
            "to": case.state,
            **({"reason": step.reason} if step.reason else {}),
            **({"assigned_to": case.assigned_to_id} if action in (CLAIM, REASSIGN_ACTION) else {}),
        },
        ip_address=ip_address,
    )
    return step


def _enter(case: Case, table: rules.Table, state: str) -> None:
    now = clock.now()
    case.state = state
    case.stage_entered_at = now
    case.stage_due_on = rules.stage_deadline(table, state, clock.local(now).date())
    case.closed_at = now if table.stage(state).final else None


def case_open(
    *,
    actor: Any,
    kind: str,
    applicant: Person,
    province_code: str,
    office_code: str,
    co_applicant: Person | None = None,
    state: str | None = None,
    subject_label: str = "",
    ip_address: str | None = None,
) -> Case:
    """Open a case of ``kind`` for ``applicant`` at the office that handles it, in the
    table's first initial state (or ``state``, one of the table's initial states). The
    applicant opens their own case; an officer needs ``applications.add_case``. Its clock
    starts today. Audits ``applications.case.open``."""
    table = _table(kind)
    state = state or table.initial[0]
    if state not in table.initial:
        raise errors.not_an_initial_state(state)
    if getattr(actor, "person_id", None) != applicant.pk and not officer_perm(actor)(
        OPEN_FOR_OTHERS
    ):
        raise errors.not_permitted()
    with transaction.atomic():
        now = clock.now()
        case = Case(
            kind=kind,
            applicant=applicant,
            co_applicant=co_applicant,
            province_code=province_code,
            office_code=office_code,
            subject_label=subject_label[:60],
            opened_at=now,
        )
        _enter(case, table, state)
        case.save()
        _log(case, actor=actor, action=OPEN, from_state="", ip_address=ip_address)
    return case


def _locked(case: Case) -> Case:
    found = (
        Case.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .filter(pk=case.pk)
        .first()
    )
    if found is None:
        raise errors.case_not_found()
    return found


def case_transition(
    *,
    actor: Any,
    case: Case,
    action: str,
    reason: str = "",
    ip_address: str | None = None,
) -> Case:
    """Take ``action`` out of the case's current state, as its table allows: the actor is
    a party the action names, or an officer with one of its permissions (and the case is
    unassigned, theirs, or they hold ``applications.reassign_case``). The case row is
    locked; the next stage's clock starts today; a new stage is worked by whoever claims
    it (the assignment is cleared). A transition the table marks ``notify`` tells the
    applicant (``applications.notify``).

    Refused with ``applications.case.action_not_allowed`` (not out of this state),
    ``applications.case.forbidden``, ``applications.case.reason_required`` or
    ``applications.case.assigned_elsewhere``. Audits ``applications.case.<action>``.
    Returns the updated case.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _locked(case)
        table = _table(locked.kind)
        parties = parties_of(actor, locked)
        has_perm = officer_perm(actor)
        try:
            step = rules.transition_check(
                table, locked.state, action, parties=parties, has_perm=has_perm, reason=reason
            )
        except rules.TransitionRefused as refused:
            if refused.reason == rules.Refusal.NOT_IN_STATE:
                raise errors.ActionNotAllowed(refused.allowed_from) from None
            if refused.reason == rules.Refusal.REASON_REQUIRED:
                raise errors.reason_required() from None
            raise errors.not_permitted() from None
        as_officer = not (step.parties & parties)
        user_id = user_id_of(actor)
        if as_officer and locked.assigned_to_id not in (None, user_id) and not has_perm(REASSIGN):
            raise errors.assigned_elsewhere()
        from_state = locked.state
        _enter(locked, table, step.to)
        locked.assigned_to = None
        locked.assigned_at = None
        locked.save(
            update_fields=[
                "state",
                "stage_entered_at",
                "stage_due_on",
                "closed_at",
                "assigned_to",
                "assigned_at",
            ]
        )
        logged = _log(
            locked,
            actor=actor,
            action=action,
            from_state=from_state,
            reason=reason,
            ip_address=ip_address,
        )
        if step.notify:
            applicant_notify(case=locked, transition=logged, action=step)
    return locked


def case_claim(
    *, actor: Any, case: Case, take_over: bool = False, ip_address: str | None = None
) -> Case:
    """An officer takes the case to work it alone: they must be able to act in its current
    state. A conditional UPDATE assigns it only while nobody has it, so of many officers
    claiming at once exactly one gets it; the others get
    ``applications.case.assigned_elsewhere``. With ``take_over`` an officer holding
    ``applications.reassign_case`` takes it from another officer. Claiming one's own case
    again changes nothing. Audits ``applications.case.claim`` / ``.reassign``."""
    has_perm = officer_perm(actor)
    user_id = user_id_of(actor)
    table = _table(case.kind)
    workable = table.states_for(has_perm)
    if user_id is None or not workable:
        raise errors.not_permitted()
    with transaction.atomic():
        now = clock.now()
        claimed = Case.objects.filter(
            pk=case.pk, assigned_to__isnull=True, state__in=workable
        ).update(assigned_to_id=user_id, assigned_at=now)
        current = _locked(case)
        action = CLAIM
        if not claimed:
            if current.assigned_to_id == user_id:
                return current
            if table.stage(current.state).final:
                raise errors.case_closed()
            if current.state not in workable:
                raise errors.not_permitted()
            if not (take_over and has_perm(REASSIGN)):
                raise errors.assigned_elsewhere()
            Case.objects.filter(pk=case.pk, assigned_to_id=current.assigned_to_id).update(
                assigned_to_id=user_id, assigned_at=now
            )
            current = _locked(case)
            action = REASSIGN_ACTION
        _log(current, actor=actor, action=action, from_state=current.state, ip_address=ip_address)
    return current


def case_release(*, actor: Any, case: Case, ip_address: str | None = None) -> Case:
    """The officer working a case puts it back in the queue (or, with
    ``applications.reassign_case``, releases another officer's). Refused with
    ``applications.case.not_assigned``. Audits ``applications.case.release``."""
    user_id = user_id_of(actor)
    with transaction.atomic():
        released = Case.objects.filter(pk=case.pk, assigned_to_id=user_id).update(
            assigned_to=None, assigned_at=None
        )
        if not released and user_id is not None and officer_perm(actor)(REASSIGN):
            released = Case.objects.filter(pk=case.pk, assigned_to__isnull=False).update(
                assigned_to=None, assigned_at=None
            )
        if not released:
            raise errors.not_assigned_to_you()
        current = _locked(case)
        _log(current, actor=actor, action=RELEASE, from_state=current.state, ip_address=ip_address)
    return current
