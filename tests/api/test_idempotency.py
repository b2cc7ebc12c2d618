"""``Idempotency-Key`` on the partner writes: a retry gets the stored answer and writes
nothing; another request under a used key is refused; concurrent duplicates write once."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client

from jiaoguan.api.idempotency import idempotent_responses_purge
from jiaoguan.api.models import IdempotentResponse
from jiaoguan.core import clock
from jiaoguan.exams.models import ExamAttempt, ExamBooking, LicenseApplication
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.plates.models import TemporaryPlate
from tests.api.partners import make_partner_key, signed
from tests.exams.factories import make_application, make_session
from tests.identity.factories import make_person
from tests.vehicles.factories import vin_for

TEMPORARY = "/api/v1/partner/plates/temporary"


def _post(client, credentials, path, payload, key=None):
    body = json.dumps(payload).encode()
    request = signed(credentials, "POST", path, body)
    if key is not None:
        request["headers"]["Idempotency-Key"] = key
    return client.post(path, data=body, content_type="application/json", **request)


def _dealer():
    return make_partner_key(
        kind=Organization.Kind.DEALER, scopes=[PartnerKey.Scope.PLATES_TEMPORARY]
    )


def _temporary(number=41, **overrides):
    return {
        "vin": vin_for(number),
        "situation": "not_registered",
        "prefix": "苏A",
        "compulsory_insurance_until": (clock.today() + timedelta(days=20)).isoformat(),
        **overrides,
    }


@pytest.mark.django_db
def test_a_retry_under_the_same_key_returns_the_same_plate_and_issues_no_other(client):
    dealer = _dealer()
    first = _post(client, dealer, TEMPORARY, _temporary(), key="9b2f0c7e-retry-1")
    again = _post(client, dealer, TEMPORARY, _temporary(), key="9b2f0c7e-retry-1")
    assert first.status_code == again.status_code == 201, first.content
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert TemporaryPlate.objects.count() == 1
    assert set(first.json()) == {
        "reference",
        "number",
        "vin",
        "issued_on",
        "valid_until",
        "status_url",
    }


@pytest.mark.django_db
def test_without_a_key_each_request_is_a_new_write(client):
    dealer = _dealer()
    assert _post(client, dealer, TEMPORARY, _temporary()).status_code == 201
    assert _post(client, dealer, TEMPORARY, _temporary()).status_code == 201
    assert TemporaryPlate.objects.count() == 2
    assert not IdempotentResponse.objects.exists()


@pytest.mark.django_db
def test_a_different_request_under_a_used_key_is_refused_with_a_clear_message(client):
    dealer = _dealer()
    assert _post(client, dealer, TEMPORARY, _temporary(), key="k-1").status_code == 201
    other = _post(client, dealer, TEMPORARY, _temporary(number=42), key="k-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency.key_reused"
    assert "Idempotency-Key" in other.json()["fields"]
    assert TemporaryPlate.objects.count() == 1


@pytest.mark.django_db
def test_a_refusal_is_not_stored_so_a_corrected_retry_runs(client):
    dealer = _dealer()
    refused = _post(
        client, dealer, TEMPORARY, _temporary(compulsory_insurance_until=None), key="k-2"
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "plates.temporary.insurance_missing"
    assert not IdempotentResponse.objects.exists()
    assert _post(client, dealer, TEMPORARY, _temporary(), key="k-2").status_code == 201


@pytest.mark.django_db
def test_keys_are_per_partner_key_and_must_be_visible_ascii(client):
    first, second = _dealer(), _dealer()
    assert _post(client, first, TEMPORARY, _temporary(), key="shared").status_code == 201
    assert _post(client, second, TEMPORARY, _temporary(), key="shared").status_code == 201
    assert TemporaryPlate.objects.count() == 2
    for bad in ("", "x" * 101, "有 空格"):
        response = _post(client, first, TEMPORARY, _temporary(), key=bad)
        assert response.status_code == 400, bad
        assert response.json()["code"] == "idempotency.key_invalid"


@pytest.mark.django_db
def test_a_driving_schools_retried_application_is_accepted_once(client):
    school = make_partner_key(
        kind=Organization.Kind.DRIVING_SCHOOL, scopes=[PartnerKey.Scope.EXAMS_APPLICATIONS]
    )
    person = make_person(name="王芳")
    payload = {"id_number": person.id_number, "name": "王芳", "license_class": "C1"}
    path = "/api/v1/exams/partner/applications"
    first = _post(client, school, path, payload, key="school-42")
    again = _post(client, school, path, payload, key="school-42")
    assert first.status_code == again.status_code == 201, first.content
    assert again.json()["number"] == first.json()["number"]
    assert LicenseApplication.objects.filter(person=person).count() == 1


@pytest.mark.django_db
def test_an_exam_systems_retried_result_is_recorded_once(client):
    system = make_partner_key(scopes=[PartnerKey.Scope.EXAMS_RESULTS])
    application = make_application()
    session = make_session(exam_on=clock.today())
    ExamBooking.objects.create(
        application=application,
        session=session,
        subject="subject_2",
        exam_on=clock.today(),
        created_at=clock.now(),
    )
    payload = {
        "application_number": application.number,
        "session_code": session.code,
        "attempt": 1,
        "passed": False,
        "score": 60,
        "taken_at": clock.now().isoformat(),
    }
    path = "/api/v1/exams/partner/results"
    first = _post(client, system, path, payload, key="result-7")
    again = _post(client, system, path, payload, key="result-7")
    assert first.status_code == again.status_code == 200, first.content
    assert again.content == first.content
    assert ExamAttempt.objects.count() == 1


@pytest.mark.django_db
def test_stored_responses_are_purged_after_the_retention(client, settings):
    settings.JIAOGUAN_IDEMPOTENCY_RETENTION_HOURS = 24
    dealer = _dealer()
    _post(client, dealer, TEMPORARY, _temporary(), key="old")
    assert idempotent_responses_purge(now=clock.now() + timedelta(hours=23)) == 0
    assert idempotent_responses_purge(now=clock.now() + timedelta(hours=25)) == 1
    assert _post(client, dealer, TEMPORARY, _temporary(), key="old").status_code == 201
    assert TemporaryPlate.objects.count() == 2


CLIENTS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_issue_one_plate_and_all_get_its_answer():
    dealer = _dealer()
    start = threading.Barrier(CLIENTS)

    def send(_):
        try:
            start.wait()
            return _post(Client(), dealer, TEMPORARY, _temporary(), key="same-everywhere")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        responses = list(pool.map(send, range(CLIENTS)))

    assert [r.status_code for r in responses] == [201] * CLIENTS
    assert len({r.content for r in responses}) == 1
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == CLIENTS - 1
    assert TemporaryPlate.objects.count() == 1
    assert IdempotentResponse.objects.count() == 1


@pytest.mark.django_db
def test_the_purge_is_an_hourly_task(settings):
    from jiaoguan.api import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["api-idempotent-responses-purge"]
    assert entry["task"] == "jiaoguan.api.tasks.idempotent_responses_purge"
    assert tasks.idempotent_responses_purge.delay().get() == 0
