"""The credential pages: my own QR, the mark of my own vehicle only, the verifier page for the
public and for an officer signed in with the second factor."""

import re

import pytest

from jiaoguan.credentials import keys
from jiaoguan.credentials.models import Verification
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_keys():
    keys.forget()
    yield
    keys.forget()


@pytest.fixture
def holder():
    person = make_person(name="张伟", address="江苏省南京市玄武区北京东路1号")
    make_license(person=person)
    return make_citizen(person=person, phone="13700000041")


def _qr_of(page: str) -> str:
    return re.search(r'data-qr="(JG1:[A-Za-z0-9_-]+)"', page).group(1)


def test_my_credentials_page_shows_a_qr_with_its_generation_time(client, holder):
    client.force_login(holder)
    page = client.get("/me/credentials/").content.decode()
    assert _qr_of(page)
    assert 'src="data:image/png;base64,' in page
    assert re.search(r'data-field="issued_at">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<', page)
    fresh = client.get("/me/credentials/qr/").json()
    assert fresh["qr"].startswith("JG1:")
    assert fresh["red"] is False


def test_the_mark_page_refuses_another_persons_vehicle(client, holder):
    mine = make_vehicle(owner=holder.person)
    theirs = make_vehicle(owner=make_person())
    client.force_login(holder)
    assert client.get(f"/me/credentials/mark/{mine.pk}/").status_code == 200
    refused = client.get(f"/me/credentials/mark/{theirs.pk}/")
    assert refused.status_code == 403
    assert "不在您的名下" in refused.content.decode()
    as_json = client.get("/me/credentials/qr/", {"kind": "im", "vehicle": theirs.pk})
    assert as_json.json()["code"] == "credentials.vehicle.not_owned"


def test_the_public_verifier_page_shows_black_and_hides_the_number(client, holder):
    client.force_login(holder)
    qr = _qr_of(client.get("/me/credentials/").content.decode())
    client.logout()
    page = client.post("/credentials/verify/", {"qr": qr}).content.decode()
    assert 'data-verdict="normal"' in page
    assert "张*" in page
    assert holder.person.id_number not in page
    assert "北京东路" not in page
    bad = client.post("/credentials/verify/", {"qr": qr[:-2] + "zz"}).content.decode()
    assert 'data-verdict="abnormal"' in bad


def test_an_officer_with_the_second_factor_is_an_authorised_verifier(client, holder):
    client.force_login(holder)
    qr = _qr_of(client.get("/me/credentials/").content.decode())
    client.logout()
    officer, device = officer_with_device(username="jc0101")
    log_in(client, officer, device)
    page = client.post("/credentials/verify/", {"qr": qr}).content.decode()
    assert holder.person.id_number in page
    assert "张伟" in page
    assert "北京东路" not in page
    check = Verification.objects.get()
    assert check.verifier_kind == "officer"
    assert "jc0101" in check.verifier_label


def test_an_officer_without_the_second_factor_is_an_anonymous_verifier(client, holder):
    client.force_login(holder)
    qr = _qr_of(client.get("/me/credentials/").content.decode())
    officer, _device = officer_with_device(username="jc0102")
    client.force_login(officer)  # password only: no verified device in the session
    page = client.post("/credentials/verify/", {"qr": qr}).content.decode()
    assert holder.person.id_number not in page
    assert Verification.objects.get().verifier_kind == "anonymous"
