"""Many clients at once (PostgreSQL): a number is only ever held by one person."""

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.ids import id_check_character
from jiaoguan.identity.models import Person, User
from jiaoguan.plates import services
from jiaoguan.plates.models import NewVehicle, PlateHold, TemporaryPlate
from tests.plates.factories import make_open_batch, make_plates_officer, make_segment
from tests.vehicles.factories import vin_for

CLIENTS = 10_000
NUMBERS = 100
THREADS = 24


def _owners(count: int) -> list[User]:
    """``count`` citizens with a new car each, inserted in bulk (no password hashing)."""
    persons = []
    for index in range(count):
        born = date(1960, 1, 1) + timedelta(days=index // 400)
        first17 = f"320102{born:%Y%m%d}{index % 400 * 2 + 1:03d}"
        number = first17 + id_check_character(first17)
        persons.append(
            Person(
                id_number=number,
                name=f"客户{index}",
                gender="male",
                birth_date=born,
                region_code="320102",
            )
        )
    persons = Person.objects.bulk_create(persons)
    users = User.objects.bulk_create(
        [
            User(
                kind=User.Kind.CITIZEN,
                username=User.citizen_username(person.pk),
                person=person,
                password="!",
            )
            for person in persons
        ]
    )
    NewVehicle.objects.bulk_create(
        [
            NewVehicle(
                vin=vin_for(1_000_000 + index),
                owner=person,
                plate_type="02",
                prefix="苏A",
                compulsory_insurance_until=clock.today() + timedelta(days=365),
                created_at=clock.now(),
            )
            for index, person in enumerate(persons)
        ]
    )
    return users


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_thousand_clients_racing_for_a_hundred_numbers_leave_exactly_a_hundred_winners():
    segment = make_segment(published_by=make_plates_officer())
    make_open_batch(segment)
    users = _owners(CLIENTS)
    vins = dict(NewVehicle.objects.filter(owner__account__in=users).values_list("owner_id", "vin"))
    wanted = [f"D{index % NUMBERS:04d}" for index in range(CLIENTS)]
    outcomes: list[str | None] = [None] * CLIENTS
    start = threading.Barrier(THREADS)

    def client(worker: int) -> None:
        start.wait()
        try:
            for index in range(worker, CLIENTS, THREADS):
                user = users[index]
                try:
                    services.selection_compose(
                        actor=user,
                        vin=vins[user.person_id],
                        segment_id=segment.pk,
                        number=wanted[index],
                    )
                    outcomes[index] = "held"
                except ApplicationError as error:
                    outcomes[index] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    tally = Counter(outcomes)
    assert tally == {"held": NUMBERS, "plates.number.taken": CLIENTS - NUMBERS}
    holds = PlateHold.objects.filter(state=PlateHold.State.HELD)
    assert holds.count() == NUMBERS
    assert holds.values("plate_number").distinct().count() == NUMBERS
    assert holds.values("person").distinct().count() == NUMBERS
    winners = {index for index, outcome in enumerate(outcomes) if outcome == "held"}
    held_by = dict(holds.values_list("plate_number", "person_id"))
    assert {users[index].person_id for index in winners} == set(held_by.values())
    assert {f"苏A{wanted[index]}" for index in winners} == set(held_by)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dealers_never_pass_the_temporary_plate_limit():
    officer = make_plates_officer()
    vin = vin_for(4242)
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def issue() -> None:
        start.wait()
        try:
            services.temporary_plate_issue(
                actor=officer,
                vin=vin,
                situation="unsold",
                prefix="苏A",
                compulsory_insurance_until=clock.today() + timedelta(days=365),
            )
            outcomes.append("issued")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("issued") <= 3
    assert TemporaryPlate.objects.filter(vin=vin).count() == outcomes.count("issued")
    assert set(outcomes) <= {
        "issued",
        "plates.temporary.concurrent",
        "plates.temporary.too_many_issues",
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_swap_requests_leave_one_pending_per_vehicle_and_one_approval():
    from concurrent.futures import ThreadPoolExecutor

    from jiaoguan.plates.models import PlateRequest
    from tests.identity.factories import make_citizen
    from tests.vehicles.factories import make_vehicle

    owner = make_citizen()
    cars = [make_vehicle(owner=owner.person, plate_number=f"苏A{n}{n}{n}{n}{n}") for n in (1, 2, 3)]
    pairs = [(0, 1), (1, 2), (0, 2)] * 4
    start = threading.Barrier(len(pairs))

    def submit(pair):
        start.wait()
        try:
            services.plate_request_swap_submit(
                actor=owner, vehicle_id=cars[pair[0]].pk, other_vehicle_id=cars[pair[1]].pk
            )
            return "submitted"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(pairs)) as pool:
        outcomes = Counter(pool.map(submit, pairs))
    assert outcomes == {"submitted": 1, "plates.request.pending_exists": len(pairs) - 1}
    request = PlateRequest.objects.get()
    officers = [make_plates_officer(username=f"jc77{n}") for n in range(6)]
    start = threading.Barrier(len(officers))

    def approve(officer):
        start.wait()
        try:
            services.plate_request_approve(
                actor=officer, reference=str(request.reference), violations_cleared=True
            )
            return "approved"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        decided = Counter(pool.map(approve, officers))
    assert decided == {"approved": 1, "plates.request.state": len(officers) - 1}
    request.refresh_from_db()
    assert request.state == PlateRequest.State.APPROVED
