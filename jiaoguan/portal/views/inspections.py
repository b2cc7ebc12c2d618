"""机动车检验预约 (DOMAIN §15): my vehicles' inspection windows, booking a slot at any station
in the country, my appointments (change, cancel) and the online mark in mark-only years.

Phone-first and without scripts: each step is a page (station, then day and slot), each
action a POST that comes back with a message; the elderly mode is the site's."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE
from jiaoguan.guides.selectors import points
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.inspections import rules, selectors, services
from jiaoguan.portal.views.me import citizen_required


def _state(request, vehicle_id: int) -> selectors.VehicleInspectionState:
    for state in selectors.inspection_states_of_person(person_id=request.user.person_id):
        if state.vehicle_id == vehicle_id:
            return state
    raise Http404


@citizen_required
def my_inspections(request):
    person_id = request.user.person_id
    appointments = list(selectors.appointments_of_person(person_id=person_id)[:20])
    return render(
        request,
        "portal/inspections/mine.html",
        {
            "states": selectors.inspection_states_of_person(person_id=person_id),
            "appointments": [
                {"appointment": item, "may_change": selectors.change_allowed(item)}
                for item in appointments
            ],
            "barred_until": selectors.booking_barred_until(person_id=person_id),
            "marks": selectors.marks_of_person(person_id=person_id),
            "points": points(kind="station")[:50],
        },
    )


def _day(value: str, today: date) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return today
    horizon = today + timedelta(days=rules.DEFAULT_PARAMETERS.horizon_days)
    return min(max(day, today), horizon)


@citizen_required
def book(request, vehicle_id: int):
    """Choose a station (by province), then a day and a free slot. ``?change=<id>`` moves an
    appointment instead of booking a new one."""
    state = _state(request, vehicle_id)
    change = request.GET.get("change", "")
    change_id = int(change) if change.isdigit() and len(change) < 18 else None
    province = (request.GET.get("province") or request.user.person.region_code[:2])[:2]
    station_id = request.GET.get("station", "")
    today = clock.today()
    context = {
        "state": state,
        "change_id": change_id,
        "province": province,
        "provinces": sorted(ABBREVIATION_OF_PROVINCE_CODE.items()),
        "stations": list(selectors.stations_open(province_code=province)[:100]),
        "days": [today + timedelta(days=offset) for offset in range(15)],
    }
    if station_id.isdigit() and len(station_id) < 18:
        try:
            station = selectors.station_open(station_id=int(station_id))
        except ApplicationError:
            raise Http404 from None
        day = _day(request.GET.get("day", ""), today)
        context.update(
            station=station,
            day=day,
            slots=selectors.slots_free(station_id=station.pk, day=day, lane_kind=state.lane_kind),
        )
    return render(request, "portal/inspections/book.html", context)


@require_POST
@citizen_required
def book_submit(request, vehicle_id: int):
    actor = CitizenActor.of_user(request.user)
    slot_id = request.POST.get("slot_id", "")
    change = request.POST.get("change", "")
    try:
        if not slot_id.isdigit() or len(slot_id) > 18:
            raise ApplicationError("inspections.slot.not_found", _("请选择预约时段。"))
        if change.isdigit() and len(change) < 18:
            services.appointment_change(
                actor=actor, appointment_id=int(change), slot_id=int(slot_id)
            )
            messages.success(request, _("已改约，短信将告知新的预约时段。"))
        else:
            services.appointment_book(actor=actor, vehicle_id=vehicle_id, slot_id=int(slot_id))
            messages.success(request, _("预约成功，短信将告知预约时段。请按时携带行驶证到检。"))
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect(request.POST.get("back") or "portal:my_inspections")
    return redirect("portal:my_inspections")


@require_POST
@citizen_required
def cancel(request, appointment_id: int):
    try:
        services.appointment_cancel(
            actor=CitizenActor.of_user(request.user), appointment_id=appointment_id
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("预约已取消。"))
    return redirect("portal:my_inspections")


@require_POST
@citizen_required
def mark(request, vehicle_id: int):
    try:
        issue = services.mark_apply(actor=CitizenActor.of_user(request.user), vehicle_id=vehicle_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:my_inspections")
    messages.success(
        request,
        _("检验标志已核发，检验有效期至 %(date)s。电子凭证可立即出示。")
        % {"date": issue.valid_until_after.isoformat()},
    )
    return redirect("portal:my_credentials_mark", vehicle_id=vehicle_id)


@require_POST
@citizen_required
def mark_paper(request, issue_id: int):
    """Ask for the paper mark of an online-issued one, to collect at a service point."""
    point = request.POST.get("point_id", "")
    try:
        issue = services.mark_paper_request(
            actor=CitizenActor.of_user(request.user),
            issue_id=issue_id,
            point_id=int(point) if point.isdigit() and len(point) < 10 else 0,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("已申领纸质检验标志，请凭身份证到%(point)s领取。")
            % {"point": issue.paper_point_name},
        )
    return redirect("portal:my_inspections")


urlpatterns = [
    path("me/inspections/", my_inspections, name="my_inspections"),
    path("me/inspections/book/<int:vehicle_id>/", book, name="inspection_book"),
    path(
        "me/inspections/book/<int:vehicle_id>/submit/", book_submit, name="inspection_book_submit"
    ),
    path("me/inspections/<int:appointment_id>/cancel/", cancel, name="inspection_cancel"),
    path("me/inspections/mark/<int:vehicle_id>/", mark, name="inspection_mark"),
    path("me/inspections/marks/<int:issue_id>/paper/", mark_paper, name="inspection_mark_paper"),
]
