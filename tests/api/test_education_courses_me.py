"""The citizen's full-score education API on a simulated clock: the course with what is owed,
the face check and heartbeats, the exam offered where the study was done, booked, and the
points cleared after the pass; errors in the API's ``{code, message, fields}``."""

import base64
from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.education import officers
from jiaoguan.identity.services import api_token_issue
from tests.education.courses import T0, full_score_driver, officer, onsite, theory_session

pytestmark = pytest.mark.django_db
BASE = "/api/v1/me/education"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def test_from_the_notice_to_the_points_cleared(client):
    with full_score_driver() as me:
        auth = bearer(me.citizen)
        listed = client.get(f"{BASE}/courses", **auth).json()
        assert len(listed) == 1
        course = listed[0]
        assert course["kind"] == "full_score"
        assert course["state"] == "notified"
        assert (course["study_days"], course["min_onsite_days"]) == (7, 2)
        assert course["progress"]["face_check_due"] is True
        path = f"{BASE}/courses/{course['id']}"
        photo = {"photo": base64.b64encode(b"camera").decode()}
        checked = client.post(f"{path}/face-checks", photo, content_type="application/json", **auth)
        assert checked.json()["matched"] is True
        beat = client.post(
            f"{path}/heartbeats",
            {"tab": "tab-a", "visible": True},
            content_type="application/json",
            **auth,
        )
        assert beat.status_code == 200
        bad = client.post(
            f"{path}/heartbeats", {"tab": "../x", "visible": True},
            content_type="application/json", **auth,
        )  # fmt: skip
        assert bad.status_code == 422
        examiner = officer()
        for n in range(5):
            me.next_day(0 if n == 0 else 1)
            onsite(examiner, me.course, clock.today())
        session = theory_session(T0.date() + timedelta(days=8))
        offer = client.get(f"{path}/exam-sessions", **auth).json()
        assert offer["subject"] == "subject1"
        assert [s["id"] for s in offer["sessions"]] == [session.pk]
        booked = client.post(
            f"{path}/exams", {"session_id": session.pk}, content_type="application/json", **auth
        )
        assert booked.status_code == 201
        assert booked.json()["state"] == "exam_booked"
        twice = client.post(
            f"{path}/exams", {"session_id": session.pk}, content_type="application/json", **auth
        )
        # the table has no booking out of exam_booked
        assert twice.status_code == 409
        assert twice.json()["code"] == "applications.case.action_not_allowed"
        exam = me.course.exams.get()
        officers.full_score_exam_result(actor=examiner, exam_id=exam.pk, passed=True, score=92)
        cleared = client.post(f"{path}/clear", **auth)
        assert cleared.status_code == 200
        assert cleared.json()["state"] == "cleared"


def test_someone_elses_course_is_not_found_and_no_review_is_owed(client):
    with full_score_driver() as me, full_score_driver() as other:
        auth = bearer(other.citizen)
        found = client.get(f"{BASE}/courses/{me.course.pk}/exam-sessions", **auth)
        assert found.status_code == 404
        assert found.json()["code"] == "education.course.not_found"
        review = client.post(f"{BASE}/review", **auth, HTTP_ACCEPT_LANGUAGE="en")
        assert review.status_code == 409
        assert review.json()["code"] == "education.review.not_owed"
