"""The 单位 pages of the portal: log-in with the second factor, the fleet and its CSV, staff,
keys, drivers' consent; an organisation never sees another's records; the role matrix."""

import pytest
from django.test import Client
from django_otp.oath import totp

from jiaoguan.identity.actors import CitizenActor
from jiaoguan.organisations import rules, services
from jiaoguan.organisations.models import DriverConsent
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_person
from tests.organisations.factories import add_staff, open_account
from tests.organisations.test_api import staff_client
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def _code(user) -> str:
    device = user.totpdevice_set.get()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_log_in_needs_the_password_and_the_authenticator_code(client):
    _account, admin, _actor = open_account()
    login = {"username": admin.user.username, "password": DEFAULT_PASSWORD, "otp_token": "000000"}
    answer = client.post("/org/login/", login)
    assert answer.status_code == 200
    assert "动态码不正确" in answer.content.decode()
    admin.user.totpdevice_set.get().throttle_reset()  # django-otp waits after a wrong code
    login["otp_token"] = _code(admin.user)
    answer = client.post("/org/login/", login)
    assert answer.status_code == 302
    assert answer["Location"] == "/org/"
    assert client.get("/org/").status_code == 200


def test_a_citizen_cannot_log_in_as_an_organisation(client):
    citizen = make_citizen()
    answer = client.post(
        "/org/login/",
        {"username": citizen.phone, "password": DEFAULT_PASSWORD, "otp_token": "123456"},
    )
    assert answer.status_code == 200
    assert "/org/" not in answer.get("Location", "")


def test_a_password_only_session_does_not_open_the_pages():
    _account, admin, _actor = open_account()
    client = staff_client(admin, verified=False)
    answer = client.get("/org/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/org/login/")


def test_the_fleet_page_and_csv_show_only_the_organisations_vehicles():
    mine, theirs = open_account(), open_account()
    my_vehicle = make_vehicle(organization=mine[0].organization, traits=["overdue"])
    for _ in range(3):
        make_entered_record(my_vehicle)
    their_vehicle = make_vehicle(organization=theirs[0].organization)
    client = staff_client(mine[1])
    page = client.get("/org/").content.decode()
    assert my_vehicle.plate_number in page
    assert their_vehicle.plate_number not in page
    assert "逾期未检验" in page
    csv = client.get("/org/fleet.csv", {"min_unhandled": 3})
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert my_vehicle.plate_number in body
    assert their_vehicle.plate_number not in body
    filtered = client.get("/org/", {"overdue": "0"}).content.decode()
    assert my_vehicle.plate_number not in filtered


def test_an_administrator_adds_a_staff_member_and_sees_the_qr_once():
    _account, admin, _actor = open_account()
    client = staff_client(admin)
    answer = client.post(
        "/org/staff/",
        {"name": "小李", "username": "xiaoli", "role": "operator", "password": DEFAULT_PASSWORD},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "otpauth://totp/" in page
    assert "<svg" in page
    again = client.get("/org/staff/").content.decode()
    assert "xiaoli" in again
    assert "otpauth://" not in again


def test_staff_and_keys_of_another_organisation_are_out_of_reach():
    mine, theirs = open_account(), open_account()
    their_viewer, _ = add_staff(theirs[2], "viewer")
    their_grant, _secret = services.key_create(actor=theirs[2], scopes=[rules.FLEET_SCOPE])
    client = staff_client(mine[1])
    assert their_viewer.user.username not in client.get("/org/staff/").content.decode()
    assert their_grant.key.key_id not in client.get("/org/keys/").content.decode()
    client.post(f"/org/staff/{their_viewer.pk}/remove/")
    client.post(f"/org/keys/{their_grant.pk}/revoke/")
    their_viewer.refresh_from_db()
    their_grant.key.refresh_from_db()
    assert their_viewer.removed_at is None
    assert their_grant.key.revoked_at is None


def test_drivers_appear_after_they_consent_on_their_own_page():
    _account, admin, _actor = open_account()
    person = make_person(name="冯师傅")
    citizen = make_citizen(person=person)
    client = staff_client(admin)
    client.post("/org/drivers/", {"name": "冯师傅", "id_number": person.id_number})
    consent = DriverConsent.objects.get(person=person)
    assert "冯师傅" not in client.get("/org/drivers/").content.decode()  # masked until granted
    driver = Client()
    driver.force_login(citizen)
    assert "测试运输公司" in driver.get("/me/organisations/").content.decode()
    driver.post("/me/organisations/", {"consent": consent.pk, "action": "grant"})
    assert "冯师傅" in client.get("/org/drivers/").content.decode()
    driver.post("/me/organisations/", {"consent": consent.pk, "action": "withdraw"})
    consent.refresh_from_db()
    assert consent.status == DriverConsent.Status.WITHDRAWN


def test_a_driver_cannot_answer_another_drivers_request():
    _account, _admin, actor = open_account()
    person = make_person(name="陈师傅")
    consent = services.consent_request(actor=actor, id_number=person.id_number, name="陈师傅")
    stranger = Client()
    stranger.force_login(make_citizen())
    stranger.post("/me/organisations/", {"consent": consent.pk, "action": "grant"})
    consent.refresh_from_db()
    assert consent.status == DriverConsent.Status.REQUESTED
    services.consent_decide(
        actor=CitizenActor.of_user(make_citizen(person=person)), consent_id=consent.pk, grant=False
    )


PAGES = {
    # name: (method, path, data)
    "fleet": ("get", "/org/", None),
    "csv": ("get", "/org/fleet.csv", None),
    "drivers": ("get", "/org/drivers/", None),
    "staff": ("get", "/org/staff/", None),
    "keys": ("get", "/org/keys/", None),
    "add_staff": (
        "post",
        "/org/staff/",
        {"name": "新人", "username": "newbie", "role": "viewer", "password": DEFAULT_PASSWORD},
    ),
    "create_key": ("post", "/org/keys/", {"scopes": [rules.FLEET_SCOPE]}),
    "request_consent": ("post", "/org/drivers/", "person"),
}
ALLOWED = {
    "viewer": {"fleet", "csv", "drivers", "staff"},
    "operator": {"fleet", "csv", "drivers", "staff", "request_consent"},
    "administrator": set(PAGES),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_role_matrix_over_pages(role):
    _account, admin, actor = open_account()
    member = admin if role == "administrator" else add_staff(actor, role)[0]
    client = staff_client(member)
    for name, (method, path, data) in PAGES.items():
        if data == "person":
            person = make_person(name="褚师傅")
            data = {"name": "褚师傅", "id_number": person.id_number}
        answer = getattr(client, method)(path, data or {})
        if name in ALLOWED[role]:
            assert answer.status_code in (200, 302), (role, name)
        else:
            assert answer.status_code == 403, (role, name)
    made = {
        "add_staff": member.account.staff.filter(user__username="newbie").exists(),
        "create_key": member.account.keys.exists(),
        "request_consent": member.account.consents.exists(),
    }
    for name, happened in made.items():
        assert happened == (name in ALLOWED[role]), (role, name)
