"""满分学习 and 审验教育 for citizens, phone first: what is owed and what the server counted,
online study (the face check and the heartbeats of ``portal/study.js``, shared with points
reduction), the exam offered where the study was done, and the clearing after the pass.

Every read goes through a selector keyed by the logged-in person; every write is a service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.applications.rules import table_for
from jiaoguan.applications.rules.education import STUDY_OPEN
from jiaoguan.core.errors import ApplicationError
from jiaoguan.education import course_exams, course_selectors, courses, explanations, lessons
from jiaoguan.gateways.face import FakeFaceCheckGateway, get_face_gateway
from jiaoguan.portal.views.education import DEMO_PHOTO
from jiaoguan.portal.views.me import citizen_required


def state_label(course) -> str:
    """The stage's label from the course's workflow table, in the reader's language."""
    return _(str(table_for(course.case.kind).stage(course.state).label))


@citizen_required
def index(request):
    found = course_selectors.courses_of_person(person_id=request.user.person_id)
    rows = [(course, state_label(course)) for course in found]
    return render(request, "portal/education/courses.html", {"rows": rows})


@citizen_required
@require_POST
def review_start(request):
    try:
        course = courses.review_open(actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education_courses")
    return redirect("portal:education_course", course_id=course.pk)


def _course(request, course_id: int):
    return course_selectors.course_of_person(person_id=request.user.person_id, course_id=course_id)


@citizen_required
def course(request, course_id: int):
    try:
        found = _course(request, course_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education_courses")
    subject, earliest, sessions = course_exams.exam_offer(found)
    return render(
        request,
        "portal/education/course.html",
        {
            "course": found,
            "progress": course_selectors.course_progress(found),
            "lessons": lessons.LESSONS,
            "demo_photo": isinstance(get_face_gateway(), FakeFaceCheckGateway),
            "onsite": explanations.COURSE_ONSITE_ALTERNATIVE,
            "state_label": state_label(found),
            "subject": course_exams.SUBJECT_LABELS.get(subject or "", ""),
            "earliest": earliest,
            "sessions": sessions,
            "exams": course_selectors.exams_of(found),
            "studying": found.state in STUDY_OPEN,
        },
    )


@citizen_required
@require_POST
def face(request, course_id: int):
    upload = request.FILES.get("photo")
    photo = upload.read() if upload else DEMO_PHOTO if request.POST.get("demo") else b""
    try:
        result = courses.course_face_check(actor=request.user, course_id=course_id, photo=photo)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        if result.matched:
            messages.success(request, _("人脸核验通过，可以开始学习。"))
        else:
            messages.error(request, _("人脸比对未通过，请正对镜头、光线充足后重试。"))
    return redirect("portal:education_course", course_id=course_id)


@citizen_required
@require_POST
def book(request, course_id: int):
    try:
        course_exams.full_score_exam_book(
            actor=request.user,
            course_id=course_id,
            session_id=int(request.POST.get("session") or 0),
        )
    except (ApplicationError, ValueError) as error:
        messages.error(request, str(getattr(error, "message", _("请选择可预约的考试场次。"))))
    else:
        messages.success(request, _("考试已预约。"))
    return redirect("portal:education_course", course_id=course_id)


@citizen_required
@require_POST
def clear(request, course_id: int):
    try:
        courses.full_score_clear(actor=request.user, course_id=course_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("记分已清除，驾驶证已发还。"))
    return redirect("portal:education_course", course_id=course_id)


urlpatterns = [
    path("me/education/courses/", index, name="education_courses"),
    path("me/education/courses/review/", review_start, name="education_review_start"),
    path("me/education/courses/<id:course_id>/", course, name="education_course"),
    path("me/education/courses/<id:course_id>/face/", face, name="education_course_face"),
    path("me/education/courses/<id:course_id>/book/", book, name="education_course_book"),
    path("me/education/courses/<id:course_id>/clear/", clear, name="education_course_clear"),
]
