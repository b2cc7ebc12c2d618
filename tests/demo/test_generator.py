"""The generator alone: valid, unique, consistent and deterministic rows (no database)."""

from collections import Counter
from datetime import date

import pytest
from stdnum.cn import uscc

from jiaoguan.core.ids import (
    PROVINCE_ABBREVIATIONS,
    parse_id_number,
    parse_plate_number,
    parse_vin,
)
from jiaoguan.demo.generator import (
    KINDS,
    PROVINCES,
    RESERVED_SEQUENCE_FROM,
    Generator,
    Mix,
    Permutation,
    SerialSpace,
    identity_number,
    province_regions,
)
from jiaoguan.drivers.rules import LARGE_CLASSES, LicenseClass, Validity, age_on
from jiaoguan.drivers.rules import valid_until as license_valid_until
from jiaoguan.vehicles.rules import inspection_schedule, scrap_due

from .conftest import AS_OF
from .states import license_states, profile_of, vehicle_states

# ---------------------------------------------------------------------------------------------
# Identifiers


def test_identity_numbers_are_valid_and_match_the_row(jurisdiction):
    _, batch = jurisdiction
    for person in batch.persons:
        parsed = parse_id_number(person.id_number, today=AS_OF)
        assert parsed.birth_date == person.birth_date
        assert parsed.gender == person.gender
        assert parsed.region_code == person.region_code
        assert parsed.province_code == "32"
        assert date(1940, 1, 1) <= person.birth_date <= date(2007, 12, 31)
        assert int(person.id_number[14:17]) < RESERVED_SEQUENCE_FROM
        assert 2 <= len(person.name) <= 3


def test_identifiers_are_unique(jurisdiction):
    _, batch = jurisdiction
    for values in (
        [p.id_number for p in batch.persons],
        [v.vin for v in batch.vehicles],
        [(v.plate_type, v.plate_number) for v in batch.vehicles],
        [v.plate_number for v in batch.vehicles],
        [lic.archive_number for lic in batch.licenses],
        [o.credit_code for o in batch.organizations],
        [lic.person_id for lic in batch.licenses],
    ):
        assert len(values) == len(set(values))


def test_vins_and_plates_are_valid(jurisdiction):
    _, batch = jurisdiction
    for vehicle in batch.vehicles:
        assert parse_vin(vehicle.vin) == vehicle.vin
        plate = parse_plate_number(vehicle.plate_number, vehicle.plate_type)
        assert plate.province == "苏"
        if vehicle.plate_type == "52":
            assert plate.kind == "nev_small"
        if vehicle.plate_type == "16":
            assert plate.suffix == "学"


def test_archive_numbers_and_credit_codes(jurisdiction):
    _, batch = jurisdiction
    for row in batch.licenses:
        assert len(row.archive_number) == 12
        assert row.archive_number.isdigit()
        assert row.archive_number.startswith("3201")
        assert row.issuing_authority == "江苏省南京市公安局交通警察支队车辆管理所"
    assert batch.organizations
    for org in batch.organizations:
        assert uscc.is_valid(org.credit_code)


def test_numbers_stay_unique_across_chunks_and_appends():
    generator = Generator(seed=7, as_of=AS_OF)
    first = generator.generate(1500)
    end = list(generator.batches(1500, chunk_size=700))[-1][1]
    # Continue with another seed, as ``seed --append --seed 8`` would.
    second = Generator(seed=8, as_of=AS_OF).generate(1200, start=end)
    persons = first.persons + second.persons
    vehicles = first.vehicles + second.vehicles
    assert len({p.id for p in persons}) == len({p.id_number for p in persons}) == 2700
    assert len({v.vin for v in vehicles}) == len(vehicles)
    assert len({(v.plate_type, v.plate_number) for v in vehicles}) == len(vehicles)
    assert second.persons[0].id == 1501
    assert second.persons[0].id_number == generator.identity(1501)[0]


def test_chunking_does_not_change_the_rows():
    generator = Generator(seed=3, as_of=AS_OF)
    whole = generator.generate(1200)
    parts = [batch for batch, _ in generator.batches(1200, chunk_size=500)]
    assert [p.id_number for part in parts for p in part.persons] == [
        p.id_number for p in whole.persons
    ]


@pytest.mark.parametrize("abbreviation", PROVINCE_ABBREVIATIONS)
def test_every_province(abbreviation):
    province = PROVINCES[abbreviation]
    capital, _ = province_regions(abbreviation)
    assert capital
    assert all(region.code.startswith(province.capital_prefecture) for region in capital)
    batch = Generator(seed=1, province=abbreviation, as_of=AS_OF).generate(120)
    for person in batch.persons:
        assert parse_id_number(person.id_number, today=AS_OF).province_code == province.code
    for vehicle in batch.vehicles:
        assert parse_plate_number(vehicle.plate_number, vehicle.plate_type).province == abbreviation


