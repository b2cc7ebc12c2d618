"""A synthetic jurisdiction: people, organizations, driving licenses and vehicles.

Pure Python, no Django: rows are plain ``NamedTuple``s whose field names are the model fields'
attribute names, so the loader can COPY them or build model instances. Everything is derived
from ``random.Random``; the same seed, province, as-of date and starting counters give the same
rows.

Identifiers are unique **by construction**, without remembering what was issued:

- identity number: the person's primary key goes through a keyed pseudo-random permutation of
  the slots (region, birth date, sequence code); every (region, birth year) has a capacity of
  sequence codes that follows the age pyramid and the region's weight. Sequence codes 900-999 are
  never generated: they are reserved for hand-made people (the demo accounts).
- VIN: the vehicle's primary key, permuted, gives positions 11-17 (plant + serial).
- plate numbers: one counter per number space (ordinary 5-character serials, small NEV per energy
  letter, large NEV per energy letter, driving-school 学 plates), permuted over the space.
- license archive number and organization credit code: primary key, permuted.

The permutations depend only on the province (never on the seed), so ``seed --append`` with any
seed keeps numbers unique. Each block of ``Mix.block_size`` people contains every interesting
state at least once (see ``Mix`` and ``REQUIRED_LICENSE_STATES`` / ``REQUIRED_VEHICLE_STATES``
in ``states``).

The package, one seam a module:

- ``regions``: provinces and their current regions (GB/T 2260).
- ``rows``: the row tuples, ``TABLES``, ``Counters`` and ``Batch``.
- ``numbering``: keyed permutations, number spaces and every identifier above.
- ``kinds``: vehicle kinds with their brands, organization kinds.
- ``states``: ``Mix`` and the per-block state guarantees.
- ``people``, ``licenses``, ``vehicles``: the rows of each, as parts of ``Generator``.
- ``dates``: the population's date bounds and year arithmetic.
- ``core``: ``Generator``, which makes the rows block by block, in chunks.
"""

from .core import Generator
from .dates import SHANGHAI
from .kinds import KINDS
from .numbering import RESERVED_SEQUENCE_FROM, Permutation, SerialSpace, identity_number
from .regions import PROVINCES, province_regions
from .rows import (
    TABLES,
    Batch,
    Counters,
    GrantRow,
    LicenseRow,
    MedicalRow,
    OrganizationRow,
    PersonRow,
    PointsRow,
    VehicleRow,
)
from .states import DEFAULT_MIX, Mix

__all__ = [
    "DEFAULT_MIX",
    "KINDS",
    "PROVINCES",
    "RESERVED_SEQUENCE_FROM",
    "SHANGHAI",
    "TABLES",
    "Batch",
    "Counters",
    "Generator",
    "GrantRow",
    "LicenseRow",
    "MedicalRow",
    "Mix",
    "OrganizationRow",
    "Permutation",
    "PersonRow",
    "PointsRow",
    "SerialSpace",
    "VehicleRow",
    "identity_number",
    "province_regions",
]
