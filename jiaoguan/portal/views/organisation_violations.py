"""单位违法处理: the organisation's vehicles' unhandled camera records, handled by the unit as
the party (operators and administrators, naming the driver who was driving), the decisions
addressed to the unit, their PDF and paying the fine online. Viewers read only."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.redirects import absolute_return_url
from jiaoguan.organisations import handling, rules
from jiaoguan.payments.selectors import payment_providers
from jiaoguan.portal.views.organisations import _context, _denied, staff_page
from jiaoguan.violations.printing import decision_pdf


@staff_page(rules.VIEW_FLEET)
def violations(request):
    """The unhandled records of the unit's vehicles and the decisions addressed to it."""
    may_handle = request.staff.has_perm(rules.HANDLE_VIOLATIONS)
    return render(
        request,
        "portal/organisations/violations.html",
        _context(
            request,
            "violations",
            rows=handling.unhandled_of(actor=request.staff),
            drivers=handling.drivers_for_handling(actor=request.staff) if may_handle else [],
            may_handle=may_handle,
            decisions=handling.unit_decisions_of(actor=request.staff, limit=50),
        ),
    )


@require_POST
@staff_page(rules.VIEW_FLEET)
def violation_handle(request, record_id: int):
    if not request.staff.has_perm(rules.HANDLE_VIOLATIONS):
        return _denied(request)
    try:
        unit = handling.unit_violation_handle(
            actor=request.staff,
            record_id=record_id,
            consent_id=int(request.POST.get("consent_id") or 0),
        )
    except (ApplicationError, ValueError) as error:
        message = error.message if isinstance(error, ApplicationError) else gettext("请求有误。")
        messages.error(request, str(message))
        return redirect("portal:org_violations")
    messages.success(request, gettext("已处理，处罚决定书送达本单位。"))
    return redirect("portal:org_decision", number=unit.decision.number)


def _decision_view(request, number: str):
    return handling.unit_decision_of(actor=request.staff, number=number, as_of=clock.today())


@staff_page(rules.VIEW_FLEET)
def decision(request, number: str):
    try:
        view = _decision_view(request, number)
    except ApplicationError as error:
        return render(
            request,
            "portal/organisations/denied.html",
            {"staff": request.staff, "error": error},
            status=error.status,
        )
    return render(
        request,
        "portal/organisations/decision.html",
        _context(
            request,
            "violations",
            view=view,
            decision=view.decision,
            may_handle=request.staff.has_perm(rules.HANDLE_VIOLATIONS),
            providers=payment_providers(),
        ),
    )


@require_POST
@staff_page(rules.VIEW_FLEET)
def decision_pay(request, number: str):
    """Open the fine's payment order for the unit and go to the acquirer's pay page."""
    if not request.staff.has_perm(rules.HANDLE_VIOLATIONS):
        return _denied(request)
    try:
        start = handling.unit_fine_payment_start(
            actor=request.staff,
            number=number,
            return_url=absolute_return_url(request, f"/org/decisions/{number}/"),
            provider=request.POST.get("provider") or None,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:org_violations")
    return redirect(start.pay_url)


@staff_page(rules.VIEW_FLEET)
def decision_document(request, number: str):
    try:
        view = _decision_view(request, number)
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=error.status)
    organization = view.unit.account.organization
    pdf = decision_pdf(view.decision, unit=(organization.name, organization.credit_code))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{view.decision.number}.pdf"'
    return response


urlpatterns = [
    path("org/violations/", violations, name="org_violations"),
    path("org/violations/<int:record_id>/handle/", violation_handle, name="org_violation_handle"),
    path("org/decisions/<str:number>/", decision, name="org_decision"),
    path("org/decisions/<str:number>/pay/", decision_pay, name="org_decision_pay"),
    path("org/decisions/<str:number>/pdf/", decision_document, name="org_decision_pdf"),
]
