"""The violations of many people at once (a batch of SMS queries, ``hotline.inbound``): the
same rows as ``selectors.violations_of_person``, in the same few queries for all of them."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from jiaoguan.vehicles.selectors import vehicle_ids_of_persons
from jiaoguan.violations.models import DriverAuthorisation
from jiaoguan.violations.rules import handling
from jiaoguan.violations.selectors import ViolationRow, records_of_vehicles, rows_of


def violations_of_persons(
    *, drivers: dict[int, handling.Driver], as_of: date
) -> dict[int, list[ViolationRow]]:
    """Each person's ``violations_of_person`` (the keys of ``drivers``, each with their
    ``driver_facts``): the vehicles each may see (owned or authorised, two queries), then
    every record of those vehicles in one query, shared out in the same order."""
    person_ids = sorted(drivers)
    seers: dict[int, set[int]] = {}  # vehicle → the people who see its records
    for vehicle_id, person_id in vehicle_ids_of_persons(person_ids=person_ids):
        seers.setdefault(vehicle_id, set()).add(person_id)
    authorised = DriverAuthorisation.objects.filter(
        driver_id__in=person_ids, status=DriverAuthorisation.Status.ACTIVE
    ).values_list("vehicle_id", "driver_id")
    for vehicle_id, person_id in authorised:
        seers.setdefault(vehicle_id, set()).add(person_id)
    records: dict[int, list] = {person_id: [] for person_id in person_ids}
    if seers:
        for record in records_of_vehicles(Q(vehicle_id__in=sorted(seers))):
            for person_id in seers[record.vehicle_id]:
                records[person_id].append(record)
    standards: dict = {}
    return {
        person_id: rows_of(
            records[person_id],
            person_id=person_id,
            driver=drivers[person_id],
            as_of=as_of,
            standards=standards,
        )
        for person_id in person_ids
    }
