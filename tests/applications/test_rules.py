"""The workflow tables (pure): every table is valid, every transition of each is allowed or
refused as the table says (generated from the tables, so they cannot drift apart), the
plate-request tables hold exactly the matrix written here, and stage clocks count working
days across weekends, holidays and adjusted working days."""

from datetime import date

import pytest

from jiaoguan.applications import rules
from jiaoguan.applications.rules import (
    APPLICANT,
    CO_APPLICANT,
    Action,
    Refusal,
    Stage,
    Table,
    TableError,
    TransitionRefused,
    stage_deadline,
    transition_check,
)
from jiaoguan.core import clock

OFFICER = "plates.change_platerequest"

# Who may be asking: (name, parties, permissions).
ASKERS = (
    ("applicant", frozenset({APPLICANT}), frozenset()),
    ("co_applicant", frozenset({CO_APPLICANT}), frozenset()),
    ("both", frozenset({APPLICANT, CO_APPLICANT}), frozenset()),
    ("officer", frozenset(), frozenset({OFFICER})),
    ("other_officer", frozenset(), frozenset({"exams.add_examwindow"})),
    ("nobody", frozenset(), frozenset()),
)


def _every_attempt():
    for table in rules.TABLES.values():
        names = sorted({a.name for s in table.stages for a in s.actions} | {"no_such_action"})
        for stage in table.stages:
            for name in names:
                for asker in ASKERS:
                    yield table, stage, name, asker


@pytest.mark.parametrize(
    ("table", "stage", "name", "asker"),
    list(_every_attempt()),
    ids=lambda value: (
        getattr(value, "kind", None)
        or getattr(value, "name", None)
        or (value[0] if isinstance(value, tuple) else str(value))
    ),
)
def test_every_attempt_is_allowed_or_refused_as_its_table_says(table, stage, name, asker):
    _, parties, permissions = asker
    action = next((a for a in stage.actions if a.name == name), None)

    def attempt():
        return transition_check(
            table,
            stage.name,
            name,
            parties=parties,
            has_perm=permissions.__contains__,
            reason="理由",
        )

    if action is None:
        with pytest.raises(TransitionRefused) as refused:
            attempt()
        assert refused.value.reason == Refusal.NOT_IN_STATE
        assert stage.name not in refused.value.allowed_from
    elif set(action.by) & (parties | permissions):
        taken = attempt()
        assert taken is action
        assert taken.to in table.states
    else:
        with pytest.raises(TransitionRefused) as refused:
            attempt()
        assert refused.value.reason == Refusal.NOT_PERMITTED


#: The plate-request workflows, written out: (kind, state, action) → (next state, who).
PLATE_MATRIX = {
    ("plates.keep_previous", "submitted", "approve"): ("approved", {OFFICER}),
    ("plates.keep_previous", "submitted", "refuse"): ("refused", {OFFICER}),
    ("plates.keep_previous", "submitted", "withdraw"): ("withdrawn", {APPLICANT, CO_APPLICANT}),
    ("plates.swap", "submitted", "approve"): ("approved", {OFFICER}),
    ("plates.swap", "submitted", "refuse"): ("refused", {OFFICER}),
    ("plates.swap", "submitted", "withdraw"): ("withdrawn", {APPLICANT, CO_APPLICANT}),
    ("plates.spouse_transfer", "awaiting_spouse", "confirm"): ("submitted", {CO_APPLICANT}),
    ("plates.spouse_transfer", "awaiting_spouse", "approve_in_person"): ("approved", {OFFICER}),
    ("plates.spouse_transfer", "awaiting_spouse", "refuse"): ("refused", {OFFICER}),
    ("plates.spouse_transfer", "awaiting_spouse", "withdraw"): (
        "withdrawn",
        {APPLICANT, CO_APPLICANT},
    ),
    ("plates.spouse_transfer", "submitted", "approve"): ("approved", {OFFICER}),
    ("plates.spouse_transfer", "submitted", "refuse"): ("refused", {OFFICER}),
    ("plates.spouse_transfer", "submitted", "withdraw"): ("withdrawn", {APPLICANT, CO_APPLICANT}),
}


def test_the_plate_tables_hold_exactly_the_written_matrix():
    found = {
        (table.kind, stage.name, action.name): (action.to, set(action.by))
        for table in rules.TABLES.values()
        if table.kind.startswith("plates.")
        for stage in table.stages
        for action in stage.actions
    }
    assert found == PLATE_MATRIX


