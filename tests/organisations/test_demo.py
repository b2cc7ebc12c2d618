"""The demo has one working organisation of each kind, each administrator logging in with the
printed password and the demo authenticator key."""

import pytest
from django.test import Client
from django_otp.oath import totp

from jiaoguan.demo.accounts import DEMO_PASSWORD, OFFICER_USERNAME, ensure_demo_accounts
from jiaoguan.demo.organisations import ORGANISATIONS, ensure_demo_organisations
from jiaoguan.identity.models import User
from jiaoguan.organisations import rules, selectors
from jiaoguan.organisations.models import Account, DriverConsent, Staff
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.django_db


def _code(user) -> str:
    device = user.totpdevice_set.get()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_one_working_organisation_of_each_kind():
    ensure_demo_accounts(as_of=AS_OF)
    officer = User.objects.get(username=OFFICER_USERNAME)
    lines = ensure_demo_organisations(officer=officer, number=12, as_of=AS_OF)
    again = ensure_demo_organisations(officer=officer, number=12, as_of=AS_OF)
    assert lines == again
    assert Account.objects.count() == len(ORGANISATIONS)
    assert {a.organization.kind for a in Account.objects.all()} == {str(k) for k in rules.Kind}
    text = "\n".join(lines)
    assert "otpauth://totp/" in text
    for _kind, name, username, vehicles, _shows in ORGANISATIONS:
        assert username in text
        assert name in text
        admin = User.objects.get(username=username)
        client = Client()
        answer = client.post(
            "/org/login/",
            {"username": username, "password": DEMO_PASSWORD, "otp_token": _code(admin)},
        )
        assert answer.status_code == 302, username
        page = client.get("/org/")
        assert page.status_code == 200
        assert name in page.content.decode()
        if vehicles:
            assert Account.objects.get(organization__name=name).organization.vehicles.count() == 2
    transport = Account.objects.get(organization__kind="transport_company")
    assert set(Staff.objects.filter(account=transport).values_list("role", flat=True)) == {
        "administrator",
        "operator",
        "viewer",
    }
    assert DriverConsent.objects.filter(account=transport, status="granted").count() == 1
    assert DriverConsent.objects.filter(account=transport, status="requested").count() == 1
    admin = User.objects.get(username="org0001")
    rows = selectors.fleet(actor=selectors.staff_actor_for_user(admin), as_of=AS_OF)
    assert [row.unhandled_violations for row in rows if row.unhandled_violations] == [3]
