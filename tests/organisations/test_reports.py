"""The key-entity reports (DOMAIN §18.1-§18.2): set-based scans over every organisation at
once, the same rows narrowed to one organisation in its pages, CSV and PDF, pushed monthly as
signed webhooks once per endpoint and month; never another organisation's rows."""

import json
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from jiaoguan.core import clock
from jiaoguan.identity.actors import CitizenActor, system_actor
from jiaoguan.organisations import report_runs, reports, services
from jiaoguan.organisations.models import WebhookDelivery
from jiaoguan.violations.models import ViolationRecord
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.organisations.factories import add_staff, open_account
from tests.organisations.test_api import staff_client
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def _world(name: str):
    account, admin, actor = open_account()
    organization = account.organization
    today = clock.today()
    overdue = make_vehicle(organization=organization, traits=["overdue"])
    old_taxi = make_vehicle(
        organization=organization, traits=["taxi"], registered_on=today - relativedelta(years=9)
    )
    on_time = make_vehicle(organization=organization)
    unhandled = make_vehicle(organization=organization)
    for _ in range(3):
        make_entered_record(unhandled, entered_on=today - timedelta(days=40))
    person = make_person(name=name)
    make_license(person=person, traits=["revoked"], status_changed_on=today)
    consent = services.consent_request(actor=actor, id_number=person.id_number, name=name)
    citizen = CitizenActor.of_user(make_citizen(person=person))
    services.consent_decide(actor=citizen, consent_id=consent.pk, grant=True)
    recent = make_entered_record(on_time)
    return {
        "account": account,
        "admin": admin,
        "actor": actor,
        "overdue": overdue,
        "old_taxi": old_taxi,
        "on_time": on_time,
        "unhandled": unhandled,
        "recent": recent,
        "citizen": citizen,
        "consent": consent,
    }


def _plates(rows):
    return {row["plate_number"] for row in rows}


def test_each_scan_finds_every_organisations_rows_at_once_grouped():
    a, b = _world("甲师傅"), _world("乙师傅")
    today = clock.today()
    ids = [w["account"].organization_id for w in (a, b)]
    scrap = reports.scan_inspection_scrap(today)
    for world, organization_id in zip((a, b), ids, strict=True):
        rows = {row["plate_number"]: row for row in scrap[organization_id]}
        assert rows[world["overdue"].plate_number]["reasons"] == ["inspection_overdue"]
        assert "service_life_end" in rows[world["old_taxi"].plate_number]["reasons"]
        assert world["on_time"].plate_number not in rows
    unhandled = reports.scan_unhandled(today)
    assert _plates(unhandled[ids[0]]) == {a["unhandled"].plate_number}
    licences = reports.scan_driver_licences(today)
    assert [row["name"] for row in licences[ids[0]]] == ["甲师傅"]
    assert licences[ids[0]][0]["licence_status"] == "revoked"
    assert [row["name"] for row in licences[ids[1]]] == ["乙师傅"]
    violations = reports.scan_violations(today)
    assert a["on_time"].plate_number in _plates(violations[ids[0]])
    assert b["on_time"].plate_number not in _plates(violations[ids[0]])


def test_a_withdrawn_consent_takes_the_driver_out_of_the_report():
    a = _world("甲师傅")
    services.consent_withdraw(actor=a["citizen"], consent_id=a["consent"].pk)
    assert reports.scan_driver_licences(clock.today()) == {}


def test_the_pages_csv_and_pdf_show_only_the_organisations_rows():
    a, b = _world("甲师傅"), _world("乙师傅")
    viewer, _actor = add_staff(a["actor"], "viewer")
    client = staff_client(viewer)
    index = client.get("/org/reports/").content.decode()
    assert "逾期未检验或达到报废标准的车辆" in index
    page = client.get("/org/reports/inspection_scrap/").content.decode()
    assert a["overdue"].plate_number in page
    assert b["overdue"].plate_number not in page
    assert "逾期未检验" in page
    csv = client.get("/org/reports/inspection_scrap.csv")
    body = csv.content.decode("utf-8-sig")
    assert body.startswith("号牌号码")
    assert a["old_taxi"].plate_number in body
    assert b["old_taxi"].plate_number not in body
    drivers = client.get("/org/reports/driver_licences.csv").content.decode("utf-8-sig")
    assert "甲师傅" in drivers
    assert "吊销" in drivers
    assert "乙师傅" not in drivers
    pdf = client.get("/org/reports/unhandled_violations.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/org/reports/nothing/").status_code == 404


def test_the_monthly_run_pushes_each_kind_once_per_endpoint_and_month():
    a, b = _world("甲师傅"), _world("乙师傅")
    endpoint, _secret = services.webhook_endpoint_create(
        actor=a["actor"], url="https://erp.example.com/hooks"
    )
    job = system_actor("organisations.report")
    today = clock.today()
    made = report_runs.key_entity_reports_run(actor=job, as_of=today)
    assert made == {
        "inspection_scrap": 1,
        "driver_licences": 1,
        "violations": 1,
        "school_bus_drivers": 0,  # a transport company: its drivers are not checked
    }
    assert report_runs.key_entity_reports_run(actor=job, as_of=today) == dict.fromkeys(made, 0)
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert {d.event_type for d in deliveries} == {
        "report.inspection_scrap",
        "report.driver_licences",
        "report.violations",
    }
    body = json.loads(deliveries.get(event_type="report.inspection_scrap").body)
    plates = _plates(body["data"]["rows"])
    assert a["overdue"].plate_number in plates
    assert b["overdue"].plate_number not in plates  # b has no endpoint, and never a's
    assert not WebhookDelivery.objects.exclude(endpoint=endpoint).exists()


def test_a_handled_record_is_reported_as_handled_in_the_months_violations():
    a = _world("甲师傅")
    ViolationRecord.objects.filter(pk=a["recent"].pk).update(status="handled")
    rows = reports.scan_violations(clock.today())[a["account"].organization_id]
    statuses = {row["status"] for row in rows if row["plate_number"] == a["on_time"].plate_number}
    assert statuses == {"handled"}
