"""Bad input gets a clear 4xx answer, never a 500 (issue 12): dates out of range, unknown
codes, ids past 64 bits."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api.test_violations_me import bearer
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_person
from tests.plates.factories import make_owner_with_vehicle
from tests.plates.test_requests import _keep
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db
HUGE = str(2**63)
HUGER = "9" * 40


@pytest.fixture
def citizen():
    person = make_person()
    make_license(person=person)
    make_vehicle(owner=person)
    return make_citizen(person=person)


@pytest.fixture
def quiet(client):
    client.raise_request_exception = False
    return client


def _officer_client(client, *permissions):
    officer = make_officer(username="jc0300", permissions=permissions)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return officer


def _client_error(answer):
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.content[:300])
    return answer


@pytest.mark.parametrize("path", ["/api/v1/me/license", "/api/v1/me/records"])
@pytest.mark.parametrize("as_of", ["9999-12-31", "0163-03-08", "0001-01-01", "before-issue"])
def test_me_as_of_out_of_range(quiet, citizen, path, as_of):
    if as_of == "before-issue":
        issued = citizen.person.driving_license.first_issued_on
        as_of = (issued - timedelta(days=30)).isoformat()
    answer = _client_error(quiet.get(path, {"as_of": as_of}, **bearer(citizen)))
    assert answer["Content-Type"].startswith("application/json")


def test_me_as_of_today_still_answers(client, citizen):
    assert client.get("/api/v1/me/records", **bearer(citizen)).status_code == 200


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_late_penalty_calculator_years(quiet, year):
    for params in (
        {"fine": "200", "served_on": f"{year}-01-01"},
        {"fine": "200", "served_on": "2026-01-01", "as_of": f"{year}-12-31"},
    ):
        answer = _client_error(quiet.get("/api/v1/calculators/late-penalty", params))
        assert answer.status_code == 422


def test_unknown_exam_window_code_is_404(quiet, citizen):
    quiet.force_login(citizen)
    assert quiet.get("/exams/windows/NOPE/").status_code == 404
    _officer_client(quiet, "exams.view_bookingwindow")
    assert quiet.get("/backoffice/exams/windows/NOPE/").status_code == 404


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_sandbox_statement_years(quiet, year):
    answer = quiet.get(f"/sandbox-pay/statements/{year}-01-01.csv")
    assert answer.status_code in (400, 401, 403)


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_reconciliation_form_years(quiet, year):
    _officer_client(quiet, "payments.view_paymentorder", "payments.reconcile_payments")
    answer = quiet.post("/backoffice/payments/", {"day": f"{year}-01-01"}, follow=True)
    assert answer.status_code == 200
    assert "对账日期须在1900年之后" in answer.content.decode()


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_spouse_transfer_form_years(quiet, year):
    person = make_person()
    owner = make_citizen(person=person)
    car = make_vehicle(owner=person)
    quiet.force_login(owner)
    answer = quiet.post(
        "/me/plates/requests/",
        {
            "action": "spouse",
            "spouse-vehicle_id": str(car.pk),
            "spouse-spouse_name": "王芳",
            "spouse-spouse_id_number": make_person().id_number,
            "spouse-married_on": f"{year}-01-01",
        },
    )
    assert answer.status_code == 200
    assert "日期" in answer.content.decode()


@pytest.mark.parametrize("value", [HUGE, HUGER])
def test_plate_batches_with_a_huge_segment_id(quiet, value):
    answer = _client_error(quiet.get("/api/v1/plates/batches", {"segment_id": value}))
    assert answer.status_code == 422


@pytest.mark.parametrize("value", [int(HUGE), int(HUGER)])
def test_plate_compose_with_a_huge_segment_id(quiet, citizen, value):
    answer = quiet.post(
        "/api/v1/plates/compose",
        {"vin": "LSVAU2180N2183210", "segment_id": value, "number": "A12345"},
        content_type="application/json",
        **bearer(citizen),
    )
    assert answer.status_code == 422


@pytest.mark.parametrize("value", [HUGE, HUGER])
def test_back_office_evidence_urls_with_huge_ids(quiet, value):
    _officer_client(
        quiet,
        "violations.review_violationrecord",
        "violations.decide_dispute",
        "plates.change_platerequest",
    )
    assert quiet.get(f"/backoffice/violations/records/{value}/evidence/0/").status_code == 404
    assert quiet.get(f"/backoffice/violations/records/1/evidence/{value}/").status_code == 404
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    path = f"/backoffice/plates/requests/{request.reference}/evidence/{value}/"
    assert quiet.get(path).status_code == 404


def test_the_sandbox_statement_needs_the_merchants_signature(client):
    from datetime import date

    from jiaoguan.gateways.payment import sandbox

    path = "/sandbox-pay/statements/2026-11-20.csv"
    assert client.get(path).status_code == 401
    forged = sandbox.statement_query(date(2026, 11, 20), secret="not-the-secret")
    assert client.get(path, forged).status_code == 401
    other_day = sandbox.statement_query(date(2026, 11, 21))
    assert client.get(path, other_day).status_code == 401
    assert client.get(path, sandbox.statement_query(date(2026, 11, 20))).status_code == 200
