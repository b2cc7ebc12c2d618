"""Many clients at once: one person can never end up with two accounts."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity import services
from jiaoguan.identity.models import User
from tests.identity.factories import make_person

CLIENTS = 16


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_person_open_exactly_one_account(sms_code):
    person = make_person(name="陈静")
    phones = [f"1380000{index:04d}" for index in range(CLIENTS)]
    # Each client started a registration from its own phone before any of them finished.
    challenges = [
        services.registration_start(name="陈静", id_number=person.id_number, phone=phone)
        for phone in phones
    ]
    codes = [sms_code(phone) for phone in phones]

    def complete(index: int) -> str:
        try:
            services.registration_complete(
                challenge_id=challenges[index].pk, code=codes[index], password="Lantern-Bridge-7"
            )
            return "opened"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(complete, range(CLIENTS)))

    assert outcomes.count("opened") == 1
    assert set(outcomes) == {"opened", "identity.registration.already_registered"}
    assert User.objects.filter(person=person).count() == 1