def test_plate_decisions_tell_the_applicant_and_a_refusal_needs_a_reason():
    for table in rules.TABLES.values():
        if not table.kind.startswith("plates."):
            continue
        for stage in table.stages:
            for action in stage.actions:
                assert action.notify == (action.to in ("approved", "refused")), action
                assert action.reason_required == (action.name == "refuse"), action


def test_every_table_starts_open_and_has_a_final_state():
    for table in rules.TABLES.values():
        assert all(not table.stage(name).final for name in table.initial)
        assert any(stage.final for stage in table.stages)
        assert table.open_states == {s.name for s in table.stages if not s.final}


def test_a_reason_is_required_where_the_table_says():
    table = rules.table_for("plates.swap")
    with pytest.raises(TransitionRefused) as refused:
        transition_check(
            table, "submitted", "refuse", parties=frozenset(), has_perm=lambda p: True, reason=" "
        )
    assert refused.value.reason == Refusal.REASON_REQUIRED


def test_the_work_queue_states_of_a_permission():
    table = rules.table_for("plates.spouse_transfer")
    assert table.states_for(lambda p: p == OFFICER) == {"awaiting_spouse", "submitted"}
    assert table.states_for(lambda p: False) == frozenset()
    assert table.states_allowing("confirm") == ("awaiting_spouse",)


# --- validation when a table is built --------------------------------------------------------

_OK = Action("decide", "done", (OFFICER,))


def _table(*stages: Stage, initial=("open",)) -> Table:
    return Table(kind="test.case", label="测试", initial=initial, stages=stages)


def test_a_valid_table_builds():
    table = _table(Stage("open", "待办", (_OK,), working_days=1), Stage("done", "办结", final=True))
    assert table.states == ("open", "done")


@pytest.mark.parametrize(
    ("stages", "initial", "problem"),
    [
        ((Stage("open", "待办", (_OK,)),), ("open",), "unknown state 'done'"),
        (
            (Stage("open", "待办", (_OK,)), Stage("done", "办结", final=True)),
            ("start",),
            "unknown initial state 'start'",
        ),
        (
            (Stage("open", "待办", (_OK,)), Stage("done", "办结", final=True)),
            (),
            "no initial state",
        ),
        (
            (
                Stage("open", "待办", (_OK,)),
                Stage("done", "办结", final=True),
                Stage("lost", "孤立", (_OK,)),
            ),
            ("open",),
            "state 'lost' is unreachable",
        ),
        (
            (Stage("open", "待办", (_OK,)), Stage("done", "办结", (_OK,), final=True)),
            ("open",),
            "final state 'done' has actions",
        ),
        (
            (Stage("open", "待办", (_OK,)), Stage("done", "办结", final=True, working_days=1)),
            ("open",),
            "final state 'done' has a clock",
        ),
        (
            (Stage("open", "待办", (_OK,)), Stage("done", "办结")),
            ("open",),
            "state 'done' has no action and is not final",
        ),
        (
            (Stage("open", "待办", (_OK, _OK)), Stage("done", "办结", final=True)),
            ("open",),
            "declares an action twice",
        ),
        (
            (
                Stage("open", "待办", (Action("decide", "done", ("the boss",)),)),
                Stage("done", "办结", final=True),
            ),
            ("open",),
            "neither a party nor an 'app.codename' permission",
        ),
        (
            (
                Stage("open", "待办", (Action("decide", "done", ()),)),
                Stage("done", "办结", final=True),
            ),
            ("open",),
            "names nobody",
        ),
        (
            (Stage("open", "待办", (_OK,), working_days=-1), Stage("done", "办结", final=True)),
            ("open",),
            "negative clock",
        ),
        (
            (
                Stage("open", "待办", (_OK,)),
                Stage("open", "待办", (_OK,)),
                Stage("done", "办结", final=True),
            ),
            ("open",),
            "declared twice",
        ),
    ],
)
def test_a_table_that_cannot_be_right_is_refused_when_built(stages, initial, problem):
    with pytest.raises(TableError, match=problem):
        _table(*stages, initial=initial)


