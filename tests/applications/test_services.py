"""Opening a case, taking the actions of its table, claiming and releasing it; the work
queue and the citizen's timeline."""

from datetime import date, datetime

import pytest
from freezegun import freeze_time

from jiaoguan.applications import selectors, services
from jiaoguan.applications.events import ApplicantNoticeDue
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.crypto import blind_index
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.events import Phase, subscribe, unsubscribe
from tests.applications.factories import REVIEWER, make_case, make_case_officer
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db

REASSIGN = "applications.reassign_case"


@pytest.fixture(autouse=True)
def official_calendar():
    previous = clock.set_override_provider(None)
    yield
    clock.set_override_provider(previous)


def _code(call, **kwargs) -> str:
    with pytest.raises(ApplicationError) as refused:
        call(**kwargs)
    return refused.value.code


@freeze_time(datetime(2025, 3, 7, 2, 0, tzinfo=clock.TIMEZONE))  # a Friday
def test_a_case_opens_in_its_initial_state_with_its_clock_and_log():
    citizen = make_citizen()
    case = make_case(citizen=citizen)
    assert (case.kind, case.state) == ("plates.swap", "submitted")
    assert case.stage_due_on == date(2025, 3, 12)  # 3 working days: Mon, Tue, Wed
    assert case.assigned_to is None
    (opened,) = case.transitions.all()
    assert (opened.action, opened.from_state, opened.to_state) == ("open", "", "submitted")
    assert opened.actor_label == citizen.username
    event = AuditEvent.objects.get(action="applications.case.open")
    assert event.person_index == blind_index(citizen.person.id_number, purpose="id_number")
    assert event.data["reference"] == str(case.reference)


def test_nobody_opens_a_case_for_someone_else_without_the_permission():
    citizen, other = make_citizen(), make_citizen()
    assert (
        _code(
            services.case_open,
            actor=other,
            kind="plates.swap",
            applicant=citizen.person,
            province_code="32",
            office_code="苏A",
        )
        == "applications.case.forbidden"
    )
    assert (
        _code(
            services.case_open,
            actor=citizen,
            kind="plates.swap",
            applicant=citizen.person,
            province_code="32",
            office_code="苏A",
            state="approved",
        )
        == "applications.case.initial_state"
    )
    assert (
        _code(
            services.case_open,
            actor=citizen,
            kind="no.such",
            applicant=citizen.person,
            province_code="32",
            office_code="苏A",
        )
        == "applications.case.unknown_kind"
    )
    clerk = make_case_officer(permissions=("applications.add_case",))
    assert (
        services.case_open(
            actor=clerk,
            kind="plates.swap",
            applicant=citizen.person,
            province_code="32",
            office_code="苏A",
        ).state
        == "submitted"
    )


def test_an_officer_decides_and_the_log_and_audit_say_who_why_and_when():
    case = make_case()
    officer = make_case_officer()
    told = []

    def listener(event):
        told.append((event.state, event.action))

    subscription = subscribe(ApplicantNoticeDue, listener, phase=Phase.IN_TRANSACTION)
    try:
        assert (
            _code(services.case_transition, actor=officer, case=case, action="refuse")
            == "applications.case.reason_required"
        )
        done = services.case_transition(
            actor=officer, case=case, action="refuse", reason="原车有未处理的违法"
        )
    finally:
        unsubscribe(subscription)
    assert done.state == "refused"
    assert done.closed_at is not None
    assert done.stage_due_on is None
    step = done.transitions.last()
    assert (step.action, step.from_state, step.to_state, step.reason) == (
        "refuse",
        "submitted",
        "refused",
        "原车有未处理的违法",
    )
    assert step.actor_id == officer.pk
    assert told == [("refused", "refuse")]
    event = AuditEvent.objects.get(action="applications.case.refuse")
    assert event.data["from"] == "submitted"
    assert event.data["to"] == "refused"
    assert event.data["reason"] == "原车有未处理的违法"
    # Nothing leaves a final state.
    assert (
        _code(services.case_transition, actor=officer, case=case, action="approve")
        == "applications.case.action_not_allowed"
    )


def test_the_table_decides_who_may_act():
    citizen, spouse, stranger = make_citizen(), make_citizen(), make_citizen()
    case = make_case(kind="plates.spouse_transfer", citizen=citizen, co_citizen=spouse)
    officer = make_case_officer()
    outsider = make_case_officer(permissions=("exams.add_examvenue",))
    told = []
    subscription = subscribe(ApplicantNoticeDue, told.append, phase=Phase.IN_TRANSACTION)
    try:
        for actor in (citizen, stranger, outsider, officer):
            assert (
                _code(services.case_transition, actor=actor, case=case, action="confirm")
                == "applications.case.forbidden"
            )
        assert (
            _code(services.case_transition, actor=stranger, case=case, action="withdraw")
            == "applications.case.forbidden"
        )
        assert (
            _code(services.case_transition, actor=spouse, case=case, action="approve")
            == "applications.case.action_not_allowed"
        )
        case = services.case_transition(actor=spouse, case=case, action="confirm")
        assert case.state == "submitted"
        assert told == []  # the table does not mark the confirmation
        case = services.case_transition(actor=citizen, case=case, action="withdraw")
    finally:
        unsubscribe(subscription)
    assert case.state == "withdrawn"
    assert [s.action for s in case.transitions.all()] == ["open", "confirm", "withdraw"]


