"""The officer's work queue and case page (back office), the citizen's 网办进度 pages."""

from datetime import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from jiaoguan.applications import rules, services
from jiaoguan.applications.models import Case
from jiaoguan.applications.rules import APPLICANT, Action, Stage, Table
from jiaoguan.core import clock
from jiaoguan.notices.models import Notice
from tests.applications.factories import REVIEWER, make_case, make_case_officer
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db

VIEW = "applications.view_case"
QUEUE = "/backoffice/cases/"
FRIDAY = datetime(2025, 3, 7, 10, 0, tzinfo=clock.TIMEZONE)

#: A table with no family page of its own, so the generic action form is used.
PAPERS = Table(
    kind="tests.papers",
    label="补领证件",
    initial=("review",),
    stages=(
        Stage(
            "review",
            "待审核",
            (
                Action("accept", "produce", ("applications.change_case",), "受理", notify=True),
                Action("withdraw", "withdrawn", (APPLICANT,), "撤回"),
            ),
            working_days=2,
        ),
        Stage(
            "produce",
            "制证",
            (Action("done", "done", ("applications.change_case",), "制证完成"),),
            working_days=5,
        ),
        Stage("done", "已办结", final=True),
        Stage("withdrawn", "已撤回", final=True),
    ),
)


@pytest.fixture(autouse=True)
def official_calendar():
    previous = clock.set_override_provider(None)
    yield
    clock.set_override_provider(previous)


@pytest.fixture
def papers(monkeypatch):
    monkeypatch.setitem(rules.TABLES, PAPERS.kind, PAPERS)
    return PAPERS


def officer_logged_in(client, *permissions: str):
    officer = make_case_officer(permissions=permissions)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return officer


# Back office ------------------------------------------------------------------------------


def test_an_officer_without_the_permission_is_refused_every_page(client):
    case = make_case()
    officer_logged_in(client, REVIEWER)
    for url in (QUEUE, f"{QUEUE}{case.reference}/"):
        assert client.get(url).status_code == 403
    for action in ("claim", "release", "act"):
        assert client.post(f"{QUEUE}{case.reference}/{action}/").status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None
    page = client.get("/backoffice/").content.decode()
    assert QUEUE not in page  # the menu hides the entry


def test_the_pages_need_an_officer_login(client):
    assert client.get(QUEUE).status_code == 302
    client.force_login(make_citizen())
    assert client.get(QUEUE).status_code == 302  # no second factor: back to the login


def test_the_queue_lists_nearest_deadline_first_and_marks_overdue(client):
    with freeze_time(datetime(2025, 3, 3, 10, 0, tzinfo=clock.TIMEZONE)):  # Monday
        old = make_case(kind="plates.keep_previous")  # due Thursday 3-6
    with freeze_time(FRIDAY):
        new = make_case()  # due Wednesday 3-12
        officer_logged_in(client, REVIEWER, VIEW)
        page = client.get(QUEUE).content.decode()
    assert page.index(str(old.reference)) < page.index(str(new.reference))
    old_row = page.split(f'data-case="{old.reference}"')[1].split("</tr>")[0]
    new_row = page.split(f'data-case="{new.reference}"')[1].split("</tr>")[0]
    assert "已超期" in old_row
    assert "已超期" not in new_row
    assert "2025-03-12" in new_row
    assert "csrfmiddlewaretoken" in old_row
    assert f"{old.reference}/claim/" in old_row


def test_claim_and_release_from_the_queue(client):
    case = make_case()
    officer = officer_logged_in(client, REVIEWER, VIEW)
    assert client.get(QUEUE).status_code == 200
    claimed = client.post(f"{QUEUE}{case.reference}/claim/", {"next": "queue"})
    assert claimed.status_code == 302
    assert claimed.url == QUEUE
    case.refresh_from_db()
    assert case.assigned_to_id == officer.pk
    row = client.get(QUEUE).content.decode().split(f'data-case="{case.reference}"')[1]
    assert f"/backoffice/plates/requests/{case.reference}/" in row.split("</tr>")[0]
    assert f"{case.reference}/release/" in row.split("</tr>")[0]
    released = client.post(f"{QUEUE}{case.reference}/release/")
    assert released.url == f"{QUEUE}{case.reference}/"
    case.refresh_from_db()
    assert case.assigned_to is None
    assert [s.action for s in case.transitions.all()] == ["open", "claim", "release"]


def test_claims_and_releases_are_posts(client):
    case = make_case()
    officer_logged_in(client, REVIEWER, VIEW)
    assert client.get(f"{QUEUE}{case.reference}/claim/").status_code == 405


def test_a_case_claimed_by_another_officer_shows_the_refusal_as_a_message(client):
    case = make_case()
    services.case_claim(actor=make_case_officer(), case=case)
    officer_logged_in(client, REVIEWER, VIEW)
    answer = client.post(f"{QUEUE}{case.reference}/claim/", follow=True)
    assert "该申请已由其他民警领取办理。" in answer.content.decode()


