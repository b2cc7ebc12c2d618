"""单位报告: the key-entity reports of the organisation (DOMAIN §18.1-§18.2) as pages, CSV and
PDF downloads, each the same scan as the monthly push narrowed to the organisation; any staff
role reads them."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.organisations import reports, rules, safety
from jiaoguan.portal.views.organisations import _context, staff_page


@staff_page(rules.VIEW_FLEET)
def index(request):
    """Every kind of report, with today's count of rows."""
    today = clock.today()
    items = [reports.report_of(actor=request.staff, key=key, as_of=today) for key in reports.KINDS]
    return render(
        request, "portal/organisations/reports.html", _context(request, "reports", items=items)
    )


def _report(request, key: str):
    return reports.report_of(actor=request.staff, key=key, as_of=clock.today())


def _not_found(request, error: ApplicationError):
    return render(
        request,
        "portal/organisations/denied.html",
        {"staff": request.staff, "error": error},
        status=error.status,
    )


@staff_page(rules.VIEW_FLEET)
def report(request, key: str):
    try:
        found = _report(request, key)
    except ApplicationError as error:
        return _not_found(request, error)
    return render(
        request,
        "portal/organisations/report.html",
        _context(
            request,
            "reports",
            report=found,
            cells=[
                list(zip([label for _name, label in found.kind.columns], row, strict=True))
                for row in found.cells()
            ],
        ),
    )


def _filename(found, extension: str) -> str:
    return f"{found.kind.key}-{found.as_of:%Y%m%d}.{extension}"


@staff_page(rules.VIEW_FLEET)
def report_csv(request, key: str):
    try:
        found = _report(request, key)
    except ApplicationError as error:
        return _not_found(request, error)
    response = HttpResponse(reports.report_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "csv")}"'
    return response


@staff_page(rules.VIEW_FLEET)
def report_pdf(request, key: str):
    try:
        found = _report(request, key)
    except ApplicationError as error:
        return _not_found(request, error)
    response = HttpResponse(reports.report_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "pdf")}"'
    return response


@staff_page(rules.VIEW_FLEET)
def safety_score(request):
    """The organisation's safety score and every event that takes off from it."""
    view = safety.safety_of(actor=request.staff, as_of=clock.today())
    return render(
        request, "portal/organisations/safety.html", _context(request, "safety", view=view)
    )


urlpatterns = [
    path("org/safety/", safety_score, name="org_safety"),
    path("org/reports/", index, name="org_reports"),
    path("org/reports/<slug:key>/", report, name="org_report"),
    path("org/reports/<slug:key>.csv", report_csv, name="org_report_csv"),
    path("org/reports/<slug:key>.pdf", report_pdf, name="org_report_pdf"),
]
