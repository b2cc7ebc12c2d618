"""Rows (field names are the models' attribute names), tables, counters and batches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


class PersonRow(NamedTuple):
    id: int
    id_number: str
    name: str
    gender: str
    birth_date: date
    region_code: str
    address: str


class OrganizationRow(NamedTuple):
    id: int
    name: str
    credit_code: str
    kind: str
    region_code: str
    contact_phone: str
    is_active: bool
    registered_at: datetime


class LicenseRow(NamedTuple):
    id: int
    person_id: int
    archive_number: str
    first_issued_on: date
    valid_from: date
    validity: str
    status: str
    issuing_authority: str
    fatal_accident_responsibility: bool


class GrantRow(NamedTuple):
    id: int
    license_id: int
    license_class: str
    obtained_on: date


class PointsRow(NamedTuple):
    id: int
    license_id: int
    points: int
    recorded_on: date
    description: str
    fine_paid: bool


class MedicalRow(NamedTuple):
    id: int
    person_id: int
    issued_on: date
    institution_name: str
    fit_to_drive: bool
    submitted_at: datetime
    designated_hospital: bool = False  # a C5 holder's, from the province's designated hospital


class VehicleRow(NamedTuple):
    id: int
    vin: str
    plate_number: str
    plate_type: str
    vehicle_type: str
    brand_model: str
    use_character: str
    seats: int
    manufactured_on: date | None
    registered_on: date
    owner_person_id: int | None
    owner_organization_id: int | None
    status: str
    inspection_valid_until: date
    school_bus_sign_on: date | None
    illegally_modified: bool
    injury_accident: bool
    use_converted: bool
    uninspected_scrap_on: date | None


#: Tables in dependency order: Batch attribute, model label.
TABLES: tuple[tuple[str, str], ...] = (
    ("persons", "identity.Person"),
    ("organizations", "identity.Organization"),
    ("licenses", "drivers.DrivingLicense"),
    ("grants", "drivers.LicenseClassGrant"),
    ("points", "drivers.PointsRecord"),
    ("medical", "drivers.MedicalCertificate"),
    ("vehicles", "vehicles.Vehicle"),
)

#: Plate number spaces, each with its own counter.
PLATE_SPACES = ("ordinary", "nev_small_D", "nev_small_F", "nev_large_D", "nev_large_F", "coach")


@dataclass
class Counters:
    """Next primary key per table and next index per plate space.

    ``next_id`` maps a Batch attribute (``persons``, ``vehicles``...) to the next primary key;
    ``plates`` maps a plate space to how many numbers it has handed out.
    """

    next_id: dict[str, int] = field(default_factory=lambda: {t: 1 for t, _ in TABLES})
    plates: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PLATE_SPACES, 0))

    def copy(self) -> Counters:
        return Counters(dict(self.next_id), dict(self.plates))

    def take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value


@dataclass
class Batch:
    persons: list[PersonRow] = field(default_factory=list)
    organizations: list[OrganizationRow] = field(default_factory=list)
    licenses: list[LicenseRow] = field(default_factory=list)
    grants: list[GrantRow] = field(default_factory=list)
    points: list[PointsRow] = field(default_factory=list)
    medical: list[MedicalRow] = field(default_factory=list)
    vehicles: list[VehicleRow] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        for table, _ in TABLES:
            getattr(self, table).extend(getattr(other, table))

    def counts(self) -> dict[str, int]:
        return {table: len(getattr(self, table)) for table, _ in TABLES}

    @property
    def size(self) -> int:
        return sum(self.counts().values())
