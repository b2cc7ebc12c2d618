"""Violations for citizens: the records of my vehicles and of the cars I am authorised for,
handling them online, objections, decisions and their PDF, and authorisations.

Every read goes through a selector keyed by the logged-in person, so an id in the URL never
reaches another person's records."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.payments.selectors import payment_providers
from jiaoguan.portal import forms
from jiaoguan.portal.views.me import citizen_required
from jiaoguan.violations import selectors, services
from jiaoguan.violations.printing import decision_pdf


def _error_page(request, error: ApplicationError):
    return render(request, "portal/violations/error.html", {"error": error}, status=error.status)


@citizen_required
def index(request):
    rows = selectors.violations_of_person(person_id=request.user.person_id, as_of=clock.today())
    return render(request, "portal/violations/index.html", {"rows": rows})


def _detail_page(request, record_id: int, dispute_form, *, status: int = 200):
    try:
        row = selectors.violation_of_person(
            person_id=request.user.person_id, record_id=record_id, as_of=clock.today()
        )
    except ApplicationError as error:
        return _error_page(request, error)
    return render(
        request,
        "portal/violations/detail.html",
        {"row": row, "dispute_form": dispute_form},
        status=status,
    )


@citizen_required
def detail(request, record_id: int):
    return _detail_page(request, record_id, forms.DisputeForm())


@citizen_required
def evidence(request, record_id: int, position: int):
    try:
        image = selectors.evidence_image(
            person_id=request.user.person_id, record_id=record_id, position=position
        )
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=404, content_type="text/plain")
    response = HttpResponse(bytes(image.content), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@citizen_required
@require_POST
def handle(request, record_id: int):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("请确认您是实际驾驶人并接受处罚。"))
        return redirect("portal:violation", record_id=record_id)
    try:
        decision = services.violation_handle(actor=request.user, record_id=record_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:violation", record_id=record_id)
    messages.success(request, _("处理完成，处罚决定书已电子送达。"))
    return redirect("portal:decision", number=decision.number)


@citizen_required
@require_POST
def dispute(request, record_id: int):
    form = forms.DisputeForm(request.POST)
    if form.is_valid():
        try:
            filed = services.dispute_file(
                actor=request.user, record_id=record_id, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("异议已提交至%(office)s，将于 %(due)s 前答复。")
                % {"office": filed.office, "due": filed.due_on.isoformat()},
            )
            return redirect("portal:violation", record_id=record_id)
    return _detail_page(request, record_id, form, status=422)


@citizen_required
def decision(request, number: str):
    try:
        found = selectors.decision_of_person(person_id=request.user.person_id, number=number)
    except ApplicationError as error:
        return _error_page(request, error)
    due = selectors.amount_due(found, as_of=clock.today())
    return render(
        request,
        "portal/violations/decision.html",
        {
            "decision": found,
            "due": due,
            "total": due.total(found.fine) if due else None,
            "providers": payment_providers(),
        },
    )


@citizen_required
@require_POST
def decision_pay(request, number: str):
    """Open the fine's payment order and go to the acquirer's pay page."""
    try:
        start = services.fine_payment_start(
            actor=request.user,
            number=number,
            return_url=request.build_absolute_uri(f"/me/decisions/{number}/"),
            provider=request.POST.get("provider") or None,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:decision", number=number)
    return redirect(start.pay_url)


@citizen_required
def decision_document(request, number: str):
    try:
        found = selectors.decision_of_person(person_id=request.user.person_id, number=number)
    except ApplicationError as error:
        return _error_page(request, error)
    response = HttpResponse(decision_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response


@citizen_required
def authorisations(request):
    form = forms.AuthorisationRequestForm()
    if request.method == "POST":
        form = forms.AuthorisationRequestForm(request.POST)
        if form.is_valid():
            try:
                services.authorisation_request(
                    actor=request.user,
                    plate_number=form.cleaned_data["plate_number"],
                    ip_address=client_address(request),
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("确认短信已发送给车主，请输入车主告知您的验证码。"))
                return redirect("portal:authorisations")
    return render(
        request,
        "portal/violations/authorisations.html",
        {
            "form": form,
            "rows": selectors.authorisations_of_person(person_id=request.user.person_id),
            "person_id": request.user.person_id,
        },
        status=422 if form.errors else 200,
    )


@citizen_required
@require_POST
def authorisation_confirm(request, authorisation_id: int):
    try:
        services.authorisation_confirm(
            actor=request.user,
            authorisation_id=authorisation_id,
            code=request.POST.get("code", ""),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("绑定成功，您可以处理该车的交通违法。"))
    return redirect("portal:authorisations")


@citizen_required
@require_POST
def authorisation_revoke(request, authorisation_id: int):
    try:
        services.authorisation_revoke(actor=request.user, authorisation_id=authorisation_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已解除绑定。"))
    return redirect("portal:authorisations")


urlpatterns = [
    path("me/violations/", index, name="violations"),
    path("me/violations/<int:record_id>/", detail, name="violation"),
    path(
        "me/violations/<int:record_id>/evidence/<int:position>/",
        evidence,
        name="violation_evidence",
    ),
    path("me/violations/<int:record_id>/handle/", handle, name="violation_handle"),
    path("me/violations/<int:record_id>/dispute/", dispute, name="violation_dispute"),
    path("me/decisions/<str:number>/", decision, name="decision"),
    path("me/decisions/<str:number>/pdf/", decision_document, name="decision_pdf"),
    path("me/decisions/<str:number>/pay/", decision_pay, name="decision_pay"),
    path("me/authorisations/", authorisations, name="authorisations"),
    path(
        "me/authorisations/<int:authorisation_id>/confirm/",
        authorisation_confirm,
        name="authorisation_confirm",
    ),
    path(
        "me/authorisations/<int:authorisation_id>/revoke/",
        authorisation_revoke,
        name="authorisation_revoke",
    ),
]