def test_all_31_provinces_are_mapped():
    assert set(PROVINCES) == set(PROVINCE_ABBREVIATIONS)
    assert len({p.code for p in PROVINCES.values()}) == 31


def test_identity_number_helper():
    assert identity_number("110105", date(1949, 12, 31), 2) == "11010519491231002X"


def test_permutation_is_a_bijection():
    for size in (2, 7, 1000, 4097):
        permutation = Permutation(size, f"test:{size}")
        assert sorted(permutation(i) for i in range(size)) == list(range(size))
    with pytest.raises(OverflowError):
        Permutation(10, "x")(10)


def test_serial_space_decodes_every_index_to_a_distinct_valid_serial():
    space = SerialSpace(5, 2)
    assert space.size == 10**5 + 5 * 24 * 10**4 + 10 * 24**2 * 10**3
    sample = [space.serial(i) for i in range(0, space.size, 997)]
    assert len(set(sample)) == len(sample)
    for serial in sample:
        parse_plate_number(f"苏A{serial}", "02")
    assert space.serial(0) == "00000"
    assert space.serial(space.size - 1) == "999ZZ"


# ---------------------------------------------------------------------------------------------
# Determinism


def test_same_seed_same_rows():
    one = Generator(seed=11, as_of=AS_OF).generate(400)
    two = Generator(seed=11, as_of=AS_OF).generate(400)
    assert one == two


def test_another_seed_changes_the_people_but_not_the_numbering():
    one = Generator(seed=11, as_of=AS_OF).generate(200)
    two = Generator(seed=12, as_of=AS_OF).generate(200)
    assert [p.name for p in one.persons] != [p.name for p in two.persons]
    # Identity numbers depend only on province and primary key, so --append never collides.
    assert [p.id_number for p in one.persons] == [p.id_number for p in two.persons]


# ---------------------------------------------------------------------------------------------
# Consistency with the domain rules


def test_license_dates_are_consistent(jurisdiction):
    _, batch = jurisdiction
    persons = {p.id: p for p in batch.persons}
    grants: dict[int, list] = {}
    for grant in batch.grants:
        grants.setdefault(grant.license_id, []).append(grant)
    for row in batch.licenses:
        person = persons[row.person_id]
        assert age_on(person.birth_date, row.first_issued_on) >= 18
        assert row.first_issued_on <= AS_OF
        six = license_valid_until(row.first_issued_on, Validity.SIX_YEARS)
        expected_from = {
            "6": row.first_issued_on,
            "10": six,
            "long_term": license_valid_until(six, Validity.TEN_YEARS),
        }[row.validity]
        assert row.valid_from == expected_from
        assert row.valid_from <= AS_OF
        classes = {LicenseClass(g.license_class): g.obtained_on for g in grants[row.id]}
        assert min(classes.values()) >= row.first_issued_on
        for cls, obtained in classes.items():
            assert obtained <= AS_OF
            if cls in LARGE_CLASSES:
                assert age_on(person.birth_date, obtained) >= (21 if cls == "B2" else 24)
                assert age_on(person.birth_date, AS_OF) < 63
            if cls in (LicenseClass.D, LicenseClass.E):
                assert age_on(person.birth_date, AS_OF) < 70


def test_points_and_certificates_belong_to_drivers(jurisdiction):
    _, batch = jurisdiction
    licenses = {lic.id: lic for lic in batch.licenses}
    holders = {lic.person_id for lic in batch.licenses}
    for record in batch.points:
        assert licenses[record.license_id].first_issued_on <= record.recorded_on <= AS_OF
        assert record.points in (1, 3, 6)
    for certificate in batch.medical:
        assert certificate.person_id in holders
        assert certificate.issued_on <= AS_OF


def test_vehicles_are_consistent(jurisdiction):
    _, batch = jurisdiction
    persons = {p.id: p for p in batch.persons}
    for vehicle in batch.vehicles:
        assert (vehicle.owner_person_id is None) != (vehicle.owner_organization_id is None)
        if vehicle.owner_person_id is not None:
            owner = persons[vehicle.owner_person_id]
            assert age_on(owner.birth_date, vehicle.registered_on) >= 18
        assert date(2005, 1, 1) <= vehicle.registered_on <= AS_OF
        assert vehicle.manufactured_on <= vehicle.registered_on
        assert (vehicle.registered_on - vehicle.manufactured_on).days < 5 * 366
        profile = profile_of(vehicle)
        # The validity is one of the vehicle's own schedule dues.
        dues = set()
        for due in inspection_schedule(profile):
            dues.add(due.due_on)
            if due.due_on > vehicle.inspection_valid_until:
                break
        assert vehicle.inspection_valid_until in dues
        kind_seats = {seat for kind in KINDS.values() if kind.vehicle_type == vehicle.vehicle_type
                      for seat in kind.seats}  # fmt: skip
        assert vehicle.seats in kind_seats
        if vehicle.plate_type == "52":
            assert vehicle.vehicle_type in ("K31", "K33")


