"""Officers log in with a second factor; every look-up is audited and visible to the citizen."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.crypto import blind_index
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_officer, make_person

pytestmark = pytest.mark.django_db
LOOKUP = "/backoffice/"


def officer_with_device(**kwargs):
    officer = make_officer(**kwargs)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    return officer, device


def log_in(client, officer, device, token=None):
    return client.post(
        "/backoffice/login/",
        {
            "username": officer.username,
            "password": DEFAULT_PASSWORD,
            "otp_token": token if token is not None else f"{totp(device.bin_key):06d}",
        },
    )


def test_officer_login_needs_the_totp_code(client):
    officer, device = officer_with_device()
    with freeze_time("2026-11-21 02:00:00") as frozen:
        wrong = f"{(totp(device.bin_key) + 1) % 10**6:06d}"
        refused = log_in(client, officer, device, token=wrong)
        assert refused.status_code == 200
        assert client.get(LOOKUP).status_code == 302
        frozen.tick(5)  # django-otp throttles a device for a moment after a wrong code
        accepted = log_in(client, officer, device)
        assert accepted.status_code == 302
        assert client.get(LOOKUP).status_code == 200


def test_a_password_alone_does_not_open_the_back_office(client):
    officer, _ = officer_with_device()
    client.force_login(officer)  # authenticated but not verified by a second factor
    assert client.get(LOOKUP)["Location"].startswith("/backoffice/login/")


def test_a_citizen_cannot_log_in_to_the_back_office_even_with_a_device(client):
    citizen = make_citizen()
    device = TOTPDevice.objects.create(user=citizen, name="x", confirmed=True)
    client.post(
        "/backoffice/login/",
        {
            "username": citizen.person.id_number,
            "password": DEFAULT_PASSWORD,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )
    assert "_auth_user_id" not in client.session  # officers only: refused at the password
    assert client.get(LOOKUP).status_code == 302


def test_a_citizen_session_verified_elsewhere_is_refused(client):
    citizen = make_citizen()
    client.force_login(citizen)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.create(
        user=citizen, name="x", confirmed=True
    ).persistent_id
    session.save()
    assert client.get(LOOKUP).status_code == 403


def test_a_person_lookup_is_audited_with_its_purpose_and_shown_to_the_citizen(client):
    officer, device = officer_with_device(permissions=("identity.view_person",))
    person = make_person(name="李秀英", female=True)
    log_in(client, officer, device)
    page = client.get(
        LOOKUP,
        {
            "kind": "person",
            "query": person.id_number,
            "purpose": "counter_service",
            "note": "窗口换证",
        },
    )
    assert page.status_code == 200
    assert "李秀英" in page.content.decode()
    event = AuditEvent.objects.get(action="backoffice.lookup.person")
    assert event.actor == officer
    assert event.person_index == blind_index(person.id_number, purpose="id_number")
    assert event.purpose == "counter_service: 窗口换证"

    citizen = make_citizen(person=person)
    client.force_login(citizen)
    reads = client.get("/api/v1/me/record-reads").json()
    assert [(r["officer"], r["purpose"]) for r in reads] == [
        (officer.username, "counter_service: 窗口换证")
    ]


def test_a_lookup_without_a_purpose_is_refused_and_not_audited(client):
    officer, device = officer_with_device(permissions=("identity.view_person",))
    person = make_person()
    log_in(client, officer, device)
    page = client.get(LOOKUP, {"kind": "person", "query": person.id_number})
    assert page.status_code == 200
    assert not AuditEvent.objects.filter(action__startswith="backoffice.lookup").exists()
    # Nothing is preselected: an empty purpose is refused too, not recorded as a default.
    blank = client.get(LOOKUP, {"kind": "person", "query": person.id_number, "purpose": ""})
    assert blank.status_code == 200
    assert not AuditEvent.objects.filter(action__startswith="backoffice.lookup").exists()
    assert '<option value="" selected>' in client.get(LOOKUP).content.decode()


def test_a_lookup_without_the_permission_is_refused(client):
    officer, device = officer_with_device()
    person = make_person(name="王芳")
    log_in(client, officer, device)
    page = client.get(
        LOOKUP, {"kind": "person", "query": person.id_number, "purpose": "citizen_inquiry"}
    )
    assert "王芳" not in page.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="backoffice.lookup").exists()


def test_an_unknown_number_gets_a_clear_message(client):
    officer, device = officer_with_device(permissions=("identity.view_person",))
    log_in(client, officer, device)
    page = client.get(
        LOOKUP, {"kind": "person", "query": "110101199003077512", "purpose": "citizen_inquiry"}
    )
    assert "人口信息库中没有该公民身份号码" in page.content.decode()


def test_audit_events_cannot_be_changed_or_deleted():
    person = make_person()
    event = AuditEvent.objects.create(
        actor_label="system", action="x", person_index=person.id_number
    )
    event.purpose = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_officer_totp_command_issues_a_device_that_opens_the_back_office(client):
    from io import StringIO
    from urllib.parse import parse_qs, urlparse

    from django.core.management import call_command

    officer = make_officer(username="jc0100")
    out = StringIO()
    call_command("officer_totp", "jc0100", stdout=out)
    url = out.getvalue().splitlines()[0]
    assert parse_qs(urlparse(url).query)["secret"]
    device = TOTPDevice.objects.get(user=officer)
    assert AuditEvent.objects.filter(action="identity.officer.totp_issued").exists()
    assert log_in(client, officer, device).status_code == 302


def test_a_wrong_code_is_refused_in_chinese(client):
    officer, device = officer_with_device()
    page = log_in(client, officer, device, token="000000").content.decode()
    assert "动态码不正确" in page
    assert "Invalid token" not in page
