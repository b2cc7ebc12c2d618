"""What the rules know about a vehicle: use character, GA 802 type code, and the profile.

DOMAIN §1.4. The type-code table is reference data kept next to the code that reads it; extend it
here (with a test) when the full GA 802 list is verified.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaoguan.core.dates import add_years


class UseCharacter(StrEnum):
    """使用性质 (DOMAIN §1.4)."""

    NON_OPERATING = "non_operating"  # 非营运
    HIGHWAY_PASSENGER = "highway_passenger"  # 公路客运
    TRANSIT_BUS = "transit_bus"  # 公交客运
    TAXI = "taxi"  # 出租客运
    TOURIST = "tourist"  # 旅游客运
    RENTAL = "rental"  # 租赁
    DRIVING_SCHOOL = "driving_school"  # 教练
    GOODS_TRANSPORT = "goods_transport"  # 货运
    DANGEROUS_GOODS = "dangerous_goods"  # 危化品运输
    SCHOOL_BUS = "school_bus"  # 校车
    POLICE = "police"  # 警用
    FIRE = "fire"  # 消防
    AMBULANCE = "ambulance"  # 救护
    ENGINEERING_RESCUE = "engineering_rescue"  # 工程救险
    OPERATING_TO_NON_OPERATING = "operating_to_non_operating"  # 营转非
    TAXI_TO_NON_OPERATING = "taxi_to_non_operating"  # 出租转非
    OTHER_OPERATING = "other_operating"

    @property
    def is_operating(self) -> bool:
        return self not in _NON_OPERATING_USES

    @property
    def is_converted_from_operating(self) -> bool:
        return self in (UseCharacter.OPERATING_TO_NON_OPERATING, UseCharacter.TAXI_TO_NON_OPERATING)


# Public-service uses are non-operating: nobody pays for the ride. School buses count as
# operating (they are run as a transport service; their inspection has its own rule anyway).
_NON_OPERATING_USES = frozenset(
    {
        UseCharacter.NON_OPERATING,
        UseCharacter.POLICE,
        UseCharacter.FIRE,
        UseCharacter.AMBULANCE,
        UseCharacter.ENGINEERING_RESCUE,
        UseCharacter.OPERATING_TO_NON_OPERATING,
        UseCharacter.TAXI_TO_NON_OPERATING,
    }
)

# The API's coarse values; "non_operating" is also a member value.
_COARSE_USES = {"operating": UseCharacter.OTHER_OPERATING}


def is_operating(use: UseCharacter) -> bool:
    return use.is_operating


def parse_use(value: str) -> UseCharacter:
    """Read a use character from the API: a member value, or the coarse ``"operating"``."""
    if value in _COARSE_USES:
        return _COARSE_USES[value]
    try:
        return UseCharacter(value)
    except ValueError:
        raise ValueError(f"unknown use character {value!r}") from None


class VehicleCategory(StrEnum):
    """The group a GA 802 type code falls in, for inspection (§1) and scrapping (§2)."""

    LARGE_PASSENGER = "large_passenger"  # K1x
    MEDIUM_PASSENGER = "medium_passenger"  # K2x
    SMALL_PASSENGER_CAR = "small_passenger_car"  # K3x
    MICRO_PASSENGER_CAR = "micro_passenger_car"  # K4x
    HEAVY_GOODS = "heavy_goods"  # H1x, Qxx (tractor units)
    MEDIUM_GOODS = "medium_goods"  # H2x
    LIGHT_GOODS = "light_goods"  # H3x
    MICRO_GOODS = "micro_goods"  # H4x
    LOW_SPEED_GOODS = "low_speed_goods"  # H5x
    THREE_WHEELED_VEHICLE = "three_wheeled_vehicle"  # N11 三轮汽车
    SPECIAL_PURPOSE = "special_purpose"  # Zxx 专项作业车
    TROLLEYBUS = "trolleybus"  # D11
    TRAM = "tram"  # D12
    THREE_WHEELED_MOTORCYCLE = "three_wheeled_motorcycle"  # M11-M15
    MOTORCYCLE = "motorcycle"  # M21, M22
    SEMI_TRAILER = "semi_trailer"  # Bxx
    FULL_TRAILER = "full_trailer"  # Gxx
    TRACTOR = "tractor"  # Txx 拖拉机
    WHEELED_MACHINERY = "wheeled_machinery"  # J11-J13 轮式专用机械车 (§2 only)

    @property
    def is_passenger(self) -> bool:
        return self in _PASSENGER_CATEGORIES

    @property
    def is_small_or_micro_passenger(self) -> bool:
        return self in (VehicleCategory.SMALL_PASSENGER_CAR, VehicleCategory.MICRO_PASSENGER_CAR)

    @property
    def is_goods(self) -> bool:
        return self in _GOODS_CATEGORIES

    @property
    def is_motorcycle(self) -> bool:
        return self in (VehicleCategory.MOTORCYCLE, VehicleCategory.THREE_WHEELED_MOTORCYCLE)


_PASSENGER_CATEGORIES = frozenset(
    {
        VehicleCategory.LARGE_PASSENGER,
        VehicleCategory.MEDIUM_PASSENGER,
        VehicleCategory.SMALL_PASSENGER_CAR,
        VehicleCategory.MICRO_PASSENGER_CAR,
    }
)
_GOODS_CATEGORIES = frozenset(
    {
        VehicleCategory.HEAVY_GOODS,
        VehicleCategory.MEDIUM_GOODS,
        VehicleCategory.LIGHT_GOODS,
        VehicleCategory.MICRO_GOODS,
    }
)


def _codes(prefix: str, suffixes: str, category: VehicleCategory) -> dict[str, VehicleCategory]:
    return {prefix + suffix: category for suffix in suffixes}


_C = VehicleCategory
# Codes listed one by one (DOMAIN §1.4, checked against registers that use GA 802).
_EXACT_CODES: dict[str, VehicleCategory] = {
    **_codes("K1", "12345678", _C.LARGE_PASSENGER),
    **_codes("K2", "12345678", _C.MEDIUM_PASSENGER),
    **_codes("K3", "123489", _C.SMALL_PASSENGER_CAR),
    **_codes("K4", "1239", _C.MICRO_PASSENGER_CAR),
    **_codes("Q1", "12", _C.HEAVY_GOODS),
    **_codes("Q2", "12", _C.HEAVY_GOODS),
    **_codes("Q3", "12", _C.HEAVY_GOODS),
    # Z72 (轻型载货专项作业车) exists in registers although DOMAIN's range stops at Z71.
    **{f"Z{size}{load}": _C.SPECIAL_PURPOSE for size in "123457" for load in "12"},
    "D11": _C.TROLLEYBUS,
    "D12": _C.TRAM,
    **_codes("M1", "12345", _C.THREE_WHEELED_MOTORCYCLE),
    **_codes("M2", "12", _C.MOTORCYCLE),
    "N11": _C.THREE_WHEELED_VEHICLE,
    "T11": _C.TRACTOR,
    **_codes("T2", "123", _C.TRACTOR),
    **_codes("J1", "123", _C.WHEELED_MACHINERY),
}
# Families whose third character is an open list of body styles (H1A 重型车辆运输车, B1F, ...):
# any digit 1-9 or capital letter is accepted after these two characters.
_FAMILY_CODES: dict[str, VehicleCategory] = {
    "H1": _C.HEAVY_GOODS,
    "H2": _C.MEDIUM_GOODS,
    "H3": _C.LIGHT_GOODS,
    "H4": _C.MICRO_GOODS,
    "H5": _C.LOW_SPEED_GOODS,
    "B1": _C.SEMI_TRAILER,
    "B2": _C.SEMI_TRAILER,
    "B3": _C.SEMI_TRAILER,
    "G1": _C.FULL_TRAILER,
    "G2": _C.FULL_TRAILER,
    "G3": _C.FULL_TRAILER,
}
_TYPE_CODE_SHAPE = re.compile(r"[A-Z][0-9][1-9A-Z]")

DEDICATED_SCHOOL_BUS_CODES = frozenset({"K18", "K28", "K38"})
DEFAULT_VAN_CODES = ("K39", "K49")
# 机动车强制报废标准规定 art. 5: 正三轮 motorcycles have their own life; M15 侧三轮 is "other".
UPRIGHT_THREE_WHEELED_MOTORCYCLE_CODES = frozenset({"M11", "M12", "M13", "M14"})
# Special-purpose vehicles with a load function (载货专项作业车) end in 2; non-load ones in 1.
SPECIAL_PURPOSE_WITH_LOAD_CODES = frozenset({"Z12", "Z22", "Z32", "Z42", "Z52", "Z72"})
# Plain container semi-trailers (集装箱半挂车). The container-dump variants (B1F...) are left in
# "other semi-trailer": the shorter life is the safe reading until GA 802 is checked.
CONTAINER_SEMI_TRAILER_CODES = frozenset({"B15", "B25"})


def normalize_type_code(type_code: str) -> str:
    return type_code.strip().upper()


def vehicle_category(type_code: str) -> VehicleCategory:
    """The category of a GA 802 vehicle-type code; ``ValueError`` if unknown or malformed."""
    code = normalize_type_code(type_code)
    if not _TYPE_CODE_SHAPE.fullmatch(code):
        raise ValueError(
            f"malformed vehicle type code {type_code!r}: expected a letter, a digit and a digit "
            "or letter, as in GA 802 (e.g. K33)"
        )
    if code in _EXACT_CODES:
        return _EXACT_CODES[code]
    if code[:2] in _FAMILY_CODES:
        return _FAMILY_CODES[code[:2]]
    raise ValueError(f"unknown vehicle type code {type_code!r}: not in the GA 802 table")


def is_dedicated_school_bus(type_code: str) -> bool:
    return normalize_type_code(type_code) in DEDICATED_SCHOOL_BUS_CODES


def is_van(type_code: str, van_codes: tuple[str, ...] = DEFAULT_VAN_CODES) -> bool:
    return normalize_type_code(type_code) in {normalize_type_code(code) for code in van_codes}


@dataclass(frozen=True)
class VehicleProfile:
    """The register facts the inspection and scrapping rules read.

    ``use`` also accepts the API strings of ``parse_use``. ``pure_electric`` only matters for a
    provincial small-taxi service life, which does not apply to pure-electric taxis (§2).
    """

    vehicle_type: str
    use: UseCharacter
    seats: int
    registered_on: date
    manufactured_on: date | None = None
    school_bus_sign_on: date | None = None
    illegally_modified: bool = False
    injury_accident: bool = False
    use_converted: bool = False
    single_cylinder: bool = False
    pure_electric: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "vehicle_type", normalize_type_code(self.vehicle_type))
        if not isinstance(self.use, UseCharacter):
            object.__setattr__(self, "use", parse_use(self.use))
        vehicle_category(self.vehicle_type)  # raises on an unknown code
        if self.seats < 0:
            raise ValueError(f"seats must not be negative, got {self.seats}")
        if self.manufactured_on is not None and self.manufactured_on > self.registered_on:
            raise ValueError("a vehicle cannot be registered before it was manufactured")
        if self.school_bus_sign_on is not None and self.school_bus_sign_on < self.registered_on:
            raise ValueError("a school-bus sign cannot predate the vehicle's registration")

    @property
    def category(self) -> VehicleCategory:
        return vehicle_category(self.vehicle_type)

    @property
    def is_dedicated_school_bus(self) -> bool:
        return is_dedicated_school_bus(self.vehicle_type)

    @property
    def is_school_bus(self) -> bool:
        return self.is_dedicated_school_bus or self.use is UseCharacter.SCHOOL_BUS

    @property
    def has_converted_use(self) -> bool:
        """营转非 / 出租转非 codes are themselves evidence of a conversion."""
        return self.use_converted or self.use.is_converted_from_operating

    def registered_late(self, years: int) -> bool:
        """Registered more than ``years`` after manufacture (unknown manufacture: no)."""
        if self.manufactured_on is None:
            return False
        return self.registered_on > add_years(self.manufactured_on, years)
