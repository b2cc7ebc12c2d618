"""我的电子证照 and the public verifier page (DOMAIN §9, §15.4; ADR 0015).

- ``/me/credentials/``: the citizen's electronic driving licence as a large QR, re-signed
  before it expires (``portal/credentials.js`` fetches ``/me/credentials/qr/``), with its
  generation time; the electronic marks of their vehicles; who verified them.
- ``/credentials/verify/``: anyone pastes a payload and sees black (valid, normal) or red.
  An officer signed in with the second factor is an authorised verifier. Camera scanning is
  not offered: the site's Permissions-Policy turns the camera off and no decoder is
  vendored (a scanning app or a handheld scanner types the payload into the field).
"""

from __future__ import annotations

import base64
import io

import qrcode  # type: ignore[import-untyped]  # no py.typed; stubs not installed
from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.http import client_address
from jiaoguan.credentials import selectors, services
from jiaoguan.credentials.rules.status import Status
from jiaoguan.credentials.verification import (
    credential_verify,
    verifier_anonymous,
    verifier_officer,
)
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.actors import CitizenActor, OfficerActor, actor_for_user
from jiaoguan.portal.views.credential_disclosure import disclosure_table
from jiaoguan.portal.views.me import citizen_required
from jiaoguan.vehicles.selectors import vehicles_of_person

RED, BLACK = "#c40000", "#000000"


def qr_image(text: str, *, red: bool = False) -> str:
    """The QR of ``text`` as a PNG data URL (the CSP allows ``data:`` images)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color=RED if red else BLACK, back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _signed_view(signed: services.Signed, *, red: bool) -> dict:
    return {
        "qr": signed.qr,
        "image": qr_image(signed.qr, red=red),
        "issued_at": clock.local(signed.issued_at).strftime("%Y-%m-%d %H:%M:%S"),
        "expires_at": int(signed.expires_at.timestamp()),
        "seconds": services.qr_seconds(),
    }


def _license_signed(actor: CitizenActor) -> dict | None:
    view = license_of_person(person_id=actor.person_id, as_of=clock.today())
    if view is None:
        return None
    try:
        signed = services.driving_license_sign(actor=actor)
    except ApplicationError as error:
        return {"refused": str(error.message), "view": view}
    red = services.license_is_abnormal(view)
    return {**_signed_view(signed, red=red), "view": view, "red": red}


@citizen_required
def my_credentials(request):
    actor = CitizenActor.of_user(request.user)
    vehicles = vehicles_of_person(person_id=actor.person_id, as_of=clock.today())
    return render(
        request,
        "portal/credentials/mine.html",
        {
            "license": _license_signed(actor),
            "vehicles": [
                {"view": view, "may_show": services.mark_may_be_shown(view)} for view in vehicles
            ],
            "verifications": selectors.verifications_of_person(person_id=actor.person_id),
            "disclosure": disclosure_table(actor.person_id),
        },
    )


@citizen_required
def my_mark(request, vehicle_id: int):
    actor = CitizenActor.of_user(request.user)
    try:
        signed = services.inspection_mark_sign(actor=actor, vehicle_id=vehicle_id)
    except ApplicationError as error:
        return render(
            request, "portal/credentials/mark.html", {"refused": error.message}, status=error.status
        )
    return render(
        request,
        "portal/credentials/mark.html",
        {
            "signed": _signed_view(signed, red=False),
            "fields": signed.fields,
            "vehicle_id": vehicle_id,
        },
    )


@citizen_required
def my_qr(request):
    """A fresh QR for the page's refresh: ``?kind=dl`` or ``?kind=im&vehicle=<id>``."""
    actor = CitizenActor.of_user(request.user)
    try:
        if request.GET.get("kind") == "im":
            vehicle = request.GET.get("vehicle", "")
            if not vehicle.isdigit() or len(vehicle) > 18:
                raise Http404
            signed = services.inspection_mark_sign(actor=actor, vehicle_id=int(vehicle))
            red = False
        else:
            signed = services.driving_license_sign(actor=actor)
            view = license_of_person(person_id=actor.person_id, as_of=clock.today())
            red = view is not None and services.license_is_abnormal(view)
    except ApplicationError as error:
        return JsonResponse(error.as_dict(), status=error.status)
    return JsonResponse({**_signed_view(signed, red=red), "red": red})


class VerifyForm(forms.Form):
    qr = forms.CharField(
        label=_("电子证照二维码内容"),
        help_text=_("用扫码枪或扫码软件读取持证人出示的二维码，把内容（以 JG1: 开头）粘贴到这里"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
    )


def _verifier(request):
    user = request.user
    if user.is_authenticated and getattr(user, "kind", "") == "officer" and user.is_verified():
        actor = actor_for_user(user)
        if isinstance(actor, OfficerActor):
            office = user.office.name if user.office else ""
            name = user.get_full_name() or user.get_username()
            return verifier_officer(actor, display_name=f"{name}（{office}）" if office else name)
    return verifier_anonymous()


def verify_page(request):
    """The verifier page: paste a payload, see black (valid, normal) or red."""
    form = VerifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = credential_verify(
                qr=form.cleaned_data["qr"],
                verifier=_verifier(request),
                ip_address=client_address(request),
            )
        except ApplicationError as error:  # too many public checks from this address
            form.add_error("qr", str(error.message))
    return render(
        request,
        "portal/credentials/verify.html",
        {
            "form": form,
            "result": result,
            "black": result is not None and result.valid and result.status == Status.NORMAL,
            "verifier": _verifier(request),
        },
    )


urlpatterns = [
    path("me/credentials/", my_credentials, name="my_credentials"),
    path("me/credentials/qr/", my_qr, name="my_credentials_qr"),
    path("me/credentials/mark/<int:vehicle_id>/", my_mark, name="my_credentials_mark"),
    path("credentials/verify/", verify_page, name="credentials_verify"),
]
