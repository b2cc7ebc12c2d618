"""The full-score and review education pages, phone first, in the elderly mode too: what is
owed, the face check, the exam offered where the study was done, the clearing."""

from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.education import officers
from tests.education.courses import T0, full_score_driver, officer, onsite, theory_session
from tests.portal.html import parse

pytestmark = pytest.mark.django_db


def login(client, citizen):
    client.force_login(citizen)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response)


def test_the_driver_sees_what_is_owed_studies_books_and_clears(client):
    with full_score_driver() as me:
        login(client, me.citizen)
        listing = page(client, "/me/education/courses/")
        assert "待参加学习" in listing.find("dd", class_="course-state").text
        url = f"/me/education/courses/{me.course.pk}/"
        study = page(client, url)
        text = study.text
        assert "您应学习 7 天" in text
        assert "2026-04-01" in text  # attend within 30 days
        assert study.find("section", id="face-check") is not None
        assert all(script.attrs.get("src") for script in study.find_all("script"))  # CSP
        response = client.post(f"{url}face/", {"demo": "1"})
        assert response.status_code == 302
        assert not page(client, url).find_all("section", id="face-check")
        examiner = officer()
        for n in range(5):
            me.next_day(0 if n == 0 else 1)
            onsite(examiner, me.course, clock.today())
        session = theory_session(T0.date() + timedelta(days=8))
        login(client, me.citizen)  # days later: a new login
        offer = page(client, url).find("section", id="exam-offer")
        assert offer is not None
        assert offer.find("button", value=str(session.pk)) is not None
        client.post(f"{url}book/", {"session": str(session.pk)})
        assert me.course.state == "exam_booked"
        officers.full_score_exam_result(
            actor=examiner, exam_id=me.course.exams.get().pk, passed=True, score=91
        )
        assert "记分已清除" in page(client, url).text


def test_the_elderly_mode_and_english(client):
    with full_score_driver() as me:
        login(client, me.citizen)
        client.post("/care-mode/", {"on": "1", "next": "/"})
        url = f"/me/education/courses/{me.course.pk}/"
        elderly = page(client, url)
        assert "care" in elderly.find("body").classes
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "study" in english.lower()


def test_a_bad_session_is_told_not_a_500(client):
    with full_score_driver() as me:
        login(client, me.citizen)
        response = client.post(f"/me/education/courses/{me.course.pk}/book/", {"session": "x"})
        assert response.status_code == 302
        other = client.get(f"/me/education/courses/{me.course.pk + 99}/")
        assert other.status_code == 302
