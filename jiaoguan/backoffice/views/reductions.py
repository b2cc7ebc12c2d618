"""Officer pages for points reduction (学法减分): find a driver's applications and public-welfare
activities (the read is audited with its purpose), record a public-welfare activity after its
face checks, withdraw one during its notice, revoke a reduction obtained by fraud. Each write
is one service (``education.welfare``)."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.applications.rules import reduction as table
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.ids import mask_id_number
from jiaoguan.education import selectors, welfare

PURPOSE = "reduction"


def _back(request, id_number: str):
    return redirect(f"/backoffice/reductions/?id_number={id_number}&purpose={PURPOSE}")


def _label(workflow, state: str) -> str:
    return _(str(workflow.stage(state).label))


@officer_required(table.RECORDER)
def index(request):
    id_number = (request.GET.get("id_number") or "").strip()
    purpose = (request.GET.get("purpose") or "").strip()
    person, applications, activities, error = None, [], [], ""
    if id_number and purpose:
        try:
            person, applications, activities = selectors.reductions_lookup(
                actor=request.actor,
                id_number=id_number,
                purpose=purpose,
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ApplicationError as refused:
            error = str(refused.message)
    return render(
        request,
        "backoffice/education/reductions.html",
        {
            "id_number": id_number,
            "error": error,
            "person": person,
            "masked": mask_id_number(person.id_number) if person else "",
            "applications": [(a, _label(table.APPLICATION, a.status)) for a in applications],
            "activities": [(a, _label(table.WELFARE, a.state)) for a in activities],
            "now": clock.local(clock.now()),
        },
    )


class WelfareForm(forms.Form):
    activity = forms.CharField(label=gettext_lazy("公益活动"), max_length=100)
    place = forms.CharField(label=gettext_lazy("活动地点"), max_length=100)
    region_code = forms.CharField(label=gettext_lazy("活动地区划代码"), max_length=6)
    signed_in_at = forms.DateTimeField(label=gettext_lazy("签到时间"))
    signed_out_at = forms.DateTimeField(label=gettext_lazy("签退时间"))
    sign_in_face_matched = forms.BooleanField(
        label=gettext_lazy("签到人脸核验通过"), required=False
    )
    sign_out_face_matched = forms.BooleanField(
        label=gettext_lazy("签退人脸核验通过"), required=False
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=clock.TIMEZONE)


@officer_required(write=table.RECORDER)
@require_POST
def record(request):
    id_number = (request.POST.get("id_number") or "").strip()
    form = WelfareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请完整填写活动内容、地点、区划代码和签到签退时间。"))
        return _back(request, id_number)
    data = form.cleaned_data
    try:
        welfare.welfare_record(
            actor=request.actor,
            id_number=id_number,
            activity=data["activity"],
            place=data["place"],
            region_code=data["region_code"],
            signed_in_at=_aware(data["signed_in_at"]),
            signed_out_at=_aware(data["signed_out_at"]),
            sign_in_face_matched=data["sign_in_face_matched"],
            sign_out_face_matched=data["sign_out_face_matched"],
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back(request, id_number)
    messages.success(request, _("公益活动已登记，公示 2 日后减免记分。"))
    return _back(request, id_number)


@officer_required(write=table.RECORDER)
@require_POST
def withdraw(request, activity_id: int):
    id_number = (request.POST.get("id_number") or "").strip()
    try:
        welfare.welfare_withdraw(
            actor=request.actor, activity_id=activity_id, reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back(request, id_number)
    messages.success(request, _("公益活动已在公示期内撤销。"))
    return _back(request, id_number)


@officer_required(write=table.REVOKER)
@require_POST
def revoke(request, kind: str, pk: int):
    id_number = (request.POST.get("id_number") or "").strip()
    which = {"application_id": pk} if kind == "application" else {"activity_id": pk}
    try:
        points = welfare.reduction_revoke(
            actor=request.actor, reason=request.POST.get("reason", ""), **which
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _back(request, id_number)
    messages.success(request, _("减分已撤销，已恢复记分 %(points)s 分。") % {"points": points})
    return _back(request, id_number)


urlpatterns = [
    path("reductions/", index, name="education_reductions"),
    path("reductions/welfare/", record, name="education_welfare_record"),
    path(
        "reductions/welfare/<id:activity_id>/withdraw/",
        withdraw,
        name="education_welfare_withdraw",
    ),
    path(
        "reductions/<str:kind>/<id:pk>/revoke/",
        revoke,
        name="education_reduction_revoke",
    ),
]

menu = [
    MenuEntry(
        gettext_lazy("学法减分"),
        "backoffice:education_reductions",
        position=100,
        permission=table.RECORDER,
    )
]
