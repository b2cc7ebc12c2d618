"""Administrators removing each other at the same moment: the account's row lock keeps at
least one administrator, and a driver asked twice at once gets one request (PostgreSQL:
real concurrent transactions)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core.errors import ApplicationError
from jiaoguan.organisations import services
from jiaoguan.organisations.models import DriverConsent, Staff
from tests.identity.factories import make_person
from tests.organisations.factories import add_staff, open_account

CLIENTS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_administrators_removing_each_other_leave_one():
    account, first, first_actor = open_account()
    admins = [(first, first_actor)] + [add_staff(first_actor, "administrator") for _ in range(3)]
    start = threading.Barrier(len(admins))

    def remove_next(index: int) -> str:
        _staff, actor = admins[index]
        target, _ = admins[(index + 1) % len(admins)]
        start.wait()
        try:
            services.staff_remove(actor=actor, staff_id=target.pk)
            return "removed"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(len(admins)) as pool:
        outcomes = list(pool.map(remove_next, range(len(admins))))
    left = Staff.objects.filter(account=account, role="administrator", removed_at__isnull=True)
    assert left.count() >= 1
    assert set(outcomes) <= {
        "removed",
        "organisations.staff.last_administrator",
        "auth.permission_denied",
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_driver_asked_many_times_at_once_gets_one_request():
    account, _admin, actor = open_account()
    person = make_person(name="蒋师傅")
    start = threading.Barrier(CLIENTS)

    def ask(_index: int) -> str:
        start.wait()
        try:
            services.consent_request(actor=actor, id_number=person.id_number, name="蒋师傅")
            return "asked"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(CLIENTS) as pool:
        outcomes = list(pool.map(ask, range(CLIENTS)))
    assert outcomes.count("asked") == 1
    assert set(outcomes) == {"asked", "organisations.consent.already_requested"}
    assert DriverConsent.objects.filter(account=account, person=person).count() == 1
