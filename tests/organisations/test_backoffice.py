"""Opening an organisation account in the back office (DOMAIN §18.3)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.organisations.models import Account
from tests.identity.factories import DEFAULT_PASSWORD, make_office, make_officer
from tests.organisations.factories import credit_code_for, open_account

pytestmark = pytest.mark.django_db


def _client(officer) -> Client:
    client = Client()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


FORM = {
    "name": "南京示范驾驶培训学校",
    "kind": "driving_school",
    "region_code": "320100",
    "agent_name": "周经办",
    "administrator_name": "周管理",
    "administrator_username": "jx-admin",
    "administrator_password": DEFAULT_PASSWORD,
}


def test_an_officer_opens_an_account_at_the_counter():
    officer = make_officer(
        username="jc-open",
        permissions=("organisations.view_account", "organisations.open_account"),
    )
    client = _client(officer)
    answer = client.post("/backoffice/organisations/", {**FORM, "credit_code": credit_code_for(77)})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "otpauth://totp/" in page
    assert Account.objects.get(organization__name=FORM["name"]).opened_by == officer


def test_a_bad_credit_code_is_shown_next_to_the_field():
    officer = make_officer(
        username="jc-open",
        permissions=("organisations.view_account", "organisations.open_account"),
    )
    answer = _client(officer).post(
        "/backoffice/organisations/", {**FORM, "credit_code": "91320100MA0000001X"}
    )
    assert "统一社会信用代码的校验码不正确" in answer.content.decode()
    assert not Account.objects.exists()


def test_another_provinces_organisation_is_outside_the_officers_jurisdiction():
    officer = make_officer(
        username="jc-open",
        permissions=("organisations.view_account", "organisations.open_account"),
    )
    answer = _client(officer).post(
        "/backoffice/organisations/",
        {**FORM, "region_code": "530100", "credit_code": credit_code_for(78, "530100")},
    )
    assert "不在您所属机关的管辖范围内" in answer.content.decode()
    assert not Account.objects.exists()


def test_the_list_is_the_provinces_and_reading_it_needs_the_permission():
    open_account(name="本省运输公司")
    yunnan = make_officer(
        username="jc-yn",
        permissions=("organisations.view_account",),
        office=make_office(code="530100000000", name="昆明", region="530100"),
    )
    assert "本省运输公司" not in _client(yunnan).get("/backoffice/organisations/").content.decode()
    reader = make_officer(username="jc-read", permissions=("organisations.view_account",))
    assert "本省运输公司" in _client(reader).get("/backoffice/organisations/").content.decode()
    nobody = make_officer(username="jc-nobody")
    assert _client(nobody).get("/backoffice/organisations/").status_code == 403
    assert _client(reader).post("/backoffice/organisations/", FORM).status_code == 403
