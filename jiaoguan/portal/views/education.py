"""学法减分 for citizens, phone first: apply → study (face check, text lessons, heartbeats from
``portal/study.js``) → the test, one question at a time with large buttons → the result.

Every read goes through a selector keyed by the logged-in person; every write is a service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.education import explanations, lessons, selectors, services
from jiaoguan.education.models import TestAttempt
from jiaoguan.gateways.face import FakeFaceCheckGateway, get_face_gateway
from jiaoguan.portal.views.me import citizen_required

#: What the demo's "sample photo" button sends (only offered with the fake gateway).
DEMO_PHOTO = b"demo-camera-photo"


@citizen_required
def index(request):
    person_id = request.user.person_id
    return render(
        request,
        "portal/education/index.html",
        {
            "eligibility": selectors.reduction_eligibility(
                person_id=person_id, as_of=clock.today()
            ),
            "application": selectors.current_application(person_id=person_id),
            "onsite": explanations.ONSITE_ALTERNATIVE,
        },
    )


@citizen_required
@require_POST
def apply(request):
    try:
        application = services.reduction_apply(actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education")
    return redirect("portal:education_study", application_id=application.pk)


def _application(request, application_id: int):
    return selectors.application_of_person(
        person_id=request.user.person_id, application_id=application_id
    )


@citizen_required
def study(request, application_id: int):
    try:
        application = _application(request, application_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education")
    progress = selectors.study_progress(application)
    attempt = application.attempts.order_by("-number").first()
    return render(
        request,
        "portal/education/study.html",
        {
            "application": application,
            "progress": progress,
            "lessons": lessons.LESSONS,
            "failures": selectors.face_failures(application),
            "demo_photo": isinstance(get_face_gateway(), FakeFaceCheckGateway),
            "onsite": explanations.ONSITE_ALTERNATIVE,
            "attempt": attempt,
        },
    )


@citizen_required
@require_POST
def face(request, application_id: int):
    upload = request.FILES.get("photo")
    photo = upload.read() if upload else DEMO_PHOTO if request.POST.get("demo") else b""
    try:
        outcome = services.face_check_submit(
            actor=request.user, application_id=application_id, photo=photo
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        if outcome.voided:
            messages.error(request, _("人脸比对连续三次未通过，本次学习已作废。"))
        elif outcome.matched:
            messages.success(request, _("人脸核验通过，可以开始学习。"))
        else:
            messages.error(request, _("人脸比对未通过，请正对镜头、光线充足后重试。"))
    return redirect("portal:education_study", application_id=application_id)


@citizen_required
@require_POST
def test_start(request, application_id: int):
    try:
        attempt = services.reduction_test_start(actor=request.user, application_id=application_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education_study", application_id=application_id)
    return redirect("portal:education_test", attempt_id=attempt.pk)


def _attempt(request, attempt_id: int):
    return selectors.attempt_of_person(person_id=request.user.person_id, attempt_id=attempt_id)


@citizen_required
def test(request, attempt_id: int):
    try:
        attempt = _attempt(request, attempt_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education")
    shown = selectors.current_question(attempt)
    if shown is None:
        return redirect("portal:education_result", attempt_id=attempt.pk)
    return render(
        request,
        "portal/education/test.html",
        {"attempt": attempt, "shown": shown, "seconds": selectors.seconds_left(shown)},
    )


@citizen_required
@require_POST
def answer(request, attempt_id: int):
    raw = request.POST.get("choice", "")
    try:
        outcome = services.reduction_test_answer(
            actor=request.user,
            attempt_id=attempt_id,
            position=int(request.POST.get("position", "0") or 0),
            choice=int(raw) if raw.isdigit() else None,
        )
        if outcome.state != TestAttempt.State.IN_PROGRESS:
            services.reduction_test_finish(actor=request.user, attempt_id=attempt_id)
            return redirect("portal:education_result", attempt_id=attempt_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education_test", attempt_id=attempt_id)
    if outcome.correct:
        messages.success(request, _("回答正确。"))
    else:
        messages.error(request, _("回答错误或超时。") + " " + outcome.explanation)
    return redirect("portal:education_test", attempt_id=attempt_id)


@citizen_required
def result(request, attempt_id: int):
    try:
        attempt = _attempt(request, attempt_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:education")
    application = attempt.application
    retakes_left = max(0, 3 - application.attempts.count())
    eligibility = selectors.reduction_eligibility(
        person_id=request.user.person_id, as_of=clock.today()
    )
    return render(
        request,
        "portal/education/result.html",
        {
            "attempt": attempt,
            "application": application,
            "reduction": selectors.reduction_of(application),
            "cycle_points": eligibility.cycle_points,
            "retakes_left": retakes_left if application.status == "studied" else 0,
        },
    )


urlpatterns = [
    path("me/education/reduction/", index, name="education"),
    path("me/education/reduction/apply/", apply, name="education_apply"),
    path("me/education/reduction/<id:application_id>/", study, name="education_study"),
    path("me/education/reduction/<id:application_id>/face/", face, name="education_face"),
    path(
        "me/education/reduction/<id:application_id>/test/", test_start, name="education_test_start"
    ),
    path("me/education/tests/<id:attempt_id>/", test, name="education_test"),
    path("me/education/tests/<id:attempt_id>/answer/", answer, name="education_answer"),
    path("me/education/tests/<id:attempt_id>/result/", result, name="education_result"),
]
