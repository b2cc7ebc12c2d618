"""Back-office log-in: officers only, counted and locked like citizens, one answer for every
refusal before the second factor, every failure audited (issue 12)."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.identity.models import User
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_officer

pytestmark = pytest.mark.django_db
LOGIN = "/backoffice/login/"


def _post(client, username, password, token="000000", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": token},
        REMOTE_ADDR=address,
    )


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.non_field_errors()] + [
        str(e) for field in form for e in field.errors
    ]


def test_a_citizen_password_gives_the_same_answer_as_a_wrong_one_and_an_unknown_account(client):
    citizen = make_citizen()
    officer = make_officer()
    right_citizen = _errors(_post(client, citizen.username, DEFAULT_PASSWORD))
    wrong_officer = _errors(_post(client, officer.username, "wrong-password-1"))
    unknown = _errors(_post(client, "NO-SUCH-ACCOUNT", "wrong-password-1"))
    assert right_citizen == wrong_officer == unknown
    assert len(unknown) == 1
    assert "OTP" not in unknown[0]


def test_wrong_officer_passwords_are_counted_locked_and_audited(client):
    officer = make_officer()
    with override_settings(JIAOGUAN_LOGIN_MAX_FAILURES=3):
        for _ in range(2):
            _post(client, officer.username, "wrong-password-1")
        officer.refresh_from_db()
        assert officer.failed_login_count == 2
        _post(client, officer.username, "wrong-password-1")
    officer.refresh_from_db()
    assert officer.locked_until is not None
    # locked: even the right password is refused now
    response = _post(client, officer.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="identity.login.failed").count() >= 3


def test_unknown_and_citizen_accounts_are_audited_without_counting_the_citizen(client):
    citizen = make_citizen()
    _post(client, citizen.person.id_number, DEFAULT_PASSWORD)
    _post(client, "NO-SUCH-ACCOUNT", "x")
    citizen.refresh_from_db()
    assert citizen.failed_login_count == 0
    reasons = sorted(
        e.data.get("reason")
        for e in AuditEvent.objects.filter(action="identity.login.failed", data__has_key="reason")
    )
    assert reasons == ["not_officer", "unknown_account"]


def test_a_wrong_second_factor_is_counted_and_audited(client):
    officer = make_officer()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    with freeze_time("2026-11-21 02:00:00"):
        wrong = f"{(totp(device.bin_key) + 1) % 10**6:06d}"
        _post(client, officer.username, DEFAULT_PASSWORD, token=wrong)
    officer.refresh_from_db()
    assert officer.failed_login_count == 1
    assert AuditEvent.objects.filter(
        action="identity.login.failed", data__reason="second_factor"
    ).exists()


@override_settings(JIAOGUAN_LOGINS_PER_ADDRESS_PER_HOUR=5)
def test_one_address_is_limited(client):
    for _ in range(5):
        assert "_auth_user_id" not in client.session
        _post(client, "NO-SUCH-ACCOUNT", "x")
    officer = make_officer()
    response = _post(client, officer.username, "x", address="203.0.113.7")
    officer.refresh_from_db()
    assert officer.failed_login_count == 0  # refused before the password was tried
    assert any("频繁" in e for e in _errors(response))
    assert User.objects.filter(pk=officer.pk, locked_until__isnull=True).exists()


def test_the_second_factor_messages_are_chinese(client):
    officer = make_officer()
    TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    errors = _errors(_post(client, officer.username, DEFAULT_PASSWORD, token=""))
    assert errors
    assert all("OTP" not in e and "token" not in e.lower() for e in errors)
    assert "动态码" in errors[0]
