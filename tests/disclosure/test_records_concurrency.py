"""Officers submitting the same back-office action at once (a double-tapped button, two
officers at two counters): the row lock makes a school-bus cancellation, a forced scrapping
and a social-impact lift happen once, audited once (PostgreSQL: real concurrent
transactions)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.disclosure import services as disclosure
from jiaoguan.disclosure.models import SocialImpactMark
from jiaoguan.drivers import school_bus
from jiaoguan.drivers.models import SchoolBusQualification
from jiaoguan.identity.actors import system_actor
from jiaoguan.vehicles import services as vehicles
from jiaoguan.vehicles.models import ForcedScrapping

SYSTEM = system_actor("test")
CLIENTS = 6

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(call) -> list[str]:
    """Run ``call`` from CLIENTS threads released together; each thread's outcome: "ok" or
    the refusal's code."""
    start = threading.Barrier(CLIENTS)

    def client(_index: int) -> str:
        start.wait()
        try:
            call()
            return "ok"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(client, range(CLIENTS)))


def test_a_school_bus_qualification_is_cancelled_once():
    from tests.drivers.factories import make_license

    license_ = make_license()
    SchoolBusQualification.objects.create(license=license_, granted_on=date(2021, 3, 1))
    outcomes = _at_once(
        lambda: school_bus.school_bus_qualification_cancel(
            actor=SYSTEM,
            license_number=license_.person.id_number,
            reason="over_age",
            license_recovered=False,
        )
    )
    assert sorted(outcomes) == ["drivers.school_bus.not_in_force"] * (CLIENTS - 1) + ["ok"]
    assert AuditEvent.objects.filter(action="drivers.school_bus.cancelled").count() == 1


def test_a_vehicle_is_scrapped_by_force_once():
    from tests.vehicles.factories import make_vehicle

    vehicle = make_vehicle(plate_number="苏A77701")
    outcomes = _at_once(
        lambda: vehicles.vehicle_scrap_by_force(
            actor=SYSTEM,
            plate_type=vehicle.plate_type,
            plate_number=vehicle.plate_number,
            confiscated_on=date(2026, 11, 1),
            authority="南京市公安局",
        )
    )
    assert sorted(outcomes) == ["ok"] + ["vehicles.vehicle.not_found"] * (CLIENTS - 1)
    assert ForcedScrapping.objects.count() == 1
    assert AuditEvent.objects.filter(action="vehicles.vehicle.scrapped_by_force").count() == 1


def test_a_mark_is_lifted_once():
    from tests.disclosure.test_backoffice_records import _decision
    from tests.identity.factories import make_person

    decision = _decision(make_person(name="张三丰"))
    disclosure.social_impact_mark(actor=SYSTEM, decision_number=decision.number, reason="典型")
    outcomes = _at_once(
        lambda: disclosure.social_impact_lift(actor=SYSTEM, decision_number=decision.number)
    )
    assert sorted(outcomes) == ["disclosure.social_impact.not_marked"] * (CLIENTS - 1) + ["ok"]
    assert SocialImpactMark.objects.get().lifted_on is not None
    assert AuditEvent.objects.filter(action="disclosure.social_impact.lifted").count() == 1
