"""Officer pages for disputed minor accidents (事故快处, 申请交警在线定责) and late reports
(补报, to take or refuse within 3 working days): the queue of the officer's province,
nearest deadline first; one accident with both parties' statements,
vehicles and insurers, the scenarios they proposed and the dispute's reason (each opening
audited as a read of both parties' records); the determination form; the determination
(认定书) as a PDF."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.accidents import determination, photos, printing
from jiaoguan.accidents.models import Accident
from jiaoguan.accidents.rules import liability
from jiaoguan.applications import selectors as case_selectors
from jiaoguan.applications.rules.accidents import OFFICER
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.http import client_address


class DetermineForm(forms.Form):
    scenario = forms.ChoiceField(label=gettext_lazy("事故情形"))
    party = forms.ChoiceField(
        label=gettext_lazy("情形所指的一方"),
        choices=[("a", gettext_lazy("甲方")), ("b", gettext_lazy("乙方"))],
    )
    facts = forms.CharField(
        label=gettext_lazy("认定的事故事实"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = liability.table_on(clock.today())
        scenario = self.fields["scenario"]
        assert isinstance(scenario, forms.ChoiceField)
        scenario.choices = [(s.code, _(s.label)) for s in table.scenarios]


@officer_required(OFFICER)
def queue(request):
    today = clock.today()
    rows = [
        {
            "accident": accident,
            "summary": case_selectors.case_summary(case=accident.case, today=today),
            "plates": " / ".join(p.plate_number for p in accident.parties.all()),
        }
        for accident in determination.disputed_accidents(actor=request.actor)
    ]
    return render(request, "backoffice/accidents/queue.html", {"rows": rows})


@officer_required(OFFICER)
def detail(request, accident_id: int):
    try:
        view = determination.accident_for_officer(
            actor=request.actor, accident_id=accident_id, ip_address=client_address(request)
        )
    except ApplicationError:
        raise Http404 from None
    accident = view.accident
    shot = photos.photos_of_accident(accident)
    return render(
        request,
        "backoffice/accidents/accident.html",
        {
            "view": view,
            "parties": [(p, [s for s in shot if s.party_id == p.pk]) for p in view.parties],
            "accident": accident,
            "summary": case_selectors.case_summary(case=accident.case, today=clock.today()),
            "log": case_selectors.case_log(case=accident.case),
            "form": DetermineForm() if accident.case.state == "disputed" else None,
            "late": accident.case.state == "late_reported",
        },
    )


@officer_required(write=OFFICER)
@require_POST
def determine(request, accident_id: int):
    form = DetermineForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(
                "accidents.determine_form", _("请选择事故情形和所指一方，并写明认定的事故事实。")
            )
        determination.accident_determine(
            actor=request.actor,
            accident=accident_id,
            ip_address=client_address(request),
            **form.cleaned_data,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已作出事故认定。"))
    return redirect("backoffice:accident", accident_id=accident_id)


@officer_required(write=OFFICER)
@require_POST
def late_decide(request, accident_id: int):
    """Take or refuse a late report (补报)."""
    try:
        determination.accident_late_decide(
            actor=request.actor,
            accident=accident_id,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已办理。"))
    return redirect("backoffice:accident", accident_id=accident_id)


@officer_required(OFFICER)
def photo(request, accident_id: int, photo_id: int):
    """A party's photo (audited read: ``backoffice.lookup.accident_photo``)."""
    try:
        found = photos.photo_for_officer(
            actor=request.actor,
            accident_id=accident_id,
            photo_id=photo_id,
            ip_address=client_address(request),
        )
    except ApplicationError:
        raise Http404 from None
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@officer_required(OFFICER)
def determination_pdf(request, accident_id: int):
    try:
        view = determination.accident_for_officer(
            actor=request.actor, accident_id=accident_id, ip_address=client_address(request)
        )
    except ApplicationError:
        raise Http404 from None
    accident: Accident = view.accident
    if not accident.determination_number:
        raise Http404
    response = HttpResponse(printing.determination_pdf(accident), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{accident.determination_number}.pdf"'
    return response


urlpatterns = [
    path("accidents/", queue, name="accident_queue"),
    path("accidents/<int:accident_id>/", detail, name="accident"),
    path("accidents/<int:accident_id>/determine/", determine, name="accident_determine"),
    path("accidents/<int:accident_id>/late/", late_decide, name="accident_late_decide"),
    path("accidents/<int:accident_id>/photos/<int:photo_id>/", photo, name="accident_photo"),
    path(
        "accidents/<int:accident_id>/determination.pdf",
        determination_pdf,
        name="accident_determination",
    ),
]

menu = [
    MenuEntry(
        gettext_lazy("事故在线定责"), "backoffice:accident_queue", position=93, permission=OFFICER
    ),
]
