"""Many clients at once: one holder never gets two credential rows (the database's unique
constraints decide), and the first signing key of an installation is made once per winner."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.credentials import keys
from jiaoguan.credentials.models import Credential, IssuerKey
from jiaoguan.credentials.services import driving_license_sign
from jiaoguan.identity.actors import CitizenActor
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person

CLIENTS = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_signings_of_one_licence_make_one_credential():
    keys.forget()
    person = make_person(name="张伟")
    make_license(person=person)
    user = make_citizen(person=person, phone="13700000051")

    def sign(_index: int) -> str:
        try:
            return str(driving_license_sign(actor=CitizenActor.of_user(user)).credential.public_id)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        ids = set(pool.map(sign, range(CLIENTS)))

    assert len(ids) == 1
    assert Credential.objects.filter(person=person).count() == 1
    # Racing first signings may each start a key; every key made still verifies.
    assert IssuerKey.objects.count() >= 1
    keys.forget()
