"""Number plates for citizens: public segments, pre-selection for my new car, and the public
status page of a temporary plate (the target of its QR code)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.plates import selectors, services
from jiaoguan.plates.printing import temporary_plate_pdf
from jiaoguan.portal import forms
from jiaoguan.portal.views.me import citizen_required


def segments(request):
    """Published and upcoming number segments with the numbers taken (public)."""
    return render(
        request, "portal/plates/segments.html", {"summaries": selectors.segments_public()}
    )


def _open_segments(vehicle):
    return [
        summary
        for summary in selectors.segments_public()
        if summary.status == "open"
        and (summary.segment.plate_type, summary.segment.prefix)
        == (vehicle.plate_type, vehicle.prefix)
    ]


@citizen_required
def selection(request):
    """My new cars awaiting registration: the held number, or draw / compose forms."""
    person = request.user.person
    vehicles = selectors.new_vehicles_of_person(person=person)
    rows = []
    for vehicle in vehicles:
        choices = [(s.segment.pk, f"{s.segment} ({s.available})") for s in _open_segments(vehicle)]
        rows.append(
            {
                "vehicle": vehicle,
                "draw_form": forms.PlateDrawForm(
                    segments=choices, auto_id=f"v{vehicle.pk}-draw-%s"
                ),
                "compose_form": forms.PlateComposeForm(
                    segments=choices, auto_id=f"v{vehicle.pk}-compose-%s"
                ),
            }
        )
    return render(
        request,
        "portal/plates/selection.html",
        {"rows": rows, "holds": selectors.holds_of_person(person=person)},
    )


def _refused(request, error: ApplicationError):
    messages.error(request, str(error.message))
    return redirect("portal:plate_selection")


@citizen_required
@require_POST
def draw(request):
    vin, segment_id = request.POST.get("vin", ""), request.POST.get("segment", "")
    try:
        made = services.selection_draw(
            actor=request.user,
            vin=vin,
            segment_id=int(segment_id) if segment_id.isdigit() else 0,
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        return _refused(request, error)
    return redirect("portal:plate_draw", reference=made.reference)


@citizen_required
def draw_detail(request, reference):
    """The candidates of my draw, each with a button to hold it."""
    try:
        made = selectors.draw_of_person(person=request.user.person, reference=str(reference))
    except ApplicationError as error:
        return _refused(request, error)
    if request.method == "POST":
        try:
            services.selection_pick(
                actor=request.user,
                draw_reference=str(reference),
                number=request.POST.get("number", ""),
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            return _refused(request, error)
        return redirect("portal:plate_selection")
    seconds_left = max(0, int((made.pick_until - clock.now()).total_seconds()))
    return render(request, "portal/plates/draw.html", {"draw": made, "seconds_left": seconds_left})


@citizen_required
@require_POST
def compose(request):
    vin, segment_id = request.POST.get("vin", ""), request.POST.get("segment", "")
    try:
        services.selection_compose(
            actor=request.user,
            vin=vin,
            segment_id=int(segment_id) if segment_id.isdigit() else 0,
            number=request.POST.get("number", ""),
            ip_address=client_address(request),
        )
    except ApplicationError as error:
        return _refused(request, error)
    return redirect("portal:plate_selection")


def temporary_status(request, reference):
    """Public status of a temporary plate (no VIN, no owner): what its QR code opens."""
    try:
        status = selectors.temporary_plate_status(reference=str(reference))
    except ApplicationError as error:
        return render(request, "portal/plates/temporary.html", {"error": error.message}, status=404)
    return render(request, "portal/plates/temporary.html", {"status": status})


def temporary_pdf(request, reference):
    """The printable temporary plate (A4 landscape PDF with its QR code)."""
    try:
        status = selectors.temporary_plate_status(reference=str(reference))
    except ApplicationError as error:
        return HttpResponse(str(error.message), status=404, content_type="text/plain")
    url = request.build_absolute_uri(f"/plates/temporary/{status.plate.reference}/")
    response = HttpResponse(temporary_plate_pdf(status.plate, status_url=url), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{status.plate.reference}.pdf"'
    return response


def _request_forms(request, person, action):
    new_vehicles = [v for v in selectors.new_vehicles_of_person(person=person) if not v.held]
    registered = selectors.registered_vehicles_of_person(person=person)
    data = request.POST if request.method == "POST" else None
    return {
        "keep": forms.PlateKeepRequestForm(
            data if action == "keep" else None, vehicles=new_vehicles, prefix="keep"
        ),
        "swap": forms.PlateSwapRequestForm(
            data if action == "swap" else None, vehicles=registered, prefix="swap"
        ),
        "spouse": forms.PlateSpouseRequestForm(
            data if action == "spouse" else None,
            request.FILES if action == "spouse" else None,
            vehicles=registered,
            prefix="spouse",
        ),
    }


def _submit_request(request, action, form):
    common = {"actor": request.user, "ip_address": client_address(request)}
    data = dict(form.cleaned_data)
    if action == "keep":
        return services.plate_request_keep_submit(**common, **data)
    if action == "swap":
        return services.plate_request_swap_submit(**common, **data)
    certificate = data.pop("certificate")
    return services.plate_request_spouse_submit(**common, certificate=certificate.read(), **data)


@citizen_required
def requests(request):
    """Apply online to keep my previous number, swap the numbers of two of my cars, or
    register a car to my spouse keeping its number; see my requests and confirm those that
    name me as spouse. An officer decides each request in the back office."""
    person = request.user.person
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms_by_action = _request_forms(request, person, action)
    if action in ("confirm", "withdraw"):
        reference = request.POST.get("reference", "")
        try:
            if action == "confirm":
                services.plate_request_spouse_confirm(
                    actor=request.user, reference=reference, ip_address=client_address(request)
                )
                messages.success(request, _("已确认，申请已提交民警审核。"))
            else:
                services.plate_request_withdraw(
                    actor=request.user, reference=reference, ip_address=client_address(request)
                )
                messages.success(request, _("申请已撤回。"))
        except ApplicationError as error:
            messages.error(request, str(error.message))
        return redirect("portal:plate_requests")
    form = forms_by_action.get(action)
    if form is not None and form.is_valid():
        try:
            made = _submit_request(request, action, form)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            if made.state == made.State.AWAITING_SPOUSE:
                messages.success(request, _("申请已提交，请配偶登录后确认，确认后由民警审核。"))
            else:
                messages.success(request, _("申请已提交，民警审核后办结，请留意办理结果。"))
            return redirect("portal:plate_requests")
    return render(
        request,
        "portal/plates/requests.html",
        {
            "forms": forms_by_action,
            "requests": selectors.requests_of_person(person=person),
            "person": person,
        },
    )


urlpatterns = [
    path("plates/", segments, name="plate_segments"),
    path("plates/temporary/<uuid:reference>/", temporary_status, name="plate_temporary"),
    path("plates/temporary/<uuid:reference>/pdf/", temporary_pdf, name="plate_temporary_pdf"),
    path("me/plates/", selection, name="plate_selection"),
    path("me/plates/draw/", draw, name="plate_draw_new"),
    path("me/plates/draw/<uuid:reference>/", draw_detail, name="plate_draw"),
    path("me/plates/compose/", compose, name="plate_compose"),
    path("me/plates/requests/", requests, name="plate_requests"),
]
