"""The citizen's own records. Every query is keyed by the logged-in person, never by an id
from the request, so no one can reach another person's records."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import path

from jiaoguan.audit.selectors import audit_reads_of_person
from jiaoguan.core import clock
from jiaoguan.core.ids import mask_id_number, mask_phone
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.portal.todo import citizen_todo
from jiaoguan.portal.views.guides import service_families
from jiaoguan.vehicles.selectors import vehicles_of_person


def citizen_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated or request.user.person_id is None:
            return redirect_to_login(request.get_full_path(), "portal:login")
        return view(request, *args, **kwargs)

    return wrapped


@citizen_required
def overview(request):
    person, today = request.user.person, clock.today()
    vehicles = vehicles_of_person(person_id=person.pk, as_of=today)
    license = license_of_person(person_id=person.pk, as_of=today)
    return render(
        request,
        "portal/me/overview.html",
        {
            "person": person,
            "id_number_masked": mask_id_number(person.id_number),
            "phone_masked": mask_phone(request.user.phone or ""),
            "vehicles": vehicles,
            "license": license,
            "reads": audit_reads_of_person(id_number=person.id_number, limit=10),
            "today": today,
            "todo": citizen_todo(
                person_id=person.pk, as_of=today, license=license, vehicles=vehicles
            ),
            "families": service_families(),
        },
    )


@citizen_required
def vehicles(request):
    today = clock.today()
    return render(
        request,
        "portal/me/vehicles.html",
        {
            "vehicles": vehicles_of_person(person_id=request.user.person_id, as_of=today),
            "today": today,
        },
    )


@citizen_required
def license(request):
    today = clock.today()
    return render(
        request,
        "portal/me/license.html",
        {
            "license": license_of_person(person_id=request.user.person_id, as_of=today),
            "today": today,
        },
    )


urlpatterns = [
    path("me/", overview, name="my_overview"),
    path("me/vehicles/", vehicles, name="my_vehicles"),
    path("me/license/", license, name="my_license"),
]
