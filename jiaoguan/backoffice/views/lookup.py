"""Officer look-ups of a person, vehicle or license; each read is audited with its purpose."""

from django.contrib.auth.views import LoginView
from django.shortcuts import render

from jiaoguan.backoffice.access import officer_required
from jiaoguan.backoffice.auth import OfficerAuthenticationForm
from jiaoguan.backoffice.forms import LookupForm
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.drivers.selectors import license_lookup, license_of_person
from jiaoguan.identity.selectors import person_lookup
from jiaoguan.vehicles.selectors import vehicle_lookup, vehicles_of_person

LOOKUPS = {
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


@officer_required()
def lookup(request):
    form = LookupForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        find = LOOKUPS[form.cleaned_data["kind"]]
        try:
            result = find(
                actor=request.user,
                query=form.cleaned_data["query"],
                purpose=form.purpose_text(),
                as_of=clock.today(),
                ip_address=client_address(request),
            )
        except ApplicationError as error:
            form.add_error("query", str(error.message))
        else:
            if form.cleaned_data["kind"] == LookupForm.Kind.PERSON:
                # One audited read of the person covers the records shown with it.
                today = clock.today()
                result = {
                    "person": result,
                    "vehicles": vehicles_of_person(person_id=result.pk, as_of=today),
                    "license": license_of_person(person_id=result.pk, as_of=today),
                }
    return render(
        request,
        "backoffice/lookup.html",
        {"form": form, "result": result, "kind": form.data.get("kind")},
    )
