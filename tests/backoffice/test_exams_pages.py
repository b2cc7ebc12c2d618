"""Officer exam pages: windows, opening and closing, the fair-share report, plan publication."""

from datetime import timedelta

import pytest
from django_otp.oath import totp
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.exams import services
from jiaoguan.exams.models import BookingWindow, ExamPlan
from jiaoguan.identity.actors import system_actor
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.exams.factories import make_application, make_session, make_venue, make_window

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    officer, device = officer_with_device(
        permissions=("exams.view_bookingwindow", "exams.plan_exams")
    )
    log_in(client, officer, device, token=f"{totp(device.bin_key):06d}")
    return client


def test_officers_open_a_window_and_see_its_seed_hash(officer_client):
    window = make_window(sessions=[make_session()], status=BookingWindow.Status.SCHEDULED)
    assert window.code in officer_client.get("/backoffice/exams/").content.decode()
    officer_client.post(f"/backoffice/exams/windows/{window.code}/open/")
    window.refresh_from_db()
    assert window.status == BookingWindow.Status.OPEN
    page = officer_client.get(f"/backoffice/exams/windows/{window.code}/").content.decode()
    assert window.seed_sha256 in page
    assert window.seed not in page


def test_the_fair_share_report_after_the_close(officer_client):
    venue = make_venue(name="西区考场")
    session = make_session(venue=venue, capacity=1)
    window = make_window(sessions=[session])
    for _ in range(2):
        application = make_application()
        services.preferences_submit(
            actor=None, person=application.person, window_id=window.pk, session_ids=[session.pk]
        )
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        services.window_close(actor=SYSTEM, window=window)
    page = officer_client.get(f"/backoffice/exams/windows/{window.code}/").content.decode()
    assert "西区考场" in page
    assert "2 / 1" in page


def test_closing_too_early_shows_the_reason(officer_client):
    window = make_window(sessions=[make_session()])
    response = officer_client.post(f"/backoffice/exams/windows/{window.code}/close/", follow=True)
    assert "尚未到截止时间" in response.content.decode()


def test_publishing_a_plan_late_is_refused_with_the_deadline(officer_client):
    plan = ExamPlan.objects.create(venue=make_venue(), exam_on=clock.today() + timedelta(days=5))
    response = officer_client.post(f"/backoffice/exams/plans/{plan.pk}/publish/", follow=True)
    assert "至少在考试日期前十日公布" in response.content.decode()


def test_citizens_cannot_reach_the_exam_back_office(client):
    response = client.get("/backoffice/exams/")
    assert response.status_code == 302


def test_officers_create_a_window_from_published_sessions(officer_client):
    session = make_session(exam_on=clock.today() + timedelta(days=30))
    opens = clock.local(clock.now()).replace(second=0, microsecond=0)
    response = officer_client.post(
        "/backoffice/exams/windows/new/",
        {
            "code": "W-OFFICE",
            "subject": "subject_2",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "sessions": [str(session.pk)],
        },
    )
    assert response.status_code == 302
    window = BookingWindow.objects.get(code="W-OFFICE")
    assert list(window.sessions.all()) == [session]
    late = officer_client.post(
        "/backoffice/exams/windows/new/",
        {
            "code": "W-LATE",
            "subject": "subject_2",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(days=29)).strftime("%Y-%m-%dT%H:%M"),
            "sessions": [str(session.pk)],
        },
    )
    assert "个工作日公布" in late.content.decode()
    assert not BookingWindow.objects.filter(code="W-LATE").exists()
