"""A disputed accident before the police: both statements, the officer's audited reading, the
determination (认定书) with its PDF, and each party's claim opened from it."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from jiaoguan.accidents import determination, services
from jiaoguan.accidents.models import Claim
from jiaoguan.accidents.rules.reporting import late_report_decision_due
from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.selectors import audit_reads_of_person
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from tests.accidents.factories import joined, make_driver, report, vehicle
from tests.identity.factories import make_office, make_officer

pytestmark = pytest.mark.django_db
DETERMINE = ("accidents.determine_accident", "applications.view_case")


def disputed():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    services.accident_propose(actor=a, accident=accident, scenario="rear_end", party="b")
    services.accident_propose(actor=b, accident=accident, scenario="lane_change", party="a")
    services.accident_dispute(actor=b, accident=accident, reason="甲方突然变道，我来不及刹车")
    return accident, a, b


def officer_client(officer) -> Client:
    client = Client()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_officer_reads_both_statements_and_determines(django_capture_on_commit_callbacks):
    accident, a, b = disputed()
    determination.accident_state(actor=a, accident=accident, statement="我正常直行，乙方追尾")
    officer = make_officer(permissions=DETERMINE)
    client = officer_client(officer)
    queue = client.get("/backoffice/accidents/").content.decode()
    assert f'data-accident="{accident.pk}"' in queue
    page = client.get(f"/backoffice/accidents/{accident.pk}/").content.decode()
    assert "我正常直行，乙方追尾" in page
    assert "甲方突然变道，我来不及刹车" in page
    assert "追尾前车" in page
    assert "变更车道" in page
    reads = AuditEvent.objects.filter(action="backoffice.lookup.accident", actor_id=officer.pk)
    assert reads.count() == 2
    assert {event.purpose for event in reads} == {"事故认定"}
    for party in accident.parties.all():  # each party can see the officer's read
        [seen] = audit_reads_of_person(id_number=party.person.id_number)
        assert seen.action == "backoffice.lookup.accident"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/backoffice/accidents/{accident.pk}/determine/",
            {"scenario": "lane_change", "party": "a", "facts": "甲方变更车道时未让正常行驶的乙方"},
        )
    assert response.status_code == 302
    accident.refresh_from_db()
    assert accident.case.state == "determined"
    assert (accident.share_a, accident.share_b) == (100, 0)
    assert accident.determination_number.startswith("RD320102")
    assert AuditEvent.objects.filter(action="accidents.determined", actor_id=officer.pk).exists()
    claims = Claim.objects.filter(accident=accident)
    assert {c.document_number for c in claims} == {accident.determination_number}
    assert {c.status for c in claims} == {"filed"}
    pdf = client.get(f"/backoffice/accidents/{accident.pk}/determination.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    for party in (a, b):
        citizen = Client()
        citizen.force_login(party)
        own = citizen.get(f"/me/accidents/{accident.pk}/determination.pdf")
        assert own.content.startswith(b"%PDF")
    with pytest.raises(ApplicationError) as refused:
        determination.accident_state(actor=b, accident=accident, statement="补充")
    assert refused.value.code == "accidents.state"


def test_a_determination_is_given_once(django_capture_on_commit_callbacks):
    accident, _a, _b = disputed()
    officer = make_officer(permissions=DETERMINE)
    call = {"actor": officer, "accident": accident.pk, "scenario": "rear_end", "party": "b"}
    with django_capture_on_commit_callbacks(execute=True):
        determination.accident_determine(**call, facts="乙方追尾")
    with pytest.raises(ApplicationError) as refused:
        determination.accident_determine(**call, facts="再次认定")
    assert refused.value.code == "accidents.state"
    assert Claim.objects.filter(accident=accident).count() == 2


def test_refusals_of_the_determination():
    accident, a, _b = disputed()
    officer = make_officer(permissions=DETERMINE)
    call = {"actor": officer, "accident": accident.pk, "party": "b"}
    for bad, code in (
        ({"scenario": "rear_end", "facts": "  "}, "accidents.facts_required"),
        ({"scenario": "flying", "facts": "x"}, "accidents.scenario"),
    ):
        with pytest.raises(ApplicationError) as refused:
            determination.accident_determine(**call, **bad)
        assert refused.value.code == code
    with pytest.raises(ApplicationError):  # a party is no officer
        determination.accident_determine(**{**call, "actor": a}, scenario="rear_end", facts="x")
    accident.refresh_from_db()
    assert accident.case.state == "disputed"
    assert accident.determination_number is None


def test_an_officer_of_another_province_neither_sees_nor_determines_it():
    accident, _a, _b = disputed()
    kunming = make_office(code="530100000000", name="昆明市公安局交通警察支队", region="530100")
    officer = make_officer(username="jc0100", permissions=DETERMINE, office=kunming)
    client = officer_client(officer)
    assert (
        f'data-accident="{accident.pk}"'
        not in client.get("/backoffice/accidents/").content.decode()
    )
    assert client.get(f"/backoffice/accidents/{accident.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="backoffice.lookup.accident").exists()
    with pytest.raises(ApplicationError):
        determination.accident_determine(
            actor=officer, accident=accident.pk, scenario="rear_end", party="b", facts="x"
        )


def test_an_officer_without_the_role_is_turned_away():
    accident, _a, _b = disputed()
    clerk = make_officer(username="jc0200", permissions=("applications.view_case",))
    client = officer_client(clerk)
    assert client.get(f"/backoffice/accidents/{accident.pk}/").status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="backoffice.lookup.accident").exists()


# Late reports (补报, 事故程序规定 art. 18): the police decide within 3 working days.

LATE = timedelta(hours=24, seconds=1)


@freeze_time("2026-12-04T02:00:00Z")  # Friday 10:00 in Shanghai
def test_a_report_a_day_and_a_second_late_waits_for_the_police_until_wednesday():
    a, b = make_driver(), make_driver()
    accident = report(a, occurred_at=clock.now() - LATE)
    assert accident.case.state == "late_reported"
    assert accident.case.stage_due_on == date(2026, 12, 9)
    assert accident.case.stage_due_on == late_report_decision_due(clock.today())
    with pytest.raises(ApplicationError) as refused:
        services.accident_join(actor=b, code=accident.join_code, **vehicle("苏B7"))
    assert refused.value.code == "accidents.late_pending"
    officer = make_officer(permissions=DETERMINE)
    client = officer_client(officer)
    assert f'data-accident="{accident.pk}"' in client.get("/backoffice/accidents/").content.decode()
    assert "2026-12-09" in client.get(f"/backoffice/accidents/{accident.pk}/").content.decode()
    client.post(f"/backoffice/accidents/{accident.pk}/late/", {"decision": "accept"})
    accident.refresh_from_db()
    assert accident.case.state == "reported"
    joined_now = services.accident_join(actor=b, code=accident.join_code, **vehicle("苏B7"))
    assert joined_now.case.state == "joined"


@freeze_time("2026-12-04T02:00:00Z")
def test_a_report_exactly_a_day_late_is_an_ordinary_report():
    accident = report(make_driver(), occurred_at=clock.now() - timedelta(hours=24))
    assert accident.case.state == "reported"


@freeze_time("2026-09-30T02:00:00Z")  # before the National Day holiday
def test_a_late_report_before_the_holiday_is_due_on_the_adjusted_saturday():
    accident = report(make_driver(), occurred_at=clock.now() - timedelta(days=2))
    assert accident.case.stage_due_on == date(2026, 10, 10)


def test_refusing_a_late_report_needs_a_reason_and_closes_it():
    accident = report(make_driver(), occurred_at=clock.now() - LATE)
    officer = make_officer(permissions=DETERMINE)
    with pytest.raises(ApplicationError) as refused:
        determination.accident_late_decide(actor=officer, accident=accident, accept=False)
    assert refused.value.code == "applications.case.reason_required"
    determination.accident_late_decide(
        actor=officer, accident=accident, accept=False, reason="事故发生已逾一周，无法核实"
    )
    accident.refresh_from_db()
    assert accident.case.state == "declined"
