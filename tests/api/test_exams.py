"""The exams API: the eligibility calculator, windows and published allocations, the
applicant's own standing, and the partner endpoints."""

import json
from datetime import timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.drivers.models import DrivingLicense
from jiaoguan.exams import services
from jiaoguan.exams.models import ExamBooking, LicenseApplication
from jiaoguan.identity.actors import system_actor
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.identity.services import api_token_issue
from tests.api.partners import make_partner_key, signed
from tests.exams.factories import make_application, make_session, make_window
from tests.identity.factories import make_citizen, make_person

SYSTEM = system_actor("test")

ELIGIBILITY = "/api/v1/calculators/exam-eligibility"


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


@pytest.mark.parametrize(
    ("license_class", "subject2", "subject3"),
    [
        ("C1", "2026-03-11", "2026-03-31"),
        ("C2", "2026-03-11", "2026-03-21"),
        ("A1", "2026-03-21", "2026-04-10"),
        ("C6", "2026-03-21", None),
    ],
)
def test_exam_eligibility_gives_the_earliest_booking_dates(
    client, license_class, subject2, subject3
):
    body = client.get(
        ELIGIBILITY,
        {"license_class": license_class, "permit_issued_on": "2026-03-01", "as_of": "2026-03-05"},
    ).json()
    assert body["subject2_from"] == subject2
    assert body["subject3_from"] == subject3
    assert body["permit_valid_until"] == "2029-03-01"
    assert body["permit_valid"] is True


