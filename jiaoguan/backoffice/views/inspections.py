"""Officer pages for inspection stations (DOMAIN §15.1): the province's stations waiting for
approval (approving opens their slots), and the results whose odometer reads lower than an
earlier inspection of the vehicle (a wound-back or swapped odometer) to check."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.families import MenuEntry
from jiaoguan.inspections import selectors, services
from jiaoguan.inspections.services.results import REVIEW_ODOMETER
from jiaoguan.inspections.services.stations import APPROVE


@officer_required(APPROVE)
def stations(request):
    return render(
        request,
        "backoffice/inspections/stations.html",
        {"stations": list(selectors.stations_pending(actor=request.actor)[:200])},
    )


@require_POST
@officer_required(APPROVE)
def station_approve(request, station_id: int):
    try:
        station = services.station_approve(actor=request.actor, station_id=station_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已核准 %(name)s，预约时段已开放。") % {"name": station.name})
    return redirect("backoffice:inspection_stations")


@officer_required(REVIEW_ODOMETER)
def odometer_flags(request):
    return render(
        request,
        "backoffice/inspections/odometers.html",
        {"flags": list(selectors.odometer_flags(actor=request.actor)[:200])},
    )


@require_POST
@officer_required(REVIEW_ODOMETER)
def odometer_review(request, result_id: int):
    try:
        services.odometer_flag_review(actor=request.actor, result_id=result_id)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已核查。"))
    return redirect("backoffice:inspection_odometers")


urlpatterns = [
    path("inspections/stations/", stations, name="inspection_stations"),
    path(
        "inspections/stations/<int:station_id>/approve/",
        station_approve,
        name="inspection_station_approve",
    ),
    path("inspections/odometers/", odometer_flags, name="inspection_odometers"),
    path(
        "inspections/odometers/<int:result_id>/review/",
        odometer_review,
        name="inspection_odometer_review",
    ),
]

menu = [
    MenuEntry(
        gettext_lazy("检验机构审核"),
        "backoffice:inspection_stations",
        position=99,
        permission=APPROVE,
    ),
    MenuEntry(
        gettext_lazy("里程表异常"),
        "backoffice:inspection_odometers",
        position=99,
        permission=REVIEW_ODOMETER,
    ),
]
