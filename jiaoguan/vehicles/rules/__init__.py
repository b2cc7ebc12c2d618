"""Pure vehicle rules: inspection schedule, mandatory scrapping, vehicle status (DOMAIN §1, §2).

No Django here: plain values in, plain values out. The modules split along the seams:
``vehicle`` (use character, type codes, profile), ``parameters`` (§13 settings), ``inspection``,
``scrapping``, ``status``, and ``codes`` (every basis code, for ``explanations``).
"""

from jiaoguan.core.dates import month_end

from .codes import ALL_CODES, Basis, Condition, ExemptionLossEvent
from .inspection import (
    ERA_STARTS,
    InspectionDue,
    InspectionEra,
    InspectionKind,
    MissedCycles,
    inspection_era,
    inspection_schedule,
    inspection_window,
    missed_cycles,
    next_inspection,
    uninspected_scrap_on,
    validity_after_pass,
)
from .parameters import DEFAULT_PARAMETERS, ScheduleParameters
from .scrapping import ScrapDue, scrap_due, service_life_start
from .status import SEVERITY, ConditionEntry, VehicleStatus, vehicle_status, window_basis
from .vehicle import (
    UseCharacter,
    VehicleCategory,
    VehicleProfile,
    is_dedicated_school_bus,
    is_operating,
    is_van,
    parse_use,
    vehicle_category,
)

__all__ = [
    "ALL_CODES",
    "DEFAULT_PARAMETERS",
    "ERA_STARTS",
    "SEVERITY",
    "Basis",
    "Condition",
    "ConditionEntry",
    "ExemptionLossEvent",
    "InspectionDue",
    "InspectionEra",
    "InspectionKind",
    "MissedCycles",
    "ScheduleParameters",
    "ScrapDue",
    "UseCharacter",
    "VehicleCategory",
    "VehicleProfile",
    "VehicleStatus",
    "inspection_era",
    "inspection_schedule",
    "inspection_window",
    "is_dedicated_school_bus",
    "is_operating",
    "is_van",
    "missed_cycles",
    "month_end",
    "next_inspection",
    "parse_use",
    "scrap_due",
    "service_life_start",
    "uninspected_scrap_on",
    "validity_after_pass",
    "vehicle_category",
    "vehicle_status",
    "window_basis",
]
