"""A case workflow as a table (ARCHITECTURE rule 12; DIGIT's ``BusinessService``): the
stages of one kind of case, the actions out of each, who may take each action, the stage
each action leads to, and the statutory clock of each stage in working days.

Pure: plain values in, plain values out, no Django. A table is validated when it is built
(``table_check``), so a mistake in one (an unknown or unreachable stage, a final stage with
actions, a dead end) fails at import, in every test run, never in front of a user.

Who may act is written in the table as a *party* of the case (``APPLICANT``,
``CO_APPLICANT``) or as an officer permission (Django's ``"app_label.codename"``). The
services ask the actor: a party by ownership of the case, a permission by
``actor.has_perm``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from jiaoguan.core import clock

__all__ = [
    "APPLICANT",
    "CO_APPLICANT",
    "PARTIES",
    "Action",
    "Refusal",
    "Stage",
    "Table",
    "TableError",
    "TransitionRefused",
    "stage_deadline",
    "table_check",
    "transition_check",
]

APPLICANT = "applicant"
CO_APPLICANT = "co_applicant"  # the other party who must also apply (a spouse, a second driver)
PARTIES = frozenset({APPLICANT, CO_APPLICANT})

_PERMISSION = re.compile(r"^[a-z_]+\.[a-z_]+$")
_NAME = re.compile(r"^[a-z][a-z_]*$")


def _(text: str) -> str:
    """Marks a label for the translation catalog; the channel translates it when shown."""
    return text


class TableError(ValueError):
    """A table that cannot be right: raised when the table is built."""


@dataclass(frozen=True)
class Action:
    """One way out of a stage: its name, the stage it leads to, who may take it (parties
    and officer permissions, any one suffices), whether the applicant is told, and whether
    a reason must be given."""

    name: str
    to: str
    by: tuple[str, ...]
    label: str = ""
    notify: bool = False
    reason_required: bool = False

    @property
    def parties(self) -> frozenset[str]:
        return frozenset(who for who in self.by if who in PARTIES)

    @property
    def permissions(self) -> frozenset[str]:
        return frozenset(who for who in self.by if who not in PARTIES)


@dataclass(frozen=True)
class Stage:
    """A state of the case. ``working_days`` is its statutory clock (None: no clock, e.g.
    while the case waits for a citizen); a ``final`` stage has no actions and no clock."""

    name: str
    label: str
    actions: tuple[Action, ...] = ()
    working_days: int | None = None
    final: bool = False


@dataclass(frozen=True)
class Table:
    """The workflow of one kind of case; ``initial`` are the stages a case may open in."""

    kind: str
    label: str
    initial: tuple[str, ...]
    stages: tuple[Stage, ...]
    _by_name: dict[str, Stage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {stage.name: stage for stage in self.stages})
        table_check(self)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    @property
    def open_states(self) -> frozenset[str]:
        """The stages in which a case is still being handled (not final)."""
        return frozenset(stage.name for stage in self.stages if not stage.final)

    def stage(self, name: str) -> Stage:
        try:
            return self._by_name[name]
        except KeyError:
            raise TableError(f"{self.kind}: unknown state {name!r}") from None

    def action(self, state: str, name: str) -> Action | None:
        """The action ``name`` out of ``state``, or None when the table has none."""
        return next((a for a in self.stage(state).actions if a.name == name), None)

    def states_allowing(self, name: str) -> tuple[str, ...]:
        """The stages out of which the action ``name`` may be taken, in table order."""
        return tuple(s.name for s in self.stages if any(a.name == name for a in s.actions))

    def states_for(self, has_perm: Callable[[str], bool]) -> frozenset[str]:
        """The stages in which an officer with these permissions can take some action (the
        stages of their work queue)."""
        return frozenset(
            stage.name
            for stage in self.stages
            if any(has_perm(p) for action in stage.actions for p in action.permissions)
        )


def table_check(table: Table) -> None:
    """Refuse a table that cannot be right (``TableError`` with every problem found)."""
    problems: list[str] = []
    names = [stage.name for stage in table.stages]
    known = set(names)
    if len(known) != len(names):
        problems.append("a state is declared twice")
    if not table.initial:
        problems.append("no initial state")
    problems += [f"unknown initial state {name!r}" for name in table.initial if name not in known]
    for stage in table.stages:
        if not _NAME.match(stage.name):
            problems.append(f"state name {stage.name!r} is not snake_case")
        if stage.final and stage.actions:
            problems.append(f"final state {stage.name!r} has actions")
        if not stage.final and not stage.actions:
            problems.append(f"state {stage.name!r} has no action and is not final")
        if stage.final and stage.working_days is not None:
            problems.append(f"final state {stage.name!r} has a clock")
        if stage.working_days is not None and stage.working_days < 0:
            problems.append(f"state {stage.name!r} has a negative clock")
        action_names = [action.name for action in stage.actions]
        if len(set(action_names)) != len(action_names):
            problems.append(f"state {stage.name!r} declares an action twice")
        for action in stage.actions:
            where = f"{stage.name}.{action.name}"
            if not _NAME.match(action.name):
                problems.append(f"action name {where!r} is not snake_case")
            if action.to not in known:
                problems.append(f"{where} leads to unknown state {action.to!r}")
            if not action.by:
                problems.append(f"{where} names nobody who may take it")
            problems += [
                f"{where}: {who!r} is neither a party nor an 'app.codename' permission"
                for who in action.by
                if who not in PARTIES and not _PERMISSION.match(who)
            ]
    reachable = _reachable(table.initial, {s.name: s for s in table.stages})
    problems += [f"state {name!r} is unreachable" for name in names if name not in reachable]
    if problems:
        raise TableError(f"{table.kind}: " + "; ".join(problems))


def _reachable(initial: Iterable[str], stages: dict[str, Stage]) -> set[str]:
    seen: set[str] = set()
    todo = [name for name in initial if name in stages]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [action.to for action in stages[name].actions if action.to in stages]
    return seen


class Refusal:
    """Why a transition is refused (the ``reason`` of ``TransitionRefused``)."""

    NOT_IN_STATE = "not_in_state"  # the table has no such action out of the current state
    NOT_PERMITTED = "not_permitted"  # the action exists but this actor may not take it
    REASON_REQUIRED = "reason_required"


class TransitionRefused(Exception):
    def __init__(self, reason: str, *, allowed_from: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.allowed_from = allowed_from


def transition_check(
    table: Table,
    state: str,
    action_name: str,
    *,
    parties: frozenset[str],
    has_perm: Callable[[str], bool],
    reason: str = "",
) -> Action:
    """The action ``action_name`` out of ``state`` if this actor may take it: a party of
    the case the action names, or an officer holding one of its permissions. Raises
    ``TransitionRefused`` otherwise."""
    action = table.action(state, action_name)
    if action is None:
        raise TransitionRefused(
            Refusal.NOT_IN_STATE, allowed_from=table.states_allowing(action_name)
        )
    if not (action.parties & parties or any(has_perm(p) for p in action.permissions)):
        raise TransitionRefused(Refusal.NOT_PERMITTED)
    if action.reason_required and not reason.strip():
        raise TransitionRefused(Refusal.REASON_REQUIRED)
    return action


def stage_deadline(table: Table, state: str, entered_on: date) -> date | None:
    """The last day of ``state``'s statutory clock for a case that entered it on
    ``entered_on``: that many working days later, the day itself not counted (登记规定
    art. 92; ``core.clock.add_working_days``, holidays and adjusted working days included).
    None when the stage has no clock."""
    days = table.stage(state).working_days
    if days is None:
        return None
    return clock.add_working_days(entered_on, days)
