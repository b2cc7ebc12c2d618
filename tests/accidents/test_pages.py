"""The drivers' pages: report with the checklist, join with the code, choose, sign, PDF."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiaoguan.accidents.models import Accident
from jiaoguan.core import clock
from tests.accidents.factories import REQUIRED, known_code, make_driver, photo_bytes, vehicle
from tests.identity.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

CHECKLIST_OK = {
    "injured": "no",
    "both_licensed": "yes",
    "both_insured": "yes",
    "movable": "yes",
    "drink_or_drugs": "no",
    "no_or_fake_plates": "no",
    "dangerous_goods": "no",
    "party_left": "no",
    "hit_property": "no",
}


def _login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)


def _sign(client, accident_id):
    client.post(f"/me/accidents/{accident_id}/sign_code/")
    challenge_id = client.session[f"accidents.sign_challenge.{accident_id}"]
    return client.post(f"/me/accidents/{accident_id}/sign/", {"code": known_code(challenge_id)})


def _photos(client, accident_id):
    for kind in REQUIRED:
        upload = SimpleUploadedFile(f"{kind}.jpg", photo_bytes(), "image/jpeg")
        client.post(f"/me/accidents/{accident_id}/photo/", {"kind": kind, "photo": upload})


def _report(**changes) -> dict:
    return {
        **CHECKLIST_OK,
        # minutes ago: a day later it would be a late report (补报)
        "occurred_at": f"{clock.local(clock.now() - timedelta(minutes=10)):%Y-%m-%dT%H:%M}",
        "place": "南京市玄武区北京东路",
        "latitude": "32.056100",
        "longitude": "118.796900",
        "region_code": "320102",
        "weather": "sunny",
        "kind": "rear_end",
        **vehicle(),
        **changes,
    }


def test_two_drivers_settle_an_accident_on_their_pages(client):
    a, b = make_driver(), make_driver()
    _login(client, a)
    assert "事故快处" in client.get("/me/").content.decode()
    response = client.post("/me/accidents/new/", _report())
    assert response.status_code == 302
    accident = Accident.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert accident.join_code in page
    assert "data-move-car" not in page
    _photos(client, accident.pk)
    page = client.get(response["Location"]).content.decode()
    assert "data-move-car" in page
    _login(client, b)
    joined = client.post("/me/accidents/", {"code": accident.join_code, **vehicle("苏B54321")})
    assert joined.status_code == 302
    page = client.get(joined["Location"]).content.decode()
    assert accident.join_code not in page
    client.post(f"/me/accidents/{accident.pk}/propose/", {"scenario": "rear_end", "party": "a"})
    _sign(client, accident.pk)
    _login(client, a)
    page = client.get(f"/me/accidents/{accident.pk}/").content.decode()
    assert re.search(r"已签字", page)
    _sign(client, accident.pk)
    accident.refresh_from_db()
    assert accident.agreement_number
    pdf = client.get(f"/me/accidents/{accident.pk}/agreement.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_an_injury_is_answered_on_the_form_with_what_to_do(client):
    _login(client, make_driver())
    page = client.post("/me/accidents/new/", _report(injured="yes"))
    assert page.status_code == 200
    assert "120" in page.content.decode()
    assert not Accident.objects.exists()


def test_another_drivers_accident_is_a_404(client):
    a = make_driver()
    _login(client, a)
    client.post("/me/accidents/new/", _report())
    accident = Accident.objects.get()
    _login(client, make_driver())
    assert client.get(f"/me/accidents/{accident.pk}/").status_code == 404
    assert client.post(f"/me/accidents/{accident.pk}/sign/").status_code == 404
