"""The organisation API, ``/api/v1/org/...``: staff sessions (second factor verified) and
signed keys, each bounded to its own organisation; the role matrix over HTTP."""

import pytest
from django.test import Client

from jiaoguan.identity.actors import CitizenActor
from jiaoguan.organisations import rules, services
from tests.api.partners import PartnerCredentials, signed
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_person
from tests.organisations.factories import add_staff, open_account
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db

BASE = "/api/v1/org"


def staff_client(staff, *, verified: bool = True) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(staff.user)
    if verified:
        session = client.session
        session["otp_device_id"] = staff.user.totpdevice_set.get().persistent_id
        session.save()
    return client


def _world():
    worlds = []
    for _ in range(2):
        account, admin, actor = open_account()
        vehicle = make_vehicle(organization=account.organization, traits=["overdue"])
        make_entered_record(vehicle)
        person = make_person(name="吴师傅")
        consent = services.consent_request(actor=actor, id_number=person.id_number, name="吴师傅")
        services.consent_decide(
            actor=CitizenActor.of_user(make_citizen(person=person)),
            consent_id=consent.pk,
            grant=True,
        )
        grant, secret = services.key_create(actor=actor, scopes=[rules.FLEET_SCOPE])
        viewer, _ = add_staff(actor, "viewer")
        worlds.append(
            {
                "account": account,
                "admin": admin,
                "actor": actor,
                "vehicle": vehicle,
                "consent": consent,
                "grant": grant,
                "key": PartnerCredentials(key=grant.key, secret=secret),
                "viewer": viewer,
            }
        )
    return worlds


@pytest.fixture
def worlds():
    return _world()


def test_the_fleet_over_a_session_is_the_organisations_own(worlds):
    mine, theirs = worlds
    client = staff_client(mine["admin"])
    answer = client.get(f"{BASE}/fleet")
    assert answer.status_code == 200
    assert [row["vehicle_id"] for row in answer.json()] == [mine["vehicle"].pk]
    assert answer.json()[0]["unhandled_violations"] == 1
    assert answer.json()[0]["inspection_overdue"] is True
    assert client.get(f"{BASE}/fleet", {"min_unhandled": 2}).json() == []
    drivers = client.get(f"{BASE}/drivers").json()
    assert [d["consent_id"] for d in drivers] == [mine["consent"].pk]
    staff_ids = {s["id"] for s in client.get(f"{BASE}/staff").json()}
    assert staff_ids == {mine["admin"].pk, mine["viewer"].pk}
    assert [k["id"] for k in client.get(f"{BASE}/keys").json()] == [mine["grant"].pk]
    assert theirs["vehicle"].plate_number not in client.get(f"{BASE}/fleet.csv").content.decode()


def test_another_organisations_staff_and_keys_cannot_be_touched(worlds):
    mine, theirs = worlds
    client = staff_client(mine["admin"])
    answer = client.delete(f"{BASE}/staff/{theirs['viewer'].pk}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "organisations.staff.not_found"
    answer = client.delete(f"{BASE}/keys/{theirs['grant'].pk}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "organisations.key.not_found"
    theirs["grant"].key.refresh_from_db()
    assert theirs["grant"].key.revoked_at is None


def test_a_signed_key_reads_its_own_fleet_only(worlds):
    mine, theirs = worlds
    client = Client()
    answer = client.get(f"{BASE}/fleet", **signed(mine["key"], "GET", f"{BASE}/fleet"))
    assert answer.status_code == 200
    assert [row["vehicle_id"] for row in answer.json()] == [mine["vehicle"].pk]
    answer = client.get(f"{BASE}/drivers", **signed(theirs["key"], "GET", f"{BASE}/drivers"))
    assert [d["consent_id"] for d in answer.json()] == [theirs["consent"].pk]
    # a key reads; it never manages staff or keys
    answer = client.get(f"{BASE}/staff", **signed(mine["key"], "GET", f"{BASE}/staff"))
    assert answer.status_code == 401


def test_without_the_second_factor_there_is_no_session(worlds):
    mine, _theirs = worlds
    client = staff_client(mine["admin"], verified=False)
    assert client.get(f"{BASE}/fleet").status_code == 401


def test_a_citizen_session_is_not_an_organisation(worlds):
    client = Client()
    client.force_login(make_citizen())
    assert client.get(f"{BASE}/fleet").status_code == 401


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"fleet", "staff"}),
        ("operator", {"fleet", "staff", "consent"}),
        ("administrator", {"fleet", "staff", "consent", "add_staff", "keys", "create_key"}),
    ],
)
def test_role_matrix_over_http(role, allowed):
    _account, admin, actor = open_account(kind="dealer")
    member = admin if role == "administrator" else add_staff(actor, role)[0]
    client = staff_client(member)
    person = make_person(name="郑师傅")
    calls = {
        "fleet": lambda: client.get(f"{BASE}/fleet"),
        "staff": lambda: client.get(f"{BASE}/staff"),
        "keys": lambda: client.get(f"{BASE}/keys"),
        "consent": lambda: client.post(
            f"{BASE}/drivers/consents",
            {"id_number": person.id_number, "name": "郑师傅"},
            content_type="application/json",
        ),
        "add_staff": lambda: client.post(
            f"{BASE}/staff",
            {
                "username": f"new-{role}",
                "name": "新人",
                "role": "viewer",
                "password": DEFAULT_PASSWORD,
            },
            content_type="application/json",
        ),
        "create_key": lambda: client.post(
            f"{BASE}/keys",
            {"scopes": ["plates.temporary"], "label": "门店"},
            content_type="application/json",
        ),
    }
    for name, call in calls.items():
        answer = call()
        if name in allowed:
            assert answer.status_code in (200, 201), (name, answer.content)
        else:
            assert answer.status_code == 403, (name, answer.content)
            assert answer.json()["code"] == "auth.permission_denied"


def test_adding_staff_answers_the_authenticator_once():
    _account, admin, _actor = open_account()
    client = staff_client(admin)
    answer = client.post(
        f"{BASE}/staff",
        {"username": "op-1", "name": "经办员", "role": "operator", "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json()["otpauth_url"].startswith("otpauth://totp/")
    listed = client.get(f"{BASE}/staff").json()
    assert all("otpauth_url" not in row for row in listed)
    answer = client.post(
        f"{BASE}/staff",
        {"username": "op-1", "name": "重复", "role": "operator", "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "identity.organization_user.username_taken"
