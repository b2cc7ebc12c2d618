"""Officer pages for safety publicity (交通安全宣传): the items (withdrawn ones too), a form to
publish a new one or an edit (each a version, audited), and a withdrawal with its reason.
Each write is one service (``education.publicity``)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.education import publicity
from jiaoguan.education.models import SafetyItem

PAGE = "/backoffice/safety/"


class SafetyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=SafetyItem.Kind.choices)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=100)
    summary = forms.CharField(label=gettext_lazy("摘要"), max_length=200, required=False)
    body = forms.CharField(label=gettext_lazy("正文"), widget=forms.Textarea)
    region_code = forms.CharField(
        label=gettext_lazy("适用地区划代码（留空为全国）"), max_length=6, required=False
    )
    license_classes = forms.CharField(
        label=gettext_lazy(
            "适用准驾车型（如 A1,B2，留空为全部；填写地区或车型即推送给相关驾驶人）"
        ),
        max_length=60,
        required=False,
    )
    starts_on = forms.DateField(label=gettext_lazy("起始日期"), required=False)
    ends_on = forms.DateField(label=gettext_lazy("截止日期"), required=False)
    note = forms.CharField(label=gettext_lazy("修改说明"), max_length=200, required=False)


@officer_required(publicity.PUBLISH)
def index(request):
    return render(
        request,
        "backoffice/safety/index.html",
        {"items": publicity.safety_all(), "form": SafetyForm()},
    )


@officer_required(publicity.PUBLISH)
def edit(request, item_id: int):
    item = SafetyItem.objects.filter(pk=item_id).first()
    if item is None:
        return redirect(PAGE)
    form = SafetyForm(request.POST or None, initial={**publicity.content_of(item), "note": ""})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            publicity.safety_publish(actor=request.actor, item_id=item.pk, note=note, **data)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("已发布新版本。"))
            return redirect(PAGE)
    return render(
        request,
        "backoffice/safety/edit.html",
        {"item": item, "form": form, "versions": item.versions.all()[:20]},
    )


@officer_required(write=publicity.PUBLISH)
@require_POST
def publish(request):
    form = SafetyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写类别、标题和正文。"))
        return redirect(PAGE)
    data = dict(form.cleaned_data)
    note = data.pop("note")
    try:
        publicity.safety_publish(actor=request.actor, note=note, **data)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(PAGE)
    messages.success(request, _("已发布。"))
    return redirect(PAGE)


@officer_required(write=publicity.PUBLISH)
@require_POST
def withdraw(request, item_id: int):
    try:
        publicity.safety_withdraw(
            actor=request.actor, item_id=item_id, reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(PAGE)
    messages.success(request, _("已撤下。"))
    return redirect(PAGE)


urlpatterns = [
    path("safety/", index, name="safety"),
    path("safety/publish/", publish, name="safety_publish"),
    path("safety/<id:item_id>/", edit, name="safety_edit"),
    path("safety/<id:item_id>/withdraw/", withdraw, name="safety_withdraw"),
]

menu = [
    MenuEntry(
        gettext_lazy("交通安全宣传"),
        "backoffice:safety",
        position=100,
        permission=publicity.PUBLISH,
    )
]