def test_an_unknown_state_or_kind_is_an_error():
    with pytest.raises(TableError):
        rules.table_for("plates.swap").stage("lost")
    with pytest.raises(TableError):
        rules.table_for("no.such_kind")


# --- stage clocks (登记规定 art. 92: working days; the start day is not counted) -------------

CLOCKED = _table(
    Stage("open", "待办", (_OK,), working_days=3),
    Stage("done", "办结", final=True),
)


@pytest.fixture(autouse=True)
def official_calendar():
    """The national calendar alone (operator overrides live in the database)."""
    previous = clock.set_override_provider(None)
    yield
    clock.set_override_provider(previous)


@pytest.mark.parametrize(
    ("entered_on", "due_on"),
    [
        (date(2025, 3, 3), date(2025, 3, 6)),  # Monday → Thursday
        (date(2025, 3, 6), date(2025, 3, 11)),  # Thursday → over the weekend → Tuesday
        (date(2025, 3, 7), date(2025, 3, 12)),  # Friday → Wednesday
        (date(2025, 3, 8), date(2025, 3, 12)),  # entered on a Saturday: Mon, Tue, Wed
        # National Day 2025: Oct 1–8 off; Sun Sep 28 and Sat Oct 11 are working days (调休).
        (date(2025, 9, 26), date(2025, 9, 30)),  # Fri → Sun 28 (worked), Mon 29, Tue 30
        (date(2025, 9, 29), date(2025, 10, 10)),  # Mon → Tue 30, then Thu 9, Fri 10
        (date(2025, 9, 30), date(2025, 10, 11)),  # Tue → Thu 9, Fri 10, Sat 11 (worked)
        (date(2025, 10, 1), date(2025, 10, 11)),  # entered on the holiday itself
        # Spring Festival 2025: Jan 28–Feb 4 off; Sun Jan 26 and Sat Feb 8 are working days.
        (date(2025, 1, 24), date(2025, 2, 5)),  # Fri → Sun 26, Mon 27, Wed Feb 5
        (date(2025, 2, 6), date(2025, 2, 10)),  # Thu → Fri 7, Sat 8 (worked), Mon 10
        # New Year 2025 (Wed Jan 1 off), over a year's end.
        (date(2024, 12, 30), date(2025, 1, 3)),  # Mon → Tue 31, Thu 2, Fri 3
    ],
)
def test_a_stage_clock_counts_working_days(entered_on, due_on):
    assert stage_deadline(CLOCKED, "open", entered_on) == due_on
    assert clock.working_days_between(entered_on, due_on) == 3


def test_an_operator_override_moves_the_deadline():
    # The operator declares Tue 2025-03-04 a day off and Sat 2025-03-08 a working day.
    overrides = {date(2025, 3, 4): False, date(2025, 3, 8): True}
    clock.set_override_provider(overrides.get)
    assert stage_deadline(CLOCKED, "open", date(2025, 3, 3)) == date(2025, 3, 7)
    assert stage_deadline(CLOCKED, "open", date(2025, 3, 6)) == date(2025, 3, 10)


def test_a_stage_without_a_clock_has_no_deadline_and_the_plate_review_has_three_days():
    assert stage_deadline(CLOCKED, "done", date(2025, 3, 3)) is None
    spouse = rules.table_for("plates.spouse_transfer")
    assert stage_deadline(spouse, "awaiting_spouse", date(2025, 3, 3)) is None
    assert stage_deadline(spouse, "submitted", date(2025, 3, 3)) == date(2025, 3, 6)


def test_the_accident_table_tells_the_parties_its_outcomes_and_wants_reasons_for_disputes():
    table = rules.table_for("accidents.quick")
    actions = {
        (stage.name, action.name): action for stage in table.stages for action in stage.actions
    }
    assert {key for key, action in actions.items() if action.notify} == {
        ("proposed", "agree"),
        ("disputed", "determine"),
        ("late_reported", "accept_late"),
        ("late_reported", "decline_late"),
    }
    assert {key for key, action in actions.items() if action.reason_required} == {
        ("joined", "dispute"),
        ("proposed", "dispute"),
        ("disputed", "determine"),
        ("late_reported", "decline_late"),
    }
    assert table.stage("late_reported").working_days == 3  # 事故程序规定 art. 18
    assert set(actions[("disputed", "determine")].by) == {"accidents.determine_accident"}
    assert table.stage("disputed").working_days == 3
