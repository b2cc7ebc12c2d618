"""Officer look-ups of a person, vehicle or license; each read is audited with its purpose."""

from collections.abc import Callable

from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import render
from django.urls import path

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.auth import OfficerAuthenticationForm
from jiaoguan.backoffice.forms import LookupForm
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.drivers.selectors import license_lookup, license_of_person
from jiaoguan.identity.models import Person
from jiaoguan.identity.selectors import person_lookup
from jiaoguan.vehicles.selectors import vehicle_lookup, vehicles_of_person

LOOKUPS: dict[str, Callable[..., object]] = {
    LookupForm.Kind.PERSON: person_lookup,
    LookupForm.Kind.VEHICLE: vehicle_lookup,
    LookupForm.Kind.LICENSE: license_lookup,
}


class OfficerLoginView(LoginView):
    """Password plus a TOTP code from the officer's authenticator (django-otp)."""

    authentication_form = OfficerAuthenticationForm
    template_name = "backoffice/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/backoffice/"


@officer_required
def lookup(request):
    form = LookupForm(request.GET or None)
    result: object = None
    if request.GET and form.is_valid():
        find = LOOKUPS[form.cleaned_data["kind"]]
        try:
            found = find(
                actor=request.user,
                query=form.cleaned_data["query"],
                purpose=form.purpose_text(),
                as_of=clock.today(),
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_error("query", str(error.message))
        else:
            result = found
            if isinstance(found, Person):
                # One audited read of the person covers the records shown with it.
                today = clock.today()
                result = {
                    "person": found,
                    "vehicles": vehicles_of_person(person_id=found.pk, as_of=today),
                    "license": license_of_person(person_id=found.pk, as_of=today),
                }
    return render(
        request,
        "backoffice/lookup.html",
        {"form": form, "result": result, "kind": form.data.get("kind")},
    )


urlpatterns = [
    path("", lookup, name="lookup"),
    path("login/", OfficerLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="backoffice:login"), name="logout"),
]