def test_no_vehicle_is_past_its_service_life_unless_it_missed_three_cycles(jurisdiction):
    _, batch = jurisdiction
    states = vehicle_states(batch, AS_OF)
    past_life = 0
    for vehicle in batch.vehicles:
        scrap_on = scrap_due(profile_of(vehicle)).scrap_on
        if scrap_on is not None and scrap_on <= AS_OF:
            past_life += 1
    assert past_life <= states["three_missed"]


def test_shares_are_realistic(jurisdiction):
    _, batch = jurisdiction
    adults = [p for p in batch.persons if age_on(p.birth_date, AS_OF) >= 18]
    assert 0.6 <= len(batch.licenses) / len(adults) <= 0.8
    owners = {v.owner_person_id for v in batch.vehicles if v.owner_person_id}
    assert 0.3 <= len(owners) / len(batch.persons) <= 0.5
    classes = Counter(g.license_class for g in batch.grants)
    assert classes.most_common(1)[0][0] == "C1"
    small_cars = [v for v in batch.vehicles if v.vehicle_type in ("K31", "K33")]
    nev = sum(v.plate_type == "52" for v in small_cars) / len(small_cars)
    assert 0.1 <= nev <= 0.3
    types = Counter(v.vehicle_type for v in batch.vehicles)
    assert types.most_common(1)[0][0] == "K33"


# ---------------------------------------------------------------------------------------------
# Every interesting state in 1,000 people

LICENSE_STATES = (
    "renewal_window_open",
    "expired",
    "cancellable_overdue",
    "in_probation",
    "senior",
    "points_9",
    "points_12",
    "full_score",
    "c5",
    "medical_due",
)
VEHICLE_STATES = (
    "inspection_window_open",
    "inspection_overdue",
    "three_missed",
    "scrap_within_year",
    "normal",
)


@pytest.mark.parametrize(
    ("seed", "as_of"),
    [(2026, AS_OF), (5, date(2028, 2, 29)), (99, date(2025, 12, 31))],
)
def test_every_state_occurs_in_1000_people(seed, as_of):
    batch = Generator(seed=seed, as_of=as_of).generate(1000)
    licenses = license_states(batch, as_of)
    vehicles = vehicle_states(batch, as_of)
    for state in LICENSE_STATES:
        if state == "medical_due":
            continue  # only during the 30 days after a 70+ driver's cycle ends: usually, not always
        assert licenses[state] >= 1, state
    for state in VEHICLE_STATES:
        assert vehicles[state] >= 1, state


def test_medical_due_occurs_in_the_default_set(jurisdiction):
    _, batch = jurisdiction
    assert license_states(batch, AS_OF)["medical_due"] >= 1


def test_state_rates_are_parameters():
    plain = Mix(
        renewal_window_rate=0, license_expired_rate=0, license_overdue_rate=0, probation_rate=0,
        inspection_overdue_rate=0, inspection_three_missed_rate=0, block_size=10_000,
    )  # fmt: skip
    rich = Mix(license_expired_rate=0.2, inspection_overdue_rate=0.3, block_size=10_000)
    quiet = Generator(seed=1, as_of=AS_OF, mix=plain).generate(1000)
    busy = Generator(seed=1, as_of=AS_OF, mix=rich).generate(1000)
    # The block guarantee still forces one of each; the rates move the bulk.
    assert license_states(quiet, AS_OF)["expired"] <= 3
    assert license_states(busy, AS_OF)["expired"] >= 80
    assert vehicle_states(busy, AS_OF)["inspection_overdue"] > 3 * max(
        1, vehicle_states(quiet, AS_OF)["inspection_overdue"]
    )


def test_as_of_before_the_youngest_birth_year_is_refused():
    with pytest.raises(ValueError, match="as_of"):
        Generator(as_of=date(2007, 6, 1))
    with pytest.raises(ValueError, match="province"):
        Generator(province="XX")


def test_each_vehicle_carries_the_date_three_missed_cycles_would_make_it_scrap_due(jurisdiction):
    from jiaoguan.vehicles.rules import uninspected_scrap_on

    _, batch = jurisdiction
    for vehicle in batch.vehicles:
        expected = uninspected_scrap_on(profile_of(vehicle), vehicle.inspection_valid_until)
        assert vehicle.uninspected_scrap_on == expected, vehicle
