"""Officer pages for papers applications (证件网上办理): the review queue of driving-licence
renewals, nearest deadline first, and one application with what is needed to decide
(the licence record, the hospital's medical certificate, unhandled violations, the fee),
its log and the actions its table offers this officer: review, refuse with a reason,
produce, dispatch and record delivery.

Dispatch books the courier (the waybills and their tracking show on the page, with a
printable waybill sheet); the courier's tracking moves the case on, a returned parcel
coming back to the queue for the officer."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.applications import selectors as case_selectors
from jiaoguan.audit.services import audit_record
from jiaoguan.backoffice.access import officer_required
from jiaoguan.core import clock
from jiaoguan.core.dates import in_supported_range
from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.http import client_address
from jiaoguan.core.money import Money
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.papers import errors, selectors, services
from jiaoguan.papers.postal import selectors as postal_selectors
from jiaoguan.papers.printing import waybill_pdf

VIEW = "applications.view_case"
REVIEW = "applications.review_case"


@officer_required(VIEW)
def queue(request):
    today = clock.today()
    cases = case_selectors.work_queue(
        actor=request.actor, kinds=services.LICENSE_KINDS + services.VEHICLE_KINDS
    )
    rows = [
        {
            "summary": case_selectors.case_summary(case=case, today=today),
            "applicant": case.applicant.name,
            "mine": case.assigned_to_id == request.user.pk,
            "assigned_to": case.assigned_to,
        }
        for case in cases
    ]
    return render(request, "backoffice/papers/queue.html", {"rows": rows})


def _application_or_404(reference):
    try:
        return selectors.application_by_reference(reference=str(reference))
    except NotFound:
        raise Http404 from None


@officer_required(VIEW)
def detail(request, reference):
    application = _application_or_404(reference)
    if not services.officer_covers(request.user, application):
        raise Http404
    today = clock.today()
    case = application.case
    return render(
        request,
        "backoffice/papers/application.html",
        {
            "application": application,
            "summary": case_selectors.case_summary(case=case, today=today),
            "log": case_selectors.case_log(case=case),
            "actions": case_selectors.officer_actions(actor=request.user, case=case),
            "license": license_of_person(person_id=application.person_id, as_of=today),
            "unhandled": selectors.unhandled_violations_of(
                person_id=application.person_id, as_of=today
            ),
            "fee": Money(application.fee_fen),
            "paid": selectors.fee_paid(application),
            "shipments": [
                (postal_selectors.shipment_view(s), postal_selectors.tracking_of(shipment_id=s.pk))
                for s in postal_selectors.shipments_of_case(case_reference=application.reference)
            ],
        },
    )


@officer_required(write=VIEW)
@require_POST
def act(request, reference):
    application = _application_or_404(reference)
    try:
        insurance_until = _date(request.POST.get("insurance_until", ""))
        services.paper_application_act(
            actor=request.user,
            reference=str(application.reference),
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            insurance_until=insurance_until,
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已办理。"))
    return redirect("backoffice:paper_application", application.reference)


@officer_required(VIEW)
def waybill(request, reference):
    """The waybill sheet to print (the applicant's name and address on it: audited as an
    officer read of personal data)."""
    application = _application_or_404(reference)
    if not services.officer_covers(request.user, application):
        raise Http404
    shipments = postal_selectors.shipments_of_case(case_reference=application.reference)
    if not any(shipment.waybill_number for shipment in shipments):
        raise Http404
    audit_record(
        actor=request.user,
        action="papers.shipment.print",
        subject=application,
        person_id_number=application.person.id_number,
        purpose="证件寄递",
        data={"reference": str(application.reference)},
        ip_address=client_address(request),
    )
    response = HttpResponse(waybill_pdf(application, shipments), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="waybill-{application.reference}.pdf"'
    return response


def _date(text: str) -> date | None:
    try:
        day = date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise errors.insurance_required() from None
    if day is not None and not in_supported_range(day):
        raise errors.insurance_required()
    return day


urlpatterns = [
    path("papers/", queue, name="paper_queue"),
    path("papers/<uuid:reference>/", detail, name="paper_application"),
    path("papers/<uuid:reference>/act/", act, name="paper_application_act"),
    path("papers/<uuid:reference>/waybill.pdf", waybill, name="paper_application_waybill"),
]

menu = [
    MenuEntry(
        gettext_lazy("证件网上办理"), "backoffice:paper_queue", position=94, permission=REVIEW
    ),
]
