"""Officer pages for full-score and review education: find a driver's courses (the read is
audited with its purpose), record on-site study, record a full-score exam result, review a
review-education result, revoke falsified study with a reason. Each write is one service."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.applications.rules import education as table
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.ids import mask_id_number
from jiaoguan.education import course_selectors, officers
from jiaoguan.education.models import FullScoreExam

PURPOSE = "education"


def _done(request, message: str, id_number: str):
    messages.success(request, message)
    return redirect(f"/backoffice/education/?id_number={id_number}&purpose={PURPOSE}")


@officer_required(table.ONSITE)
def index(request):
    id_number = (request.GET.get("id_number") or "").strip()
    purpose = (request.GET.get("purpose") or "").strip()
    found, error = [], ""
    if id_number and purpose:
        try:
            found = course_selectors.courses_lookup(
                actor=request.actor,
                id_number=id_number,
                purpose=purpose,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ApplicationError as refused:
            error = str(refused.message)
    rows = [
        {
            "course": course,
            "masked": mask_id_number(course.person.id_number),
            "progress": course_selectors.course_progress(course),
            "booked": course.exams.filter(result=FullScoreExam.Result.BOOKED).first(),
            "label": _(str(table.FULL_SCORE.stage(course.state).label))
            if course.kind == "full_score"
            else _(str(table.REVIEW.stage(course.state).label)),
        }
        for course in found
    ]
    return render(
        request,
        "backoffice/education/index.html",
        {
            "rows": rows,
            "id_number": id_number,
            "error": error,
            "today": clock.today(),
        },
    )


class OnsiteForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("学习日期"))
    minutes = forms.IntegerField(label=gettext_lazy("连续学习分钟数"), min_value=1, max_value=720)
    place = forms.CharField(label=gettext_lazy("学习地点"), max_length=100)
    region_code = forms.CharField(label=gettext_lazy("学习地区划代码"), max_length=6)


def _back(request):
    return (request.POST.get("id_number") or "").strip()


@officer_required(write=table.ONSITE)
@require_POST
def onsite(request, course_id: int):
    form = OnsiteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请完整填写学习日期、时长、地点和区划代码。"))
        return _done_error(request)
    try:
        officers.onsite_study_record(actor=request.actor, course_id=course_id, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _done_error(request)
    return _done(request, _("现场学习已登记。"), _back(request))


def _done_error(request):
    return redirect(f"/backoffice/education/?id_number={_back(request)}&purpose={PURPOSE}")


@officer_required(write=table.REVOKER)
@require_POST
def revoke(request, course_id: int):
    try:
        officers.study_revoke(
            actor=request.actor, course_id=course_id, reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _done_error(request)
    return _done(request, _("学习记录已撤销，须重新学习。"), _back(request))


@officer_required(write=table.EXAMINER)
@require_POST
def exam_result(request, exam_id: int):
    raw = (request.POST.get("score") or "").strip()
    try:
        officers.full_score_exam_result(
            actor=request.actor,
            exam_id=exam_id,
            passed=request.POST.get("passed") == "1",
            score=int(raw) if raw.isdigit() else None,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _done_error(request)
    return _done(request, _("考试成绩已登记。"), _back(request))


@officer_required(write=table.REVIEWER)
@require_POST
def review(request, course_id: int):
    try:
        officers.review_decide(
            actor=request.actor,
            course_id=course_id,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _done_error(request)
    return _done(request, _("审核结果已登记。"), _back(request))


urlpatterns = [
    path("education/", index, name="education_courses"),
    path("education/<id:course_id>/onsite/", onsite, name="education_onsite"),
    path("education/<id:course_id>/revoke/", revoke, name="education_revoke"),
    path("education/<id:course_id>/review/", review, name="education_review"),
    path("education/exams/<id:exam_id>/result/", exam_result, name="education_exam_result"),
]

menu = [
    MenuEntry(
        gettext_lazy("满分和审验教育"),
        "backoffice:education_courses",
        position=99,
        permission=table.ONSITE,
    )
]
