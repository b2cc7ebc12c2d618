"""Officers approve stations and check flagged odometer readings in the back office."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.inspections.models import Station
from tests.inspections.factories import approving_officer, make_station

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:
    client = Client()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_an_officer_approves_a_pending_station():
    station = make_station(approved=False)
    client = _client(approving_officer())
    page = client.get("/backoffice/inspections/stations/").content.decode()
    assert station.name in page
    response = client.post(f"/backoffice/inspections/stations/{station.pk}/approve/", follow=True)
    assert "预约时段已开放" in response.content.decode()
    station.refresh_from_db()
    assert station.status == Station.Status.APPROVED


def test_an_officer_without_the_permission_is_refused():
    from tests.identity.factories import make_officer

    client = _client(make_officer(username="jc-noinsp"))
    assert client.get("/backoffice/inspections/stations/").status_code == 403
    assert client.get("/backoffice/inspections/odometers/").status_code == 403
