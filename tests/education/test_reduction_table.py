"""The points-reduction application and its test attempts follow their tables
(``applications.rules.reduction``): the tables know every state of the models, and a change
the table does not allow is refused."""

import pytest

from jiaoguan.applications.rules import APPLICANT, Refusal, TransitionRefused, transition_check
from jiaoguan.applications.rules import reduction as table
from jiaoguan.education.models import ReductionApplication
from jiaoguan.education.models import TestAttempt as Attempt

Status = ReductionApplication.Status


def test_the_tables_know_every_state_of_an_application_and_an_attempt():
    assert set(table.APPLICATION.states) == set(Status.values)
    assert set(table.ATTEMPT.states) == set(Attempt.State.values)
    for stage in table.APPLICATION.stages:
        assert stage.label == Status(stage.name).label
    for stage in table.ATTEMPT.stages:
        assert stage.label == Attempt.State(stage.name).label


def test_open_states_are_those_of_study_and_test_and_the_constraint_names_them():
    assert set(table.OPEN) == {"studying", "studied"}
    assert {"studying"} == table.STUDYING
    assert {"studied"} == table.TESTING
    constraint = next(
        c
        for c in ReductionApplication._meta.constraints
        if c.name == "education_one_open_reduction"
    )
    assert set(dict(constraint.condition.children)["status__in"]) == set(table.OPEN)


#: The whole application table, written out: (state, action) → (next state, who).
MATRIX = {
    ("studying", "complete_study"): ("studied", {APPLICANT}),
    ("studying", "expire"): ("expired", {APPLICANT}),
    ("studying", "void"): ("void", {APPLICANT}),
    ("studied", "reduce"): ("reduced", {APPLICANT}),
    ("studied", "fail"): ("failed", {APPLICANT}),
    ("studied", "expire"): ("expired", {APPLICANT}),
    ("reduced", "revoke"): ("revoked", {table.REVOKER}),
}


def test_the_application_table_holds_exactly_the_written_matrix():
    found = {
        (stage.name, action.name): (action.to, set(action.by))
        for stage in table.APPLICATION.stages
        for action in stage.actions
    }
    assert found == MATRIX


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("studying", "reduce"),
        ("studied", "complete_study"),
        ("reduced", "reduce"),
        ("void", "complete_study"),
        ("expired", "reduce"),
        ("revoked", "revoke"),
    ],
)
def test_what_the_table_lacks_is_refused(state, action):
    with pytest.raises(TransitionRefused) as refused:
        transition_check(
            table.APPLICATION,
            state,
            action,
            parties=frozenset({APPLICANT}),
            has_perm=lambda p: True,
            reason="理由",
        )
    assert refused.value.reason == Refusal.NOT_IN_STATE


def test_only_an_officer_revokes_a_reduction_and_only_with_a_reason():
    with pytest.raises(TransitionRefused) as refused:
        transition_check(
            table.APPLICATION,
            "reduced",
            "revoke",
            parties=frozenset({APPLICANT}),
            has_perm=lambda p: False,
            reason="理由",
        )
    assert refused.value.reason == Refusal.NOT_PERMITTED
    with pytest.raises(TransitionRefused) as refused:
        transition_check(
            table.APPLICATION,
            "reduced",
            "revoke",
            parties=frozenset(),
            has_perm={table.REVOKER}.__contains__,
            reason=" ",
        )
    assert refused.value.reason == Refusal.REASON_REQUIRED


def test_an_attempt_ends_once():
    for ended in ("passed", "failed"):
        for action in ("pass_test", "fail_test"):
            with pytest.raises(TransitionRefused):
                transition_check(
                    table.ATTEMPT,
                    ended,
                    action,
                    parties=frozenset({APPLICANT}),
                    has_perm=lambda p: False,
                )