def test_one_officer_works_a_case_and_taking_it_from_another_needs_a_permission():
    case = make_case()
    first, second = make_case_officer(), make_case_officer()
    supervisor = make_case_officer(permissions=(REVIEWER, REASSIGN))
    citizen_code = _code(services.case_claim, actor=make_citizen(), case=case)
    assert citizen_code == "applications.case.forbidden"
    outsider = make_case_officer(permissions=("exams.add_examvenue",))
    assert _code(services.case_claim, actor=outsider, case=case) == "applications.case.forbidden"

    claimed = services.case_claim(actor=first, case=case)
    assert claimed.assigned_to == first
    assert claimed.assigned_at is not None
    assert services.case_claim(actor=first, case=case).assigned_to == first  # again: no change
    assert _code(services.case_claim, actor=second, case=case) == (
        "applications.case.assigned_elsewhere"
    )
    assert _code(services.case_claim, actor=second, case=case, take_over=True) == (
        "applications.case.assigned_elsewhere"
    )
    assert _code(services.case_transition, actor=second, case=case, action="approve") == (
        "applications.case.assigned_elsewhere"
    )
    assert _code(services.case_release, actor=second, case=case) == (
        "applications.case.not_assigned"
    )
    taken = services.case_claim(actor=supervisor, case=case, take_over=True)
    assert taken.assigned_to == supervisor
    released = services.case_release(actor=supervisor, case=case)
    assert released.assigned_to is None
    assert [s.action for s in case.transitions.all()] == ["open", "claim", "reassign", "release"]
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "applications.case.claim",
        "applications.case.reassign",
        "applications.case.release",
    }


def test_a_transition_clears_the_assignment_and_a_closed_case_cannot_be_claimed():
    case = make_case()
    officer = make_case_officer()
    services.case_claim(actor=officer, case=case)
    done = services.case_transition(actor=officer, case=case, action="approve")
    assert done.assigned_to is None
    assert _code(services.case_claim, actor=officer, case=case) == "applications.case.closed"


def test_a_supervisor_releases_another_officers_case():
    case = make_case()
    officer = make_case_officer()
    supervisor = make_case_officer(permissions=(REVIEWER, REASSIGN))
    services.case_claim(actor=officer, case=case)
    assert services.case_release(actor=supervisor, case=case).assigned_to is None


def test_the_work_queue_shows_what_the_officer_can_work_at_their_office_nearest_deadline_first():
    officer, other = make_case_officer(), make_case_officer()
    with freeze_time(datetime(2025, 3, 10, 2, 0, tzinfo=clock.TIMEZONE)):  # Monday: due Thu
        later = make_case()
    with freeze_time(datetime(2025, 3, 7, 2, 0, tzinfo=clock.TIMEZONE)):  # Friday: due Wed
        sooner = make_case()
        waiting_for_spouse = make_case(kind="plates.spouse_transfer", co_citizen=make_citizen())
        elsewhere = make_case(office_code="苏B")
        taken = make_case()
        closed = make_case()
    services.case_claim(actor=other, case=taken)
    services.case_transition(actor=officer, case=closed, action="approve")
    mine = make_case()
    services.case_claim(actor=officer, case=mine)

    queue = selectors.work_queue(actor=officer, office_code="苏A")
    assert [case.pk for case in queue] == [sooner.pk, later.pk, mine.pk, waiting_for_spouse.pk]
    assert mine.pk not in [c.pk for c in selectors.work_queue(actor=other, office_code="苏A")]
    assert elsewhere.pk in [c.pk for c in selectors.work_queue(actor=officer, office_code="苏B")]
    assert selectors.work_queue(actor=make_case_officer(permissions=()), office_code="苏A") == []
    assert selectors.work_queue(actor=make_citizen()) == []
    assert [
        c.pk for c in selectors.work_queue(actor=officer, kinds=["plates.spouse_transfer"])
    ] == [waiting_for_spouse.pk]


def test_the_citizen_sees_the_stages_done_and_the_current_deadline():
    citizen, spouse = make_citizen(), make_citizen()
    with freeze_time(datetime(2025, 9, 26, 2, 0, tzinfo=clock.TIMEZONE)):  # Fri
        case = make_case(kind="plates.spouse_transfer", citizen=citizen, co_citizen=spouse)
    with freeze_time(datetime(2025, 9, 30, 2, 0, tzinfo=clock.TIMEZONE)):  # Tue, before the 1st
        services.case_transition(actor=spouse, case=case, action="confirm")
    officer = make_case_officer()
    services.case_claim(actor=officer, case=case)
    timeline = selectors.case_timeline(actor=citizen, case=case)
    assert [(s.state, s.left_by) for s in timeline.done] == [("awaiting_spouse", "配偶确认")]
    assert timeline.current.state == "submitted"
    assert timeline.current.label == "待审核"
    assert timeline.due_on == date(2025, 10, 11)  # National Day off; Sat 11 is a working day
    assert timeline.closed is None
    assert selectors.case_timeline(actor=spouse, case=case).due_on == date(2025, 10, 11)
    assert (
        _code(selectors.case_timeline, actor=make_citizen(), case=case)
        == "applications.case.not_found"
    )
    assert (
        _code(selectors.case_timeline, actor=make_case_officer(), case=case)
        == "applications.case.not_found"
    )

    services.case_transition(actor=officer, case=case, action="refuse", reason="不符")
    closed = selectors.case_timeline(actor=citizen, case=case)
    assert closed.current is None
    assert closed.due_on is None
    assert closed.closed.state == "refused"
    assert [s.state for s in closed.done] == ["awaiting_spouse", "submitted"]
    assert [c.pk for c in selectors.cases_of_person(actor=spouse)] == [case.pk]


def test_every_case_change_is_in_the_log():
    case = make_case()
    officer = make_case_officer()
    services.case_claim(actor=officer, case=case)
    services.case_transition(actor=officer, case=case, action="approve", reason="核实无误")
    steps = CaseTransition.objects.filter(case=case)
    assert steps.count() == AuditEvent.objects.filter(action__startswith="applications.").count()
    assert Case.objects.get(pk=case.pk).state == steps.last().to_state
