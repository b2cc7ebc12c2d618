"""The citizen's full-score and review education (满分教育, 审验教育) under
``/api/v1/me/education/``: progress as the server counts it, the study heartbeats and face
checks (the same as points reduction), the exam booked in the exams family's sessions, and
the clearing once the fines are paid."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import RowId
from jiaoguan.applications.rules.education import STUDY_OPEN
from jiaoguan.core.errors import field_error
from jiaoguan.core.families import ApiMount
from jiaoguan.education import course_exams, course_selectors, courses, explanations

router = Router(tags=["me: education"], auth=citizen_auth)


class CourseProgressOut(Schema):
    online_days: list[date] = Field(description="online days counted (more than 3 hours)")
    onsite_days: list[date] = Field(description="on-site days counted (more than 3 hours)")
    attended_days: int
    online_days_credited: int = Field(description="online days within the online share")
    self_study_days: int
    complete: bool
    exam_from: date | None = Field(description="first day the exam may be taken")
    online_today_seconds: int
    counted_minutes: int = Field(description="review education: minutes counted")
    required_minutes: int
    face_check_due: bool
    face_void_today: bool = Field(description="three failed face matches today: study stops")
    status: str = Field(description="studying while study is open (the study page's own word)")
    counted_seconds: int = Field(description="full score: online today; review: all counted")
    required_seconds: int = Field(description="full score: a day's 3 hours; review: 3 hours")


class CourseOut(Schema):
    id: int
    kind: str = Field(description="full_score or review")
    state: str = Field(description="the workflow state (applications.rules.education)")
    reference: str
    points: int
    study_days: int
    min_attended_days: int
    min_onsite_days: int
    max_online_days: int
    exam_subjects: list[str]
    notice_on: date
    attend_by: date | None
    progress: CourseProgressOut
    onsite_alternative: str


def progress_out(course, progress: course_selectors.CourseProgress) -> dict:
    """The progress, with the three fields the shared study page (``portal/study.js``) reads."""
    review = course.kind == "review"
    return {
        **{k: getattr(progress, k) for k in course_selectors.CourseProgress.__dataclass_fields__},
        "online_days": list(progress.online_days),
        "onsite_days": list(progress.onsite_days),
        "status": "studying" if course.state in STUDY_OPEN else course.state,
        "counted_seconds": progress.counted_minutes * 60
        if review
        else progress.online_today_seconds,
        "required_seconds": course.required_minutes * 60 if review else 3 * 3600,
    }


def course_out(course) -> dict:
    progress = course_selectors.course_progress(course)
    return {
        "id": course.pk,
        "kind": course.kind,
        "state": course.state,
        "reference": str(course.case.reference),
        "points": course.points,
        "study_days": course.study_days,
        "min_attended_days": course.min_attended_days,
        "min_onsite_days": course.min_onsite_days,
        "max_online_days": course.max_online_days,
        "exam_subjects": list(course.exam_subjects),
        "notice_on": course.notice_on,
        "attend_by": course.attend_by,
        "progress": progress_out(course, progress),
        "onsite_alternative": str(explanations.COURSE_ONSITE_ALTERNATIVE),
    }


def _mine(request, course_id: int):
    return course_selectors.course_of_person(person_id=request.auth.person_id, course_id=course_id)


@router.get("/courses", response=list[CourseOut])
def my_courses(request):
    """My full-score and review educations, newest first, with what the server has counted."""
    return [
        course_out(c) for c in course_selectors.courses_of_person(person_id=request.auth.person_id)
    ]


@router.post("/review", response={201: CourseOut, **error_responses(409)})
def my_review_open(request):
    """Start the review education I owe (3 hours of study, then the office's review)."""
    return Status(201, course_out(courses.review_open(actor=request.auth.user)))


class CourseFaceCheckIn(Schema):
    photo: str = Field(
        min_length=4,
        max_length=4_000_000,
        pattern=r"^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
        description="the camera photo, base64 (JPEG)",
    )


class CourseFaceCheckOut(Schema):
    matched: bool
    onsite_alternative: str


@router.post(
    "/courses/{course_id}/face-checks",
    response={200: CourseFaceCheckOut, **error_responses(404, 409)},
)
def my_course_face_check(request, course_id: RowId, payload: CourseFaceCheckIn):
    """A face check for online study; the third failed match of a day stops that day's study."""
    try:
        photo = base64.b64decode(payload.photo, validate=True)
    except (binascii.Error, ValueError):
        raise field_error("education.face.photo", "photo", explanations.PHOTO_NOT_BASE64) from None
    result = courses.course_face_check(actor=request.auth.user, course_id=course_id, photo=photo)
    return {
        "matched": result.matched,
        "onsite_alternative": str(explanations.COURSE_ONSITE_ALTERNATIVE),
    }


class CourseHeartbeatIn(Schema):
    tab: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    visible: bool
    client_at: datetime | None = Field(default=None, description="kept, never counted")


@router.post(
    "/courses/{course_id}/heartbeats",
    response={200: CourseProgressOut, **error_responses(404, 409)},
)
def my_course_heartbeat(request, course_id: RowId, payload: CourseHeartbeatIn):
    """The study page reports every 15 s while shown; the server's clock decides what counts."""
    courses.course_heartbeat(
        actor=request.auth.user,
        course_id=course_id,
        tab=payload.tab,
        visible=payload.visible,
        client_at=payload.client_at,
    )
    return course_out(_mine(request, course_id))["progress"]


class CourseSessionOut(Schema):
    id: int
    code: str
    exam_on: date
    starts_at: str
    venue: str
    address: str


class CourseExamOfferOut(Schema):
    subject: str | None = Field(description="the next subject: subject1, subject2 or subject3")
    earliest: date | None
    sessions: list[CourseSessionOut]


@router.get(
    "/courses/{course_id}/exam-sessions",
    response={200: CourseExamOfferOut, **error_responses(404)},
)
def my_course_exam_sessions(request, course_id: RowId):
    """The sessions where my next full-score exam may be booked (where I studied)."""
    subject, earliest, sessions = course_exams.exam_offer(_mine(request, course_id))
    return {
        "subject": subject,
        "earliest": earliest,
        "sessions": [
            {
                "id": s.pk,
                "code": s.code,
                "exam_on": s.plan.exam_on,
                "starts_at": s.starts_at.strftime("%H:%M"),
                "venue": s.plan.venue.name,
                "address": s.plan.venue.address,
            }
            for s in sessions
        ],
    }


class CourseExamBookIn(Schema):
    session_id: RowId


@router.post("/courses/{course_id}/exams", response={201: CourseOut, **error_responses(404, 409)})
def my_course_exam_book(request, course_id: RowId, payload: CourseExamBookIn):
    """Book the next exam subject in one of the offered sessions."""
    course_exams.full_score_exam_book(
        actor=request.auth.user, course_id=course_id, session_id=payload.session_id
    )
    return Status(201, course_out(_mine(request, course_id)))


@router.post(
    "/courses/{course_id}/exams/cancel", response={200: CourseOut, **error_responses(404, 409)}
)
def my_course_exam_cancel(request, course_id: RowId):
    """Cancel the booked exam (the day before at the latest)."""
    course_exams.full_score_exam_cancel(actor=request.auth.user, course_id=course_id)
    return course_out(_mine(request, course_id))


@router.post("/courses/{course_id}/clear", response={200: CourseOut, **error_responses(404, 409)})
def my_course_clear(request, course_id: RowId):
    """After passing, with the fines paid: clear the points and return the license (once)."""
    courses.full_score_clear(actor=request.auth.user, course_id=course_id)
    return course_out(_mine(request, course_id))


mounts = [ApiMount("/v1/me/education", router, position=168)]
