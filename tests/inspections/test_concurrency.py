"""500 citizens booking 50 places at once (10 slots of 5) on PostgreSQL: exactly 50
appointments, no slot over its capacity, every other client told the slot is full; and one
vehicle sending its booking many times at once holds one appointment."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core.errors import ApplicationError
from jiaoguan.inspections import services
from jiaoguan.inspections.models import Appointment, Slot
from jiaoguan.inspections.services.stations import LaneSpec
from tests.inspections.factories import citizen_with_car, make_station, slot_of

CLIENTS = 500
SLOTS = 10
CAPACITY = 5
WORKERS = 24  # connections: the machine's PostgreSQL is shared


def _run(attempts):
    start = threading.Barrier(WORKERS)
    queue = iter(attempts)
    lock = threading.Lock()
    outcomes: list[str] = []

    def worker():
        start.wait()
        try:
            while True:
                with lock:
                    attempt = next(queue, None)
                if attempt is None:
                    return
                user, vehicle_id, slot_id = attempt
                try:
                    services.appointment_book(actor=user, vehicle_id=vehicle_id, slot_id=slot_id)
                    outcome = "booked"
                except ApplicationError as error:
                    outcome = error.code
                with lock:
                    outcomes.append(outcome)
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(worker) for _ in range(WORKERS)]:
            future.result()
    return Counter(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_five_hundred_clients_for_fifty_places_make_fifty_bookings():
    station = make_station(lanes=[LaneSpec("1号线", "small", CAPACITY)])
    slots = [slot_of(station, hour=9 + index // 2, days=1 + index % 2) for index in range(SLOTS)]
    clients = [citizen_with_car() for _ in range(CLIENTS)]
    attempts = [
        (user, vehicle.pk, slots[index % SLOTS].pk) for index, (user, vehicle) in enumerate(clients)
    ]
    outcomes = _run(attempts)
    assert outcomes == {"booked": SLOTS * CAPACITY, "inspections.booking.slot_full": 450}
    assert Appointment.objects.filter(status="booked").count() == SLOTS * CAPACITY
    for slot in Slot.objects.filter(pk__in=[slot.pk for slot in slots]):
        assert slot.booked == CAPACITY
        assert slot.appointments.filter(status="booked").count() == CAPACITY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_vehicle_booking_many_times_at_once_holds_one_appointment():
    station = make_station(lanes=[LaneSpec("1号线", "small", 50)])
    user, vehicle = citizen_with_car()
    slots = [slot_of(station, hour=9 + index % 8, days=1 + index // 8) for index in range(48)]
    outcomes = _run([(user, vehicle.pk, slot.pk) for slot in slots])
    assert outcomes == {"booked": 1, "inspections.booking.already_booked": 47}
    assert (
        sum(Slot.objects.filter(pk__in=[s.pk for s in slots]).values_list("booked", flat=True)) == 1
    )
