"""Plate requests are cases of the workflow (applications): the tables know every state of
a request, each request's case moves with it and logs each step, and the case's
assignment and queue apply to plate requests."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.applications import rules as case_rules
from jiaoguan.applications import selectors as case_selectors
from jiaoguan.applications import services as case_services
from jiaoguan.applications.signals import applicant_notice_due
from jiaoguan.plates import services
from jiaoguan.plates.models import PlateRequest
from tests.identity.factories import make_citizen
from tests.plates.factories import make_owner_with_vehicle, make_plates_officer
from tests.plates.test_requests import _code, _couple, _keep, _spouse_request

pytestmark = pytest.mark.django_db


def test_the_tables_know_every_state_and_kind_of_a_plate_request():
    tables = [case_rules.table_for(f"plates.{kind}") for kind in PlateRequest.Kind.values]
    assert {state for table in tables for state in table.states} == set(PlateRequest.State.values)
    assert {s for table in tables for s in table.open_states} == set(PlateRequest.PENDING)
    for table in tables:
        for stage in table.stages:
            assert stage.label == PlateRequest.State(stage.name).label


def _steps(request: PlateRequest) -> list[tuple[str, str]]:
    return [(step.action, step.to_state) for step in request.case.transitions.all()]


def test_a_request_and_its_case_move_together():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    case = request.case
    assert case.reference == request.reference
    assert (case.kind, case.state) == ("plates.spouse_transfer", "awaiting_spouse")
    assert (case.province_code, case.office_code, case.subject_label) == ("32", "苏A", "苏A55555")
    assert (case.applicant, case.co_applicant) == (owner.person, wife)
    services.plate_request_spouse_confirm(
        actor=make_citizen(person=wife), reference=str(request.reference)
    )
    officer = make_plates_officer()
    services.plate_request_approve(
        actor=officer,
        reference=str(request.reference),
        certificate_number="J320102-2024-000123",
    )
    request.refresh_from_db()
    request.case.refresh_from_db()
    assert request.state == request.case.state == "approved"
    assert _steps(request) == [
        ("open", "awaiting_spouse"),
        ("confirm", "submitted"),
        ("approve", "approved"),
    ]


def test_approving_at_the_counter_is_the_tables_in_person_approval():
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    services.plate_request_approve(
        actor=make_plates_officer(),
        reference=str(request.reference),
        certificate_number="J320102-2024-000124",
        spouse_applied_in_person=True,
    )
    request.refresh_from_db()
    assert _steps(request)[-1] == ("approve_in_person", "approved")


def test_a_refused_business_leaves_the_case_where_it_was():
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    officer = make_plates_officer()
    assert (
        _code(services.plate_request_approve, actor=officer, reference=str(request.reference))
        == "plates.request.clearance_required"
    )
    request.refresh_from_db()
    request.case.refresh_from_db()
    assert request.state == request.case.state == "submitted"
    assert _steps(request) == [("open", "submitted")]


def test_a_decision_tells_the_applicant_and_withdrawing_does_not():
    told = []
    applicant_notice_due.connect(
        lambda sender, **kwargs: told.append(kwargs["action"].name), weak=False, dispatch_uid="t"
    )
    try:
        user, vehicle = make_owner_with_vehicle()
        refused = _keep(user, vehicle)
        services.plate_request_refuse(
            actor=make_plates_officer(), reference=str(refused.reference), note="材料不全"
        )
        withdrawn = _keep(user, vehicle)
        services.plate_request_withdraw(actor=user, reference=str(withdrawn.reference))
    finally:
        applicant_notice_due.disconnect(dispatch_uid="t")
    assert told == ["refuse"]


def test_a_request_claimed_by_one_officer_is_decided_by_that_officer():
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    first = make_plates_officer(username="jc0201")
    second = make_plates_officer(username="jc0202")
    queue = case_selectors.work_queue(actor=second, office_code="苏A")
    assert [case.pk for case in queue] == [request.case_id]
    case_services.case_claim(actor=first, case=request.case)
    assert case_selectors.work_queue(actor=second, office_code="苏A") == []
    assert (
        _code(
            services.plate_request_refuse,
            actor=second,
            reference=str(request.reference),
            note="不符",
        )
        == "applications.case.assigned_elsewhere"
    )
    services.plate_request_refuse(actor=first, reference=str(request.reference), note="不符")
    request.refresh_from_db()
    assert request.state == "refused"


def test_the_pages_offer_what_the_table_allows_and_show_the_deadline_and_log(client):
    owner, wife, car, married_on = _couple()
    request = _spouse_request(owner, wife, car, married_on)
    client.force_login(owner)
    page = client.get("/me/plates/requests/").content.decode()
    assert "撤回" in page
    assert "我同意并共同申请" not in page
    spouse = make_citizen(person=wife)
    client.force_login(spouse)
    page = client.get("/me/plates/requests/").content.decode()
    assert "我同意并共同申请" in page
    assert "不同意" in page
    services.plate_request_spouse_confirm(actor=spouse, reference=str(request.reference))
    request.refresh_from_db()
    page = client.get("/me/plates/requests/").content.decode()
    assert "我同意并共同申请" not in page
    assert "不同意" in page
    assert f"办理期限 {request.case.stage_due_on:%Y-%m-%d}" in page

    officer = make_plates_officer()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    listing = client.get("/backoffice/plates/requests/").content.decode()
    assert f"{request.case.stage_due_on:%Y-%m-%d}" in listing
    detail = client.get(f"/backoffice/plates/requests/{request.reference}/").content.decode()
    assert "办理记录" in detail
    assert "confirm" in detail
    assert "审核通过并办结" in detail
    services.plate_request_refuse(actor=officer, reference=str(request.reference), note="不符")
    detail = client.get(f"/backoffice/plates/requests/{request.reference}/").content.decode()
    assert "审核通过并办结" not in detail


def test_only_the_workflow_moves_a_plate_request():
    """No hand-written state change is left: the one assignment to a request's ``state``
    copies the case's state, in ``_act``, and no plate service compares a request's state
    with a literal."""
    import ast
    from pathlib import Path

    import jiaoguan.plates.services.requests as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    writers = []
    for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
        for node in ast.walk(function):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Attribute) and t.attr == "state" for t in targets):
                writers.append((function.name, ast.unparse(node)))
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Attribute) and side.attr == "state"
                for side in (node.left, *node.comparators)
            ):
                writers.append((function.name, ast.unparse(node)))
    assert writers == [("_act", "request.state = case.state")]
