"""Number segments, batches, pre-selection holds and temporary plates (DOMAIN.md §6).

Scarce numbers are protected by the database, never by a check in Python:

- ``number_held_once``: a plate number has at most one hold that is held, lapsed (expired but
  not yet back in the pool) or registered;
- ``one_hold_per_vehicle``: a new vehicle has at most one held number;
- ``one_open_batch_per_segment``;
- ``temporary_plate_issue_once``: the n-th temporary plate of a vehicle in a situation group
  exists once, so two dealers cannot both issue the last allowed one.
"""

from .requests import PlateEvidence, PlateRequest, PlateSwap, SpouseTransfer
from .selection import (
    PLATE_TYPE_CHOICES,
    Batch,
    Draw,
    NewVehicle,
    NumberSegment,
    PlateHold,
    ReservedNumber,
    SelectionParameterSet,
)
from .temporary import TemporaryPlate

__all__ = [
    "PLATE_TYPE_CHOICES",
    "Batch",
    "Draw",
    "NewVehicle",
    "NumberSegment",
    "PlateEvidence",
    "PlateHold",
    "PlateRequest",
    "PlateSwap",
    "ReservedNumber",
    "SelectionParameterSet",
    "SpouseTransfer",
    "TemporaryPlate",
]