def test_exam_eligibility_refuses_unknown_class_and_future_permit_in_chinese(client):
    bad = client.get(
        ELIGIBILITY,
        {"license_class": "Z9", "permit_issued_on": "2026-03-01", "as_of": "2026-03-05"},
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "calculators.invalid"
    assert "license_class" in bad.json()["fields"]
    future = client.get(
        ELIGIBILITY,
        {"license_class": "C1", "permit_issued_on": "2026-04-01", "as_of": "2026-03-05"},
    )
    assert future.status_code == 422
    assert "permit_issued_on" in future.json()["fields"]
    missing = client.get(ELIGIBILITY, {"license_class": "C1"})
    assert missing.status_code == 422
    assert missing.json()["fields"]["permit_issued_on"] == "必填"


@pytest.mark.django_db
def test_an_applicant_submits_sees_their_position_and_after_close_their_result(client):
    sessions = [make_session(capacity=1), make_session(capacity=1)]
    window = make_window(sessions=sessions)
    application = make_application()
    citizen = make_citizen(person=application.person)
    path = f"/api/v1/exams/windows/{window.code}/preferences"
    ids = [sessions[1].pk, sessions[0].pk]
    response = client.put(
        path, {"session_ids": ids}, content_type="application/json", **auth(citizen)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["session_ids"] == ids
    assert (body["ahead"], body["tied"], body["total"]) == (0, 0, 1)
    assert body["rank"] is None
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        services.window_close(actor=SYSTEM, window=window)
    me = client.get(f"/api/v1/exams/windows/{window.code}/me", **auth(citizen)).json()
    assert me["rank"] == 1
    assert me["session"]["id"] == sessions[1].pk
    assert me["reason"] == "first_choice"
    assert me["reason_text"]
    public = client.get(f"/api/v1/exams/windows/{window.code}").json()
    assert public["seed"] == window.seed
    assert len(public["sessions"]) == 2


@pytest.mark.django_db
def test_the_seed_is_hidden_until_the_close(client):
    window = make_window(sessions=[make_session()])
    (listed,) = client.get("/api/v1/exams/windows").json()
    assert listed["seed"] is None
    assert listed["seed_sha256"] == window.seed_sha256


@pytest.mark.django_db
def test_anyone_can_download_the_published_allocation_and_verify_it(client):
    session = make_session(capacity=1)
    window = make_window(sessions=[session])
    for _ in range(3):
        application = make_application()
        services.preferences_submit(
            actor=None, person=application.person, window_id=window.pk, session_ids=[session.pk]
        )
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        services.window_close(actor=SYSTEM, window=window)
    base = f"/api/v1/exams/windows/{window.code}"
    data_in = client.get(f"{base}/published/input")
    assert data_in.status_code == 200
    assert data_in.content.startswith(b"jiaoguan-exams-allocation-input 1\n")
    result = client.get(f"{base}/published/result").content
    assert result.count(b"\n") == 5 + 1 + 1 + 3  # header, 1 session, applicants, 3 ranks
    report = client.get(f"{base}/verify").json()
    assert report["matches"] is True
    assert report["first_difference_line"] == 0


@pytest.mark.django_db
def test_an_open_window_has_no_publication_yet(client):
    window = make_window(sessions=[make_session()])
    response = client.get(f"/api/v1/exams/windows/{window.code}/verify")
    assert response.status_code == 404
    assert response.json()["code"] == "exams.publication.not_found"


@pytest.mark.django_db
def test_preferences_need_a_logged_in_citizen(client):
    window = make_window(sessions=[make_session()])
    response = client.put(
        f"/api/v1/exams/windows/{window.code}/preferences",
        {"session_ids": [1]},
        content_type="application/json",
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_citizen_cancels_their_booking(client):
    application = make_application()
    citizen = make_citizen(person=application.person)
    session = make_session(exam_on=clock.today() + timedelta(days=5))
    booking = ExamBooking.objects.create(
        application=application,
        session=session,
        subject="subject_2",
        exam_on=session.plan.exam_on,
        created_at=clock.now(),
    )
    listed = client.get("/api/v1/exams/bookings", **auth(citizen)).json()
    assert [b["id"] for b in listed if b["subject"] == "subject_2"] == [booking.pk]
    response = client.post(f"/api/v1/exams/bookings/{booking.pk}/cancel", **auth(citizen))
    assert response.json()["status"] == "cancelled"
    other = make_citizen(person=make_person(name="李娜"))
    again = client.post(f"/api/v1/exams/bookings/{booking.pk}/cancel", **auth(other))
    assert again.status_code == 404


def _post(client, credentials, path, payload):
    body = json.dumps(payload).encode()
    return client.post(
        path, data=body, content_type="application/json", **signed(credentials, "POST", path, body)
    )


@pytest.mark.django_db
def test_a_driving_school_submits_an_application(client):
    school = make_partner_key(
        kind=Organization.Kind.DRIVING_SCHOOL, scopes=[PartnerKey.Scope.EXAMS_APPLICATIONS]
    )
    person = make_person(name="王芳")
    path = "/api/v1/exams/partner/applications"
    response = _post(
        client,
        school,
        path,
        {"id_number": person.id_number, "name": "王芳", "license_class": "C1"},
    )
    assert response.status_code == 201, response.content
    application = LicenseApplication.objects.get(number=response.json()["number"])
    assert application.driving_school == school.organization
    wrong_name = _post(
        client, school, path, {"id_number": person.id_number, "name": "王", "license_class": "C1"}
    )
    assert wrong_name.status_code == 404


@pytest.mark.django_db
def test_the_applications_scope_does_not_report_results(client):
    school = make_partner_key(
        kind=Organization.Kind.DRIVING_SCHOOL, scopes=[PartnerKey.Scope.EXAMS_APPLICATIONS]
    )
    response = _post(client, school, "/api/v1/exams/partner/results", {})
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_exam_system_reports_results_up_to_the_license(client):
    system = make_partner_key(scopes=[PartnerKey.Scope.EXAMS_RESULTS])
    application = make_application()
    path = "/api/v1/exams/partner/results"
    for subject in ("subject_2", "subject_3", "safe_driving"):
        session = make_session(subject=subject, exam_on=clock.today())
        ExamBooking.objects.create(
            application=application,
            session=session,
            subject=subject,
            exam_on=session.plan.exam_on,
            created_at=clock.now(),
        )
        response = _post(
            client,
            system,
            path,
            {
                "application_number": application.number,
                "session_code": session.code,
                "attempt": 1,
                "passed": True,
                "score": 95,
                "taken_at": clock.now().isoformat(),
            },
        )
        assert response.status_code == 200, response.content
        assert response.json()["outcome"] == "passed"
    assert DrivingLicense.objects.filter(person=application.person).exists()


@pytest.mark.django_db
def test_my_application_shows_subjects_permit_and_location_and_a_move_changes_it(client):
    user = make_citizen()
    application = make_application(person=user.person)
    headers = auth(user)
    body = client.get("/api/v1/exams/application", **headers).json()
    assert body["number"] == application.number
    assert body["status"] == "active"
    assert body["exam_region_code"] == "320100"
    assert body["permit_valid_until"] == application.permit.valid_until.isoformat()
    assert body["period_ends_on"] == body["permit_valid_until"]
    assert body["location_changes_left"] == 3
    assert [s["passed"] for s in body["subjects"]] == [True, False, False, False]
    moved = client.post(
        "/api/v1/exams/application/location",
        {"region_code": "310115", "residence_address": "上海市浦东新区示范路1号"},
        content_type="application/json",
        **headers,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["exam_region_code"] == "310100"
    assert moved.json()["location_changes_left"] == 2
    again = client.post(
        "/api/v1/exams/application/location",
        {"region_code": "310104", "residence_address": "上海市徐汇区示范路2号"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 422
    assert again.json()["code"] == "exams.location.same_location"
    assert "region_code" in again.json()["fields"]


@pytest.mark.django_db
def test_my_application_is_refused_without_one(client):
    response = client.get("/api/v1/exams/application", **auth(make_citizen()))
    assert response.status_code == 409
    assert response.json()["code"] == "exams.application.none"


@pytest.mark.django_db
def test_a_driving_school_submits_a_foreign_license_holders_application(client):
    school = make_partner_key(
        kind=Organization.Kind.DRIVING_SCHOOL,
        scopes=[PartnerKey.Scope.EXAMS_APPLICATIONS],
        region_code="320211",
    )
    person = make_person(name="李娜")
    path = "/api/v1/exams/partner/applications"
    payload = {"id_number": person.id_number, "name": "李娜", "license_class": "C1"}
    response = _post(client, school, path, {**payload, "basis": "foreign_license"})
    assert response.status_code == 201, response.content
    assert response.json()["basis"] == "foreign_license"
    assert response.json()["exam_region_code"] == "320200"
    other = make_person(name="赵强")
    bad = _post(
        client,
        school,
        path,
        {"id_number": other.id_number, "name": "赵强", "license_class": "C1", "basis": "x"},
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "exams.application.basis"
