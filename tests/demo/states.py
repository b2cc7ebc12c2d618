"""Compute the states of generated rows with the domain rules (shared by the demo tests)."""

from collections import Counter, defaultdict
from datetime import date

from jiaoguan.demo.generator import Batch
from jiaoguan.drivers.rules import LicenseClass, Validity, age_on, cycle_span, license_status
from jiaoguan.drivers.rules import valid_until as license_valid_until
from jiaoguan.vehicles.rules import Condition, vehicle_status
from jiaoguan.vehicles.selectors import vehicle_profile

#: The rules' view of a generated vehicle: rows carry the model's attribute names, so the
#: register's own conversion applies unchanged.
profile_of = vehicle_profile


def license_states(batch: Batch, as_of: date) -> Counter:
    """How many licenses show each state (LicenseCondition values plus a few extra labels)."""
    persons = {p.id: p for p in batch.persons}
    classes: dict[int, dict[LicenseClass, date]] = defaultdict(dict)
    for grant in batch.grants:
        classes[grant.license_id][LicenseClass(grant.license_class)] = grant.obtained_on
    points = defaultdict(list)
    for record in batch.points:
        points[record.license_id].append(record)
    found: Counter = Counter()
    for row in batch.licenses:
        person = persons[row.person_id]
        cycle = cycle_span(row.first_issued_on, as_of)
        cycle_points = sum(r.points for r in points[row.id] if cycle.contains(r.recorded_on))
        status = license_status(
            register_status=row.status,
            valid_until=license_valid_until(row.valid_from, Validity(row.validity)),
            first_issued_on=row.first_issued_on,
            class_dates=classes[row.id],
            birth_date=person.birth_date,
            cycle_points=cycle_points,
            as_of=as_of,
        )
        found.update(condition.value for condition in status.conditions)
        if cycle_points in (9, 12):
            found[f"points_{cycle_points}"] += 1
        if age_on(person.birth_date, as_of) >= 70:
            found["senior"] += 1
        if LicenseClass.C5 in classes[row.id]:
            found["c5"] += 1
    return found


def vehicle_states(batch: Batch, as_of: date) -> Counter:
    found: Counter = Counter()
    for vehicle in batch.vehicles:
        status = vehicle_status(
            profile_of(vehicle), as_of=as_of, valid_until=vehicle.inspection_valid_until
        )
        found.update(entry.condition.value for entry in status.conditions)
        if status.missed is not None and status.missed.count >= 3:
            found["three_missed"] += 1
        if status.has(Condition.SCRAP_NEAR):
            found["scrap_within_year"] += 1
    return found
