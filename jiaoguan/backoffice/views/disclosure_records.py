"""Officer pages for the register records behind four announcement lists (DOMAIN §19.2):
classes cancelled (written by the points ledger; read only), school-bus qualifications
cancelled (cancel one, record its license recovered), vehicles scrapped by force (record
one), and penalty decisions with social impact (mark, lift). Each list is an audited read of
every person shown; each write is one service, which checks its permission and audits."""

from collections.abc import Callable

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
from jiaoguan.core.http import client_address
from jiaoguan.core.ids import PLATE_TYPES, mask_id_number
from jiaoguan.disclosure import marks
from jiaoguan.disclosure import services as disclosure
from jiaoguan.drivers import school_bus
from jiaoguan.drivers.models import SchoolBusQualification
from jiaoguan.drivers.selectors import class_cancellations_for_officer
from jiaoguan.vehicles import services as vehicles
from jiaoguan.vehicles.selectors import forced_scrappings_for_officer

CANCELLATIONS_READ = "drivers.view_classcancellation"
SCRAPPINGS_READ = "vehicles.view_forcedscrapping"


class SchoolBusCancelForm(forms.Form):
    license_number = forms.CharField(label=gettext_lazy("驾驶证号（公民身份号码）"), max_length=18)
    reason = forms.ChoiceField(
        label=gettext_lazy("注销原因"), choices=SchoolBusQualification.CancelReason.choices
    )
    license_recovered = forms.BooleanField(label=gettext_lazy("已收回签注的驾驶证"), required=False)


class ForcedScrappingForm(forms.Form):
    plate_type = forms.ChoiceField(
        label=gettext_lazy("号牌种类"), choices=sorted(PLATE_TYPES.items()), initial="02"
    )
    plate_number = forms.CharField(label=gettext_lazy("号牌号码"), max_length=8)
    confiscated_on = forms.DateField(
        label=gettext_lazy("收缴日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    authority = forms.CharField(label=gettext_lazy("收缴机关"), max_length=100)


class SocialImpactForm(forms.Form):
    decision_number = forms.CharField(label=gettext_lazy("处罚决定书编号"), max_length=24)
    reason = forms.CharField(label=gettext_lazy("认定理由"), max_length=200)


def _listed(request, reader: Callable) -> tuple[list, str]:
    """The rows a selector lets the officer read (audited there), or its refusal."""
    try:
        return reader(actor=request.actor, ip_address=client_address(request)), ""
    except ApplicationError as error:
        return [], str(error.message)


def _act(request, form: forms.Form, call: Callable, done: str, page: str):
    """Run one service with the form's data; its refusal (or the form's) shown on the page."""
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容：") + "；".join(_form_errors(form)))
        return redirect(page)
    try:
        call(**form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect(page)


def _form_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[name].label}：{' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    ]


@officer_required(CANCELLATIONS_READ)
def class_cancellations(request):
    rows, error = _listed(request, class_cancellations_for_officer)
    return render(
        request,
        "backoffice/disclosure/class_cancellations.html",
        {
            "rows": [(row, mask_id_number(row.license.person.id_number)) for row in rows],
            "error": error,
        },
    )


@officer_required(school_bus.READ, write=school_bus.CANCEL)
def school_bus_cancellations(request):
    page = "/backoffice/disclosure/school-bus/"
    if request.method == "POST":
        return _act(
            request,
            SchoolBusCancelForm(request.POST),
            lambda **data: school_bus.school_bus_qualification_cancel(actor=request.actor, **data),
            _("校车驾驶资格已注销。"),
            page,
        )
    rows, error = _listed(request, school_bus.school_bus_cancellations_for_officer)
    return render(
        request,
        "backoffice/disclosure/school_bus.html",
        {
            "rows": [(row, mask_id_number(row.license.person.id_number)) for row in rows],
            "error": error,
            "form": SchoolBusCancelForm(),
            "can_act": request.actor.has_perm(school_bus.CANCEL),
        },
    )


@officer_required(write=school_bus.CANCEL)
@require_POST
def school_bus_recovered(request, qualification_id: int):
    try:
        school_bus.school_bus_license_recover(
            actor=request.actor, qualification_id=qualification_id
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已登记收回驾驶证，下次公开时撤下作废公告。"))
    return redirect("backoffice:disclosure_school_bus")


@officer_required(SCRAPPINGS_READ, write=vehicles.SCRAP_BY_FORCE)
def forced_scrappings(request):
    page = "/backoffice/disclosure/scrapped/"
    if request.method == "POST":
        return _act(
            request,
            ForcedScrappingForm(request.POST),
            lambda **data: vehicles.vehicle_scrap_by_force(actor=request.actor, **data),
            _("已登记强制报废，机动车已注销。"),
            page,
        )
    rows, error = _listed(request, forced_scrappings_for_officer)
    return render(
        request,
        "backoffice/disclosure/scrapped.html",
        {
            "rows": [(row, PLATE_TYPES.get(row.vehicle.plate_type, "")) for row in rows],
            "error": error,
            "form": ForcedScrappingForm(),
            "can_act": request.actor.has_perm(vehicles.SCRAP_BY_FORCE),
        },
    )


@officer_required(marks.PUBLISH)
def social_impact(request):
    page = "/backoffice/disclosure/social-impact/"
    if request.method == "POST":
        return _act(
            request,
            SocialImpactForm(request.POST),
            lambda **data: disclosure.social_impact_mark(actor=request.actor, **data),
            _("已认定，下次公开时公布。"),
            page,
        )
    rows, error = _listed(request, marks.social_impact_marks_for_officer)
    return render(
        request,
        "backoffice/disclosure/social_impact.html",
        {"rows": rows, "error": error, "form": SocialImpactForm()},
    )


@officer_required(write=marks.PUBLISH)
@require_POST
def social_impact_lift(request):
    try:
        disclosure.social_impact_lift(
            actor=request.actor, decision_number=request.POST.get("decision_number", "")
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已取消认定，下次公开时撤下。"))
    return redirect("backoffice:disclosure_social_impact")


urlpatterns = [
    path(
        "disclosure/class-cancellations/",
        class_cancellations,
        name="disclosure_class_cancellations",
    ),
    path("disclosure/school-bus/", school_bus_cancellations, name="disclosure_school_bus"),
    path(
        "disclosure/school-bus/<id:qualification_id>/recovered/",
        school_bus_recovered,
        name="disclosure_school_bus_recovered",
    ),
    path("disclosure/scrapped/", forced_scrappings, name="disclosure_scrapped"),
    path("disclosure/social-impact/", social_impact, name="disclosure_social_impact"),
    path(
        "disclosure/social-impact/lift/",
        social_impact_lift,
        name="disclosure_social_impact_lift",
    ),
]

menu = [
    MenuEntry(
        gettext_lazy("准驾车型注销"),
        "backoffice:disclosure_class_cancellations",
        position=96,
        permission=CANCELLATIONS_READ,
    ),
    MenuEntry(
        gettext_lazy("校车驾驶资格注销"),
        "backoffice:disclosure_school_bus",
        position=96,
        permission=school_bus.READ,
    ),
    MenuEntry(
        gettext_lazy("强制报废"),
        "backoffice:disclosure_scrapped",
        position=96,
        permission=SCRAPPINGS_READ,
    ),
    MenuEntry(
        gettext_lazy("具有社会影响的处罚决定"),
        "backoffice:disclosure_social_impact",
        position=96,
        permission=marks.PUBLISH,
    ),
]
