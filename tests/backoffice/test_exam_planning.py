"""Officers add venues, plans and sessions from the back office (issue 13, defect 3): each
refusal shown beside its field, every write audited with the officer."""

from datetime import date

import pytest
from django_otp.oath import totp
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.exams.models import ExamPlan, ExamSession, ExamVenue
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.exams.factories import make_venue

pytestmark = pytest.mark.django_db

TODAY = "2026-12-02 10:00:00+08:00"


@pytest.fixture
def planner(client):
    officer, device = officer_with_device(
        permissions=("exams.view_bookingwindow", "exams.plan_exams")
    )
    with freeze_time(TODAY):
        log_in(client, officer, device, token=f"{totp(device.bin_key):06d}")
    return client


@freeze_time(TODAY)
def test_a_planner_adds_a_venue_a_plan_and_a_session_and_each_is_audited(planner):
    index = planner.get("/backoffice/exams/").content.decode()
    assert "/backoffice/exams/venues/new/" in index
    assert "/admin/" not in index  # the dead 参考数据管理 link is gone
    planner.post(
        "/backoffice/exams/venues/new/",
        {"code": "NJ-XW", "name": "玄武考场", "region_code": "320102", "address": "玄武大道1号"},
    )
    venue = ExamVenue.objects.get(code="NJ-XW")
    response = planner.post(
        "/backoffice/exams/plans/new/", {"venue": venue.pk, "exam_on": "2026-12-20"}
    )
    plan = ExamPlan.objects.get(venue=venue)
    assert response["Location"] == f"/backoffice/exams/plans/{plan.pk}/"
    planner.post(
        f"/backoffice/exams/plans/{plan.pk}/",
        {"subject": "subject_1", "license_class": "C1", "starts_at": "09:00", "capacity": "40"},
    )
    session = ExamSession.objects.get(plan=plan)
    assert (session.code, session.capacity) == ("NJ-XW-20261220-0900-subject1-C1", 40)
    assert (
        "NJ-XW-20261220-0900-subject1-C1"
        in planner.get(f"/backoffice/exams/plans/{plan.pk}/").content.decode()
    )
    actions = set(
        AuditEvent.objects.filter(actor__username="jc0009").values_list("action", flat=True)
    )
    assert {"exams.venue.created", "exams.plan.created", "exams.session.added"} <= actions


@freeze_time(TODAY)
def test_bad_input_is_refused_beside_its_field_in_chinese(planner):
    page = planner.post(
        "/backoffice/exams/venues/new/", {"code": "X1", "name": "某考场", "region_code": "9901"}
    ).content.decode()
    assert "请填写六位行政区划代码" in page
    # six digits of no known province
    page = planner.post(
        "/backoffice/exams/venues/new/", {"code": "X1", "name": "某考场", "region_code": "990100"}
    ).content.decode()
    assert "请填写六位行政区划代码" in page
    assert not ExamVenue.objects.filter(code="X1").exists()


@freeze_time(TODAY)
def test_a_venue_of_another_province_is_refused(planner):
    page = planner.post(
        "/backoffice/exams/venues/new/",
        {"code": "KM-1", "name": "昆明考场", "region_code": "530100"},
    )
    assert page.status_code in (403, 200)
    assert not ExamVenue.objects.filter(code="KM-1").exists()


@freeze_time(TODAY)
def test_duplicates_and_past_days_are_refused_not_500(planner):
    venue = make_venue(code="NJ-DUP")
    page = planner.post(
        "/backoffice/exams/venues/new/", {"code": "NJ-DUP", "name": "重复", "region_code": "320100"}
    ).content.decode()
    assert "该考场编号已被使用" in page
    assert (
        planner.post(
            "/backoffice/exams/plans/new/", {"venue": venue.pk, "exam_on": "2026-12-01"}
        ).status_code
        == 200
    )
    assert not ExamPlan.objects.exists()
    planner.post("/backoffice/exams/plans/new/", {"venue": venue.pk, "exam_on": "2026-12-02"})
    page = planner.post(
        "/backoffice/exams/plans/new/", {"venue": venue.pk, "exam_on": "2026-12-02"}
    ).content.decode()
    assert "该考场当天已有考试计划" in page
    plan = ExamPlan.objects.get()
    session = {"subject": "subject_2", "license_class": "C1", "starts_at": "08:00", "capacity": "5"}
    planner.post(f"/backoffice/exams/plans/{plan.pk}/", session)
    page = planner.post(f"/backoffice/exams/plans/{plan.pk}/", session).content.decode()
    assert "已有相同科目和准驾车型的场次" in page
    assert (
        planner.post(
            f"/backoffice/exams/plans/{plan.pk}/", {**session, "capacity": "0"}
        ).status_code
        == 200
    )
    assert ExamSession.objects.count() == 1
    assert plan.exam_on == date(2026, 12, 2)


@freeze_time(TODAY)
def test_a_county_venue_gets_no_large_class_practical_session(planner):
    venue = make_venue(code="NJ-GC", is_county_level=True)
    plan = ExamPlan.objects.create(venue=venue, exam_on=date(2026, 12, 30))
    page = planner.post(
        f"/backoffice/exams/plans/{plan.pk}/",
        {"subject": "subject_2", "license_class": "A1", "starts_at": "08:00", "capacity": "5"},
    ).content.decode()
    assert "县级考场不能承担" in page
    assert not ExamSession.objects.exists()
