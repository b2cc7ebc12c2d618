"""Many clients at once on PostgreSQL: one decision per record, and points that count each
other when one driver handles several records at the same moment."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.models import PointsRecord
from jiaoguan.violations.models import PenaltyDecision
from jiaoguan.violations.services import violation_handle
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record, shipped_reference_data

CLIENTS = 12


def _handle(actor, record_id: int) -> str:
    try:
        violation_handle(actor=actor, record_id=record_id)
        return "decided"
    except ApplicationError as error:
        return error.code
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clients_handling_one_record_at_once_make_one_decision():
    shipped_reference_data()
    person = make_person()
    make_license(person=person)
    citizen = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=person))
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(lambda _: _handle(citizen, record.pk), range(CLIENTS)))
    assert outcomes.count("decided") == 1
    assert set(outcomes) == {"decided", "violations.handling.not_open"}
    assert PenaltyDecision.objects.count() == 1
    assert PointsRecord.objects.get().points == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_records_handled_at_once_never_take_a_driver_to_twelve_online():
    """5 points on record; two 6-point records handled at the same moment: one gets through
    (11 points), the other would make 17 and is refused under the license lock."""
    shipped_reference_data()
    person = make_person()
    make_license(person=person, points=[(clock.today(), 5)])
    citizen = make_citizen(person=person)
    vehicle = make_vehicle(owner=person)
    records = [make_entered_record(vehicle) for _ in range(CLIENTS)]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        outcomes = list(pool.map(lambda record: _handle(citizen, record.pk), records))
    assert outcomes.count("decided") == 1
    assert set(outcomes) - {"decided"} <= {
        "violations.handling.refused",
        "drivers.points.would_reach_full_score",
    }
    assert sum(PointsRecord.objects.values_list("points", flat=True)) == 11