def test_the_case_page_shows_the_log_and_for_plates_links_to_the_plate_page(client):
    case = make_case()
    officer_logged_in(client, REVIEWER, VIEW)
    client.post(f"{QUEUE}{case.reference}/claim/")
    page = client.get(f"{QUEUE}{case.reference}/").content.decode()
    log = page.split('id="log"')[1]
    assert 'data-step="open"' in log
    assert "已提交申请" in log
    assert 'data-step="claim"' in log
    assert "领取" in log
    actions = page.split('id="actions"')[1].split("</section>")[0]
    assert 'data-action="approve"' in actions
    assert 'data-action="refuse"' in actions
    assert 'data-action="withdraw"' not in actions  # the applicant's, not the officer's
    assert f"/backoffice/plates/requests/{case.reference}/" in actions
    # The generic form does not move a plate request's case behind the plate services.
    client.post(f"{QUEUE}{case.reference}/act/", {"action": "approve"})
    case.refresh_from_db()
    assert case.state == "submitted"


def test_an_officer_takes_a_generic_action_and_the_applicant_is_told(client, papers):
    citizen = make_citizen()
    case = services.case_open(
        actor=citizen,
        kind=papers.kind,
        applicant=citizen.person,
        province_code="32",
        office_code="苏A",
    )
    officer_logged_in(client, "applications.change_case", VIEW)
    page = client.get(f"{QUEUE}{case.reference}/").content.decode()
    assert f"{case.reference}/act/" in page
    client.post(f"{QUEUE}{case.reference}/act/", {"action": "accept"})
    case.refresh_from_db()
    assert case.state == "produce"
    assert Notice.objects.filter(kind__code="case_transition", person=citizen.person).count() == 1
    # An action the table does not offer out of this state is a message, not a move.
    answer = client.post(f"{QUEUE}{case.reference}/act/", {"action": "accept"}, follow=True)
    assert "该申请当前所处环节不能办理此操作。" in answer.content.decode()
    assert Case.objects.get(pk=case.pk).state == "produce"


def test_an_unknown_reference_is_a_404(client):
    officer_logged_in(client, REVIEWER, VIEW)
    assert client.get(f"{QUEUE}00000000-0000-0000-0000-000000000000/").status_code == 404


# Portal -----------------------------------------------------------------------------------


def test_my_cases_lists_each_case_with_its_stage_and_deadline(client):
    citizen = make_citizen()
    with freeze_time(FRIDAY):
        case = make_case(citizen=citizen)
        client.force_login(citizen)
        page = client.get("/me/cases/").content.decode()
        overview = client.get("/me/").content.decode()
    card = page.split(f'data-case="{case.reference}"')[1].split("</section>")[0]
    assert "同一所有人两车互换号牌" in card
    assert "待审核" in card
    assert "2025-03-12" in card
    assert f"/me/cases/{case.reference}/" in card
    assert "/me/cases/" in overview


def test_the_case_page_shows_the_timeline_deadline_and_my_actions(client):
    citizen = make_citizen()
    with freeze_time(FRIDAY):
        case = make_case(citizen=citizen)
    with freeze_time(datetime(2025, 3, 10, 9, 0, tzinfo=clock.TIMEZONE)):
        services.case_transition(actor=make_case_officer(), case=case, action="approve")
    with freeze_time(FRIDAY):
        other = make_case(citizen=citizen)
        client.force_login(citizen)
        done = client.get(f"/me/cases/{case.reference}/").content.decode()
        pending = client.get(f"/me/cases/{other.reference}/").content.decode()
    timeline = done.split('id="timeline"')[1]
    assert "待审核" in timeline
    assert "已办结" in timeline
    assert "2025-03-10 09:00" in timeline
    assert "办理结果" in done
    current = pending.split('id="current"')[1].split("</section>")[0]
    assert "待审核" in current
    assert "2025-03-12" in current
    actions = pending.split('id="actions"')[1].split("</section>")[0]
    assert 'data-action="withdraw"' in actions
    assert "/me/plates/requests/" in actions


def test_a_citizen_never_sees_another_persons_case(client):
    case = make_case()
    client.force_login(make_citizen())
    assert client.get(f"/me/cases/{case.reference}/").status_code == 404
    assert str(case.reference) not in client.get("/me/cases/").content.decode()


def test_my_cases_need_a_login(client):
    assert client.get("/me/cases/").status_code == 302


def test_an_officer_with_the_reassign_permission_takes_a_claimed_case_over(client):
    case = make_case()
    first = make_case_officer()
    services.case_claim(actor=first, case=case)
    officer = officer_logged_in(client, REVIEWER, VIEW, "applications.reassign_case")
    page = client.get(f"{QUEUE}{case.reference}/").content.decode()
    assert 'name="take_over"' in page
    client.post(f"{QUEUE}{case.reference}/claim/", {"take_over": "1"})
    case.refresh_from_db()
    assert case.assigned_to_id == officer.pk
    assert case.transitions.last().action == "reassign"
