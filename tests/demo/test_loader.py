"""Loading generated rows into the database, the ``seed`` command and ``--append``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jiaoguan.demo.generator import Generator
from jiaoguan.demo.loader import SeedRefused, current_counters, seed
from jiaoguan.drivers.models import (
    DrivingLicense,
    LicenseClassGrant,
    MedicalCertificate,
    PointsRecord,
)
from jiaoguan.identity.models import Organization, Person
from jiaoguan.vehicles.models import Vehicle

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

MODELS = {
    "persons": Person,
    "organizations": Organization,
    "licenses": DrivingLicense,
    "grants": LicenseClassGrant,
    "points": PointsRecord,
    "medical": MedicalCertificate,
    "vehicles": Vehicle,
}


def test_seed_loads_every_table():
    result = seed(300, seed=5, as_of=AS_OF, batch_size=120)
    for table, model in MODELS.items():
        assert model.objects.count() == result.counts[table], table
    assert result.counts["persons"] == 300
    assert result.counts["vehicles"] > 50
    expected = Generator(seed=5, as_of=AS_OF).generate(300)
    stored = list(Person.objects.order_by("id").values_list("id_number", flat=True))
    assert stored == [p.id_number for p in expected.persons]
    vehicle = Vehicle.objects.select_related("owner_person").filter(owner_person__isnull=False)[0]
    assert vehicle.owner_person.vehicles.filter(pk=vehicle.pk).exists()
    license_ = DrivingLicense.objects.first()
    assert license_.grants.exists()


def test_sequences_continue_after_the_loaded_rows():
    seed(50, as_of=AS_OF)
    top = Person.objects.order_by("-id").values_list("id", flat=True)[0]
    person = Person.objects.create(
        id_number="11010519491231002X", name="测试", gender="female",
        birth_date="1949-12-31", region_code="110105",
    )  # fmt: skip
    assert person.id > top


def test_seed_refuses_a_database_with_people():
    seed(20, as_of=AS_OF)
    with pytest.raises(SeedRefused):
        seed(20, as_of=AS_OF)
    with pytest.raises(CommandError, match="append"):
        call_command("seed", persons=10, as_of=AS_OF, stdout=StringIO(), stderr=StringIO())


def test_append_continues_numbering():
    seed(120, seed=1, as_of=AS_OF)
    vehicles_before = Vehicle.objects.count()
    counters = current_counters("苏")
    assert counters.next_id["persons"] == 121
    seed(80, seed=2, as_of=AS_OF, append=True)
    ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, 201))
    assert Person.objects.values("id_number").distinct().count() == 200
    assert Person.objects.get(id=121).id_number == Generator(as_of=AS_OF).identity(121)[0]
    assert Vehicle.objects.count() > vehicles_before
    assert Vehicle.objects.values("vin").distinct().count() == Vehicle.objects.count()
    plates = Vehicle.objects.values_list("plate_type", "plate_number")
    assert len(set(plates)) == len(plates)
    # The plate counters picked up where the first run stopped.
    after = current_counters("苏")
    assert after.plates["ordinary"] > counters.plates["ordinary"]


def test_seed_command_prints_a_summary():
    out = StringIO()
    call_command(
        "seed", persons=60, seed=3, province="浙", as_of=AS_OF, batch_size=25,
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    text = out.getvalue()
    assert "persons" in text
    assert "rows/s" in text
    assert Person.objects.count() == 60
    numbers = Person.objects.values_list("id_number", flat=True)
    assert [number[:2] for number in numbers] == ["33"] * 60
    assert not Vehicle.objects.exclude(plate_number__startswith="浙").exists()
    call_command("seed", persons=10, append=True, as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    assert Person.objects.count() == 70


def test_seed_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="as-of"):
        call_command("seed", "--as-of", "2026-13-01", stdout=StringIO(), stderr=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL only")
def test_postgresql_uses_copy_and_keeps_generated_timestamps():
    seed(200, seed=9, as_of=AS_OF)
    expected = Generator(seed=9, as_of=AS_OF).generate(200)
    stored = MedicalCertificate.objects.order_by("id").values_list("submitted_at", flat=True)
    assert list(stored) == [m.submitted_at for m in expected.medical]
