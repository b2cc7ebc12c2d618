"""The applicant's exam pages: windows, ranked preferences with errors by the field, the
position while open and the result with its reason after the close."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.exams import services
from jiaoguan.exams.models import ExamBooking, PreferenceList
from jiaoguan.identity.actors import system_actor
from tests.exams.factories import make_application, make_session, make_venue, make_window
from tests.identity.factories import make_citizen
from tests.portal.html import error_summary, field_errors, parse

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db


def _logged_in(client):
    application = make_application()
    client.force_login(make_citizen(person=application.person))
    return application


def test_the_exams_page_lists_windows_and_is_linked_from_home(client):
    window = make_window(sessions=[make_session()])
    assert "/exams/" in client.get("/").content.decode()
    page = client.get("/exams/").content.decode()
    assert window.code in page


def test_an_applicant_ranks_sessions_and_sees_their_position(client):
    application = _logged_in(client)
    first, second = make_session(venue=make_venue(name="北区考场")), make_session()
    window = make_window(sessions=[first, second])
    path = f"/exams/windows/{window.code}/"
    form_page = client.get(path).content.decode()
    assert "北区考场" in form_page
    response = client.post(path, {"choice_1": str(second.pk), "choice_2": str(first.pk)})
    assert response.status_code == 302
    listed = PreferenceList.objects.get(application=application)
    assert listed.session_ids == [second.pk, first.pk]
    page = client.get(path).content.decode()
    assert "目前共 1 人提交志愿" in page
    assert listed.anonymised_id in page


def test_a_refused_choice_is_shown_by_the_first_choice_and_in_the_summary(client):
    application = _logged_in(client)
    application.permit.issued_on = clock.today() - timedelta(days=3)
    application.permit.save()
    session = make_session()
    window = make_window(sessions=[session])
    response = client.post(f"/exams/windows/{window.code}/", {"choice_1": str(session.pk)})
    assert response.status_code == 200
    document = parse(response.content.decode())
    assert "天数不足" in error_summary(document)
    assert any("天数不足" in error for error in field_errors(document, "id_choice_1"))


def test_after_the_close_the_page_shows_rank_result_reason_and_the_seed(client):
    application = _logged_in(client)
    session = make_session(capacity=1)
    window = make_window(sessions=[session])
    services.preferences_submit(
        actor=None, person=application.person, window_id=window.pk, session_ids=[session.pk]
    )
    with freeze_time(window.closes_at + timedelta(seconds=1)):
        services.window_close(actor=SYSTEM, window=window)
    page = client.get(f"/exams/windows/{window.code}/").content.decode()
    assert "第 1 名（共 1 人）" in page
    assert "已安排第一志愿场次" in page
    assert window.seed in page
    bookings = client.get("/exams/").content.decode()
    assert "取消预约" in bookings


def test_cancelling_from_the_page(client):
    application = _logged_in(client)
    session = make_session()
    booking = ExamBooking.objects.create(
        application=application,
        session=session,
        subject="subject_2",
        exam_on=session.plan.exam_on,
        created_at=clock.now(),
    )
    response = client.post(f"/exams/bookings/{booking.pk}/cancel/", follow=True)
    assert "预约已取消" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == ExamBooking.Status.CANCELLED


def test_cancelling_needs_a_log_in(client):
    response = client.post("/exams/bookings/1/cancel/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_exams_page_shows_my_application_its_permit_and_a_void_reason(client):
    application = _logged_in(client)
    page = client.get("/exams/").content.decode()
    assert "我的驾驶证申请" in page
    assert application.permit.valid_until.isoformat() in page
    assert "还可变更 3 次" in page
    services.application_void(
        actor=None,
        application=application,
        reason="permit_expired",
        on=clock.today(),
    )
    page = client.get("/exams/").content.decode()
    assert "已考试合格的科目成绩作废" in page
    assert "请重新提交申请" in page


def test_changing_the_exam_location_from_the_page(client):
    application = _logged_in(client)
    response = client.post(
        "/exams/location/",
        {"region_code": "310115", "residence_address": "上海市浦东新区示范路1号"},
        follow=True,
    )
    assert "考试地已变更" in response.content.decode()
    application.refresh_from_db()
    assert application.exam_region_code == "310100"
    refused = client.post(
        "/exams/location/", {"region_code": "310104", "residence_address": "上海市"}
    )
    assert refused.status_code == 200
    document = parse(refused.content.decode())
    assert any("相同" in error for error in field_errors(document, "id_region_code"))
