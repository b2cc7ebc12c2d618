"""The holder chooses what each kind of verifier sees (above the legal minimum): the rules,
the verification that follows them, and the 我的电子证照 page that sets them."""

from __future__ import annotations

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.credentials import keys
from jiaoguan.credentials.disclosure import disclosure_choose
from jiaoguan.credentials.models import DisclosureChoice
from jiaoguan.credentials.rules import disclosure as rules
from jiaoguan.identity.actors import CitizenActor
from tests.api.partners import make_partner_key, signed
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person

VERIFY = "/api/v1/credentials/verify"


@pytest.fixture(autouse=True)
def _fresh_keys():
    keys.forget()
    yield
    keys.forget()


def test_the_legal_minimum_cannot_be_hidden_and_nothing_is_hidden_from_officers():
    fields = {"name": "张伟", "c": "C1", "v": "2030-01-01", "license_number": "1101..."}
    hidden = ["name", "c", "v", "license_number"]
    partner = rules.disclose(fields, verifier_kind="partner", kind="dl", hidden=hidden)
    assert partner == {"name": "张伟", "c": "C1", "v": "2030-01-01"}
    officer = rules.disclose(fields, verifier_kind="officer", kind="dl", hidden=hidden)
    assert officer == fields
    public = rules.disclose(
        {"n": "张*", "c": "C1", "v": "x"},
        verifier_kind="anonymous",
        kind="dl",
        hidden=["n", "c", "v"],
    )
    assert public == {"v": "x"}


@pytest.fixture
def zhang(db):
    person = make_person(name="张伟", address="江苏省南京市玄武区北京东路1号")
    make_license(person=person)
    return make_citizen(person=person, phone="13700000081")


def _qr(client, user) -> str:
    client.force_login(user)
    response = client.get("/me/credentials/qr/?kind=dl")
    client.logout()
    return response.json()["qr"]


def _verify_as_partner(client, qr: str) -> dict:
    partner = make_partner_key(kind="other", name="南京某汽车租赁有限公司")
    body = f'{{"qr": "{qr}"}}'.encode()
    response = client.post(
        VERIFY, body, content_type="application/json", **signed(partner, "POST", VERIFY, body)
    )
    assert response.status_code == 200, response.content
    return response.json()["disclosed"]


@pytest.mark.django_db
def test_a_partner_stops_seeing_the_licence_number_once_the_holder_hides_it(client, zhang):
    qr = _qr(client, zhang)
    assert "license_number" in _verify_as_partner(client, qr)  # the default: shown
    now_hidden = disclosure_choose(
        actor=CitizenActor.of_user(zhang),
        verifier_kind="partner",
        kind="dl",
        hidden=["license_number", "cycle_points", "name"],  # name is the legal minimum
    )
    assert now_hidden == ["license_number", "cycle_points"]
    seen = _verify_as_partner(client, qr)  # the very next verification
    assert seen["name"] == "张伟"
    assert "license_number" not in seen
    assert "cycle_points" not in seen
    assert seen["issuing_authority"]
    event = AuditEvent.objects.get(action="credentials.disclosure.choose")
    assert event.actor_id == zhang.pk
    assert event.data["hidden"] == ["license_number", "cycle_points"]


@pytest.mark.django_db
def test_an_officer_still_sees_everything_whatever_the_holder_hid(client, zhang):
    actor = CitizenActor.of_user(zhang)
    for verifier_kind in ("partner", "anonymous", "officer"):
        disclosure_choose(
            actor=actor, verifier_kind=verifier_kind, kind="dl", hidden=["license_number", "n", "c"]
        )
    assert DisclosureChoice.objects.get(verifier_kind="officer").hidden == []
    qr = _qr(client, zhang)
    officer, device = officer_with_device(username="jc0181")
    log_in(client, officer, device)
    page = client.post("/credentials/verify/", {"qr": qr}).content.decode()
    assert zhang.person.id_number in page
    client.logout()
    public = client.post(VERIFY, {"qr": qr}, content_type="application/json").json()
    assert set(public["disclosed"]) == {"v"}


@pytest.mark.django_db
def test_the_page_shows_the_choices_and_saves_them(client, zhang):
    client.force_login(zhang)
    page = client.get("/me/credentials/").content.decode()
    assert "谁能看到什么" in page
    assert 'name="show-partner-dl" value="license_number" checked' in page
    response = client.post(
        "/me/credentials/disclosure/",
        {"show-partner-dl": ["issuing_authority", "cycle_points", "n"], "show-anonymous-dl": ["c"]},
    )
    assert response.status_code == 302
    assert DisclosureChoice.objects.get(verifier_kind="partner", kind="dl").hidden == [
        "license_number"
    ]
    assert DisclosureChoice.objects.get(verifier_kind="anonymous", kind="dl").hidden == ["n"]
    page = client.get("/me/credentials/").content.decode()
    assert 'name="show-partner-dl" value="license_number">' in page
    client.logout()
    public = client.post(VERIFY, {"qr": _qr(client, zhang)}, content_type="application/json")
    assert set(public.json()["disclosed"]) == {"c", "v"}


@pytest.mark.django_db
def test_choosing_needs_a_signed_in_citizen_and_a_post(client, zhang):
    assert client.post("/me/credentials/disclosure/", {}).status_code in (302, 403)
    assert not DisclosureChoice.objects.exists()
    client.force_login(zhang)
    assert client.get("/me/credentials/disclosure/").status_code == 405
