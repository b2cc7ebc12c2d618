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
state at least once (see ``Mix`` and ``REQUIRED_LICENSE_STATES`` / ``REQUIRED_VEHICLE_STATES``).
"""

from __future__ import annotations

import hashlib
import random
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from stdnum.cn import uscc

from jiaoguan.core import clock
from jiaoguan.core.ids import id_check_character, vin_check_digit
from jiaoguan.demo import names
from jiaoguan.drivers.rules import Validity, cycle_bounds, cycle_index
from jiaoguan.vehicles.rules import (
    UseCharacter,
    VehicleProfile,
    inspection_schedule,
    missed_cycles,
    scrap_due,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
EARLIEST_BIRTH_YEAR = 1940
LATEST_BIRTH_YEAR = 2007
EARLIEST_REGISTRATION = date(2005, 1, 1)
#: Sequence codes from this value up are reserved for hand-made people (``accounts``).
RESERVED_SEQUENCE_FROM = 900

# ---------------------------------------------------------------------------------------------
# Provinces and regions


@dataclass(frozen=True)
class Province:
    abbreviation: str  # 苏
    code: str  # 32
    name: str  # 江苏省
    capital: str  # 南京市
    capital_prefecture: str  # 3201

    @property
    def is_municipality(self) -> bool:
        return self.name == self.capital

    @property
    def vehicle_office(self) -> str:
        """The capital's vehicle office, as printed as the license's issuing authority."""
        if self.is_municipality:
            return f"{self.capital}公安局公安交通管理局车辆管理所"
        return f"{self.name}{self.capital}公安局交通警察支队车辆管理所"


def _p(abbreviation: str, code: str, name: str, capital: str, prefecture: str) -> Province:
    return Province(abbreviation, code, name, capital, prefecture)


#: The 31 plate abbreviations with their GB/T 2260 province code and capital.
PROVINCES: dict[str, Province] = {
    p.abbreviation: p
    for p in (
        _p("京", "11", "北京市", "北京市", "1101"),
        _p("津", "12", "天津市", "天津市", "1201"),
        _p("沪", "31", "上海市", "上海市", "3101"),
        _p("渝", "50", "重庆市", "重庆市", "5001"),
        _p("冀", "13", "河北省", "石家庄市", "1301"),
        _p("豫", "41", "河南省", "郑州市", "4101"),
        _p("云", "53", "云南省", "昆明市", "5301"),
        _p("辽", "21", "辽宁省", "沈阳市", "2101"),
        _p("黑", "23", "黑龙江省", "哈尔滨市", "2301"),
        _p("湘", "43", "湖南省", "长沙市", "4301"),
        _p("皖", "34", "安徽省", "合肥市", "3401"),
        _p("鲁", "37", "山东省", "济南市", "3701"),
        _p("新", "65", "新疆维吾尔自治区", "乌鲁木齐市", "6501"),
        _p("苏", "32", "江苏省", "南京市", "3201"),
        _p("浙", "33", "浙江省", "杭州市", "3301"),
        _p("赣", "36", "江西省", "南昌市", "3601"),
        _p("鄂", "42", "湖北省", "武汉市", "4201"),
        _p("桂", "45", "广西壮族自治区", "南宁市", "4501"),
        _p("甘", "62", "甘肃省", "兰州市", "6201"),
        _p("晋", "14", "山西省", "太原市", "1401"),
        _p("蒙", "15", "内蒙古自治区", "呼和浩特市", "1501"),
        _p("陕", "61", "陕西省", "西安市", "6101"),
        _p("吉", "22", "吉林省", "长春市", "2201"),
        _p("闽", "35", "福建省", "福州市", "3501"),
        _p("贵", "52", "贵州省", "贵阳市", "5201"),
        _p("粤", "44", "广东省", "广州市", "4401"),
        _p("青", "63", "青海省", "西宁市", "6301"),
        _p("藏", "54", "西藏自治区", "拉萨市", "5401"),
        _p("川", "51", "四川省", "成都市", "5101"),
        _p("宁", "64", "宁夏回族自治区", "银川市", "6401"),
        _p("琼", "46", "海南省", "海口市", "4601"),
    )
}


class Region(NamedTuple):
    code: str  # 6 digits
    city: str  # 南京市
    district: str  # 玄武区


_LOC_LINE = re.compile(r'^(?:(\d{2}) province|  (\d{4}) county)="([^"]*)"')
_RANGE = re.compile(r"^\[(\d*)-(\d*)\]")


def _current_name(raw: str) -> str | None:
    """The name in force today, from stdnum's "[1983-2013]白下区,[2014-]..." notation."""
    last = raw.split(",")[-1]
    match = _RANGE.match(last)
    if match is None:
        return last
    return None if match.group(2) else last[match.end() :]


@cache
def province_regions(abbreviation: str) -> tuple[tuple[Region, ...], tuple[Region, ...]]:
    """(capital districts, other counties) of a province, current codes only (GB/T 2260).

    Read from python-stdnum's region table; a province missing from it gets ten synthetic
    districts ``PPCC02``-``PPCC11`` so generation never fails.
    """
    province = PROVINCES[abbreviation]
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    in_province = False
    prefectures: dict[str, str] = {}
    counties: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _LOC_LINE.match(line)
        if match is None:
            continue
        if match.group(1) is not None:
            in_province = match.group(1) == province.code
            continue
        if not in_province:
            continue
        name = _current_name(match.group(3))
        code = province.code + match.group(2)
        if name is None or code.endswith("0000"):
            continue
        if code.endswith("00"):
            prefectures[code[:4]] = name
        elif name not in ("市辖区", "县", "省直辖县级行政区划"):
            counties.append((code, name))
    capital: list[Region] = []
    others: list[Region] = []
    for code, name in counties:
        if code[:4] == province.capital_prefecture:
            capital.append(Region(code, province.capital, name))
        elif code[:4] in prefectures and not province.is_municipality:
            others.append(Region(code, prefectures[code[:4]], name))
    if not capital:
        capital = [
            Region(f"{province.capital_prefecture}{n:02d}", province.capital, f"第{n - 1}区")
            for n in range(2, 12)
        ]
    return tuple(capital), tuple(others)


# ---------------------------------------------------------------------------------------------
# Keyed permutations: unique numbers without remembering them


def _key_ints(label: str, count: int) -> list[int]:
    digest = hashlib.blake2b(label.encode(), digest_size=8 * count).digest()
    return [int.from_bytes(digest[8 * i : 8 * i + 8], "big") for i in range(count)]


class Permutation:
    """A keyed bijection of ``range(size)``: a 4-round Feistel network with cycle walking."""

    def __init__(self, size: int, label: str) -> None:
        if size < 2:
            raise ValueError("a permutation needs at least 2 values")
        bits = (size - 1).bit_length()
        bits += bits % 2
        self.size = size
        self.half = bits // 2
        self.mask = (1 << self.half) - 1
        self.keys = _key_ints(label, 4)

    def __call__(self, value: int) -> int:
        if not 0 <= value < self.size:
            raise OverflowError(f"{value} is outside the permutation's range {self.size}")
        half, mask, keys = self.half, self.mask, self.keys
        while True:
            left, right = value >> half, value & mask
            for key in keys:
                mixed = ((right ^ key) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
                left, right = right, left ^ ((mixed >> 29) & mask)
            value = (left << half) | right
            if value < self.size:
                return value


# ---------------------------------------------------------------------------------------------
# Rows (field names are the models' attribute names)


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


# ---------------------------------------------------------------------------------------------
# Parameters


@dataclass(frozen=True)
class Mix:
    """Shares that shape the jurisdiction; every interesting state has its own knob.

    Rates of a state are *forced* shares on top of what happens naturally (e.g. a 2-yearly car
    is in its inspection window about one time in eight anyway). Besides the rates, every block
    of ``block_size`` people is checked and, where a state is missing, it is forced onto one
    eligible person or vehicle, so any 1,000-person set shows every state.
    """

    #: Share of adults holding a license (the age curve is scaled to reach it, roughly).
    license_rate: float = 0.70
    #: Share of people owning at least one vehicle, and of owners with a second one.
    vehicle_owner_rate: float = 0.40
    second_vehicle_rate: float = 0.15
    #: Organizations per person (each with a fleet of operating vehicles).
    organization_rate: float = 0.004
    #: Share of small passenger cars with a new-energy plate (52) among recent registrations.
    nev_rate: float = 0.20
    # License states (share of licensed people).
    renewal_window_rate: float = 0.02  # in the 90 days before expiry
    license_expired_rate: float = 0.02  # expired less than a year ago
    license_overdue_rate: float = 0.01  # more than a year past expiry (cancellable)
    probation_rate: float = 0.03  # first issued less than 12 months ago
    c5_rate: float = 0.002  # C5 (disabled-adapted automatic car)
    points_some_rate: float = 0.10  # 1-8 points in the current cycle
    points_nine_rate: float = 0.01  # exactly 9 points (the reminder threshold)
    points_full_rate: float = 0.004  # 12 points (full score)
    senior_medical_missing_rate: float = 0.10  # 70+ drivers whose last certificate is missing
    # Vehicle states (share of vehicles).
    inspection_window_rate: float = 0.03  # application window open
    inspection_overdue_rate: float = 0.04  # validity expired, fewer than 3 cycles missed
    inspection_three_missed_rate: float = 0.004  # 3 cycles missed: must be scrapped
    scrap_within_year_rate: float = 0.05  # of vehicles with a service life: ends within a year
    #: Size of the block in which every state is guaranteed.
    block_size: int = 1000


DEFAULT_MIX = Mix()

#: License states guaranteed in every block (see ``license_state_flags``).
REQUIRED_LICENSE_STATES = (
    "renewal_window",
    "expired",
    "overdue",
    "probation",
    "senior",
    "points_9",
    "points_12",
    "c5",
)
#: Vehicle states guaranteed in every block.
REQUIRED_VEHICLE_STATES = ("window", "overdue", "three_missed", "scrap_within_year")


# ---------------------------------------------------------------------------------------------
# Vehicle kinds


class Brand(NamedTuple):
    wmi: str
    label: str
    model_prefix: str


_CAR_BRANDS = (
    Brand("LSV", "大众牌", "SVW71"),
    Brand("LFV", "大众牌", "FV71"),
    Brand("LVG", "丰田牌", "GTM72"),
    Brand("LHG", "本田牌", "GHA71"),
    Brand("LGB", "日产牌", "DFL71"),
    Brand("LSG", "别克牌", "SGM71"),
    Brand("LVS", "福特牌", "CAF71"),
    Brand("LBV", "宝马牌", "BMW72"),
    Brand("LB3", "吉利牌", "MR715"),
    Brand("LDC", "东风雪铁龙牌", "DC716"),
)
_SUV_BRANDS = (
    Brand("LGW", "哈弗牌", "CC646"),
    Brand("LS5", "长安牌", "SC646"),
    Brand("LSV", "大众牌", "SVW65"),
    Brand("LVG", "丰田牌", "GTM64"),
    Brand("LHG", "本田牌", "GHA64"),
)
_NEV_BRANDS = {
    "D": (
        Brand("LGX", "比亚迪牌", "BYD7005BEV"),
        Brand("LRW", "特斯拉牌", "TSL7000BEV"),
        Brand("LZW", "五菱牌", "GXA7001BEV"),
    ),
    "F": (Brand("LGX", "比亚迪牌", "BYD7152ST6HEV"), Brand("LW4", "理想牌", "LXA6500SHEV")),
}
_VAN_BRANDS = (Brand("LZW", "五菱牌", "LZW64"), Brand("LSY", "金杯牌", "SY64"))
_BUS_BRANDS = (Brand("LZY", "宇通牌", "ZK61"), Brand("LKL", "海格牌", "KLQ61"))
_BUS_NEV_BRANDS = (Brand("LZY", "宇通牌", "ZK6105BEVG"), Brand("LGX", "比亚迪牌", "BYD6100LGEV"))
_SCHOOL_BUS_BRANDS = (Brand("LZY", "宇通牌", "ZK6609DX"), Brand("LKL", "海格牌", "KLQ6696XQ"))
_HEAVY_TRUCK_BRANDS = (
    Brand("LFW", "解放牌", "CA1250P6"),
    Brand("LZZ", "豪沃牌", "ZZ1257N"),
    Brand("LGA", "东风牌", "DFH1250A"),
)
_TRACTOR_BRANDS = (Brand("LFW", "解放牌", "CA4250P6"), Brand("LZZ", "豪沃牌", "ZZ4257N"))
_TANK_BRANDS = (Brand("LZZ", "豪沃牌", "ZZ5257GYY"), Brand("LFW", "解放牌", "CA5250GYY"))
_LIGHT_TRUCK_BRANDS = (Brand("LVB", "福田牌", "BJ1045V9"), Brand("LFN", "解放牌", "CA1040K2"))
_MICRO_TRUCK_BRANDS = (Brand("LZW", "五菱牌", "LZW1029"),)
_MOTORCYCLE_BRANDS = (Brand("LAL", "五羊-本田牌", "WH125-"), Brand("LCE", "春风牌", "CF250-"))
_MOPED_BRANDS = (Brand("LAL", "新大洲本田牌", "SDH48Q-"),)


@dataclass(frozen=True)
class Kind:
    """A kind of vehicle: GA 802 type, use, seats, plate and brands."""

    name: str
    vehicle_type: str
    use: UseCharacter
    seats: tuple[int, ...]
    plate_type: str  # "01", "02", "07", "08", "16"; NEV kinds switch to 51/52
    brands: tuple[Brand, ...]
    nev_capable: bool = False  # may get a small NEV plate (52)
    large_nev_share: float = 0.0  # share with a large NEV plate (51)
    use_converted: bool = False
    school_bus_sign: bool = False  # a non-dedicated school bus (needs a sign date)


_U = UseCharacter
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("car", "K33", _U.NON_OPERATING, (5,), "02", _CAR_BRANDS, nev_capable=True),
        Kind("suv", "K31", _U.NON_OPERATING, (5, 5, 5, 7), "02", _SUV_BRANDS, nev_capable=True),
        Kind("offroad", "K32", _U.NON_OPERATING, (5, 7), "02", _SUV_BRANDS),
        Kind("van", "K39", _U.NON_OPERATING, (7, 8), "02", _VAN_BRANDS),
        Kind("motorcycle", "M21", _U.NON_OPERATING, (2,), "07", _MOTORCYCLE_BRANDS),
        Kind("moped", "M22", _U.NON_OPERATING, (2,), "08", _MOPED_BRANDS),
        Kind("light_truck", "H31", _U.GOODS_TRANSPORT, (2, 3), "02", _LIGHT_TRUCK_BRANDS),
        Kind("micro_truck", "H41", _U.GOODS_TRANSPORT, (2,), "02", _MICRO_TRUCK_BRANDS),
        Kind("taxi", "K33", _U.TAXI, (5,), "02", _CAR_BRANDS, nev_capable=True),
        Kind(
            "ex_operating",
            "K33",
            _U.OPERATING_TO_NON_OPERATING,
            (5,),
            "02",
            _CAR_BRANDS,
            use_converted=True,
        ),
        Kind(
            "ex_taxi",
            "K33",
            _U.TAXI_TO_NON_OPERATING,
            (5,),
            "02",
            _CAR_BRANDS,
            use_converted=True,
        ),
        Kind("rental", "K33", _U.RENTAL, (5,), "02", _CAR_BRANDS, nev_capable=True),
        Kind("rental_suv", "K31", _U.RENTAL, (5, 7), "02", _SUV_BRANDS, nev_capable=True),
        Kind("company_car", "K33", _U.NON_OPERATING, (5,), "02", _CAR_BRANDS, nev_capable=True),
        Kind("coach", "K11", _U.HIGHWAY_PASSENGER, tuple(range(35, 56)), "01", _BUS_BRANDS),
        Kind("tour_bus", "K11", _U.TOURIST, tuple(range(33, 52)), "01", _BUS_BRANDS),
        Kind("minibus", "K21", _U.HIGHWAY_PASSENGER, tuple(range(10, 20)), "01", _BUS_BRANDS),
        Kind(
            "city_bus",
            "K11",
            _U.TRANSIT_BUS,
            tuple(range(28, 42)),
            "01",
            _BUS_BRANDS,
            large_nev_share=0.6,
        ),
        Kind("school_bus", "K18", _U.SCHOOL_BUS, tuple(range(36, 57)), "01", _SCHOOL_BUS_BRANDS),
        Kind("school_minibus", "K28", _U.SCHOOL_BUS, (19,), "01", _SCHOOL_BUS_BRANDS),
        Kind(
            "school_coach",
            "K11",
            _U.SCHOOL_BUS,
            tuple(range(35, 50)),
            "01",
            _BUS_BRANDS,
            school_bus_sign=True,
        ),
        Kind("heavy_truck", "H11", _U.GOODS_TRANSPORT, (2, 3), "01", _HEAVY_TRUCK_BRANDS),
        Kind("box_truck", "H12", _U.GOODS_TRANSPORT, (2, 3), "01", _HEAVY_TRUCK_BRANDS),
        Kind("dump_truck", "H17", _U.GOODS_TRANSPORT, (2,), "01", _HEAVY_TRUCK_BRANDS),
        Kind("tractor_unit", "Q11", _U.GOODS_TRANSPORT, (2,), "01", _TRACTOR_BRANDS),
        Kind("tanker", "H14", _U.DANGEROUS_GOODS, (2,), "01", _TANK_BRANDS),
        Kind("coach_car", "K33", _U.DRIVING_SCHOOL, (5,), "16", _CAR_BRANDS),
    )
}

#: Kinds owned by people, with weights.
_PERSON_KINDS = (
    ("car", 0.52), ("suv", 0.22), ("offroad", 0.03), ("van", 0.03), ("motorcycle", 0.07),
    ("moped", 0.02), ("light_truck", 0.03), ("micro_truck", 0.01), ("taxi", 0.015),
    ("ex_operating", 0.005), ("ex_taxi", 0.005),
)  # fmt: skip


@dataclass(frozen=True)
class OrgKind:
    name: str
    kind: str  # identity.Organization.Kind value
    suffix: str
    fleet: tuple[tuple[str, int, int], ...]  # (vehicle kind, min, max)


ORG_KINDS: dict[str, OrgKind] = {
    o.name: o
    for o in (
        OrgKind("taxi", "transport_company", "出租汽车有限公司", (("taxi", 4, 12),)),
        OrgKind(
            "coach",
            "transport_company",
            "客运有限公司",
            (("coach", 1, 4), ("tour_bus", 0, 2), ("minibus", 0, 2)),
        ),
        OrgKind("transit", "transport_company", "公共交通有限公司", (("city_bus", 2, 6),)),
        OrgKind(
            "logistics",
            "transport_company",
            "物流有限公司",
            (
                ("heavy_truck", 1, 3),
                ("box_truck", 0, 2),
                ("dump_truck", 0, 2),
                ("tractor_unit", 0, 2),
                ("light_truck", 0, 3),
            ),
        ),
        OrgKind("hazmat", "dangerous_goods_carrier", "危险货物运输有限公司", (("tanker", 1, 4),)),
        OrgKind(
            "school_bus",
            "school_bus_operator",
            "校车服务有限公司",
            (("school_bus", 1, 3), ("school_minibus", 0, 1), ("school_coach", 0, 1)),
        ),
        OrgKind(
            "driving_school", "driving_school", "机动车驾驶员培训有限公司", (("coach_car", 2, 8),)
        ),
        OrgKind("rental", "other", "汽车租赁有限公司", (("rental", 2, 6), ("rental_suv", 0, 3))),
        OrgKind("company", "other", "科技有限公司", (("company_car", 1, 3),)),
    )
}
_ORG_WORDS = (
    "安达", "顺通", "恒通", "金陵", "长江", "华运", "宏远", "鑫源", "万通", "东方", "祥和", "中联",
    "腾飞", "新世纪", "同创", "瑞丰",
)  # fmt: skip

_OFFENSES = (
    (6, "驾驶机动车违反道路交通信号灯通行"),
    (6, "驾驶机动车在高速公路应急车道内行驶"),
    (3, "驾驶机动车行经人行横道，不按规定减速、停车、避让行人"),
    (3, "驾驶机动车时拨打、接听手持电话"),
    (3, "驾驶机动车在普通道路上超过规定时速20%以上未达到50%"),
    (3, "驾驶机动车不按规定超车、让行"),
    (1, "驾驶机动车违反禁令标志指示"),
    (1, "驾驶机动车违反禁止标线指示"),
    (1, "驾驶机动车不按规定使用灯光"),
    (1, "驾驶人未按规定使用安全带"),
)
_OFFENSES_BY_POINTS = {p: tuple(d for q, d in _OFFENSES if q == p) for p in (1, 3, 6)}
# Point combinations for a cycle total.
_POINT_SETS = {
    1: (1,), 2: (1, 1), 3: (3,), 4: (3, 1), 5: (3, 1, 1), 6: (6,), 7: (6, 1), 8: (6, 1, 1),
    9: (6, 3), 12: (6, 6),
}  # fmt: skip

_VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 = A, 30-year cycle
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_DIGITS = "0123456789"


# ---------------------------------------------------------------------------------------------
# Number spaces


def _ordinary_patterns(length: int, max_letters: int) -> list[tuple[tuple[bool, ...], int]]:
    """Serial shapes (True = letter position) with their sizes, fewest letters first."""
    from itertools import combinations

    shapes = []
    for letters in range(max_letters + 1):
        for positions in combinations(range(length), letters):
            shape = tuple(i in positions for i in range(length))
            shapes.append((shape, len(_PLATE_LETTERS) ** letters * 10 ** (length - letters)))
    return shapes


class SerialSpace:
    """Serials of ``length`` characters with at most ``max_letters`` letters (not I or O)."""

    def __init__(self, length: int, max_letters: int) -> None:
        self.shapes = _ordinary_patterns(length, max_letters)
        self.starts = [0, *accumulate(size for _, size in self.shapes)]
        self.size = self.starts[-1]

    def serial(self, index: int) -> str:
        shape_index = bisect_right(self.starts, index) - 1
        shape, _ = self.shapes[shape_index]
        rest = index - self.starts[shape_index]
        chars = []
        for is_letter in reversed(shape):
            alphabet = _PLATE_LETTERS if is_letter else _DIGITS
            rest, digit = divmod(rest, len(alphabet))
            chars.append(alphabet[digit])
        return "".join(reversed(chars))


_ORDINARY = SerialSpace(5, 2)  # 7,060,000 numbers per authority letter
_COACH = SerialSpace(4, 2)  # 451,600 (+ 学)
_NEV_SECOND = _DIGITS + _PLATE_LETTERS  # 34 choices for the 2nd small-NEV character
_SPACE_SIZES = {
    "ordinary": _ORDINARY.size,
    "nev_small_D": 34 * 10_000,
    "nev_small_F": 34 * 10_000,
    "nev_large_D": 100_000,
    "nev_large_F": 100_000,
    "coach": _COACH.size,
}
_AUTHORITY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # A first: the capital; overflow moves on


# ---------------------------------------------------------------------------------------------
# The generator


def _years(day: date, years: int) -> date:
    """``day`` moved by whole years, Feb 29 falling back to Feb 28: ``relativedelta`` semantics
    (the rules' convention), without its cost."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def _age(birth: date, on: date) -> int:
    """Completed years, as ``drivers.rules.age_on`` (a Feb 29 birthday counts on Feb 28)."""
    years = on.year - birth.year
    return years - 1 if _years(birth, years) > on else years


def _year_weight(year: int) -> float:
    """A rough Chinese age pyramid: famine dip, 1962-75 boom, 1980s echo, falling after 1990."""
    if year < 1950:
        return 0.45
    if year < 1959:
        return 0.8
    if year < 1962:
        return 0.55
    if year < 1976:
        return 1.0
    if year < 1981:
        return 0.8
    if year < 1992:
        return 0.95
    if year < 2000:
        return 0.75
    return 0.6


@dataclass
class _PersonPlan:
    row: PersonRow
    age: int
    license_state: str | None = None  # normal, renewal_window, expired, overdue, probation, c5
    points_state: str | None = None  # points_some, points_9, points_12
    licensed: bool = False


@dataclass
class _VehiclePlan:
    kind: Kind
    owner_person_id: int | None
    owner_organization_id: int | None
    state: str = "normal"  # normal, window, overdue, three_missed, scrap_within_year
    earliest: date = EARLIEST_REGISTRATION


class Generator:
    """Generates a jurisdiction of ``province`` as of ``as_of``; see the module docstring."""

    def __init__(
        self,
        *,
        seed: int = 2026,
        province: str = "苏",
        as_of: date | None = None,
        mix: Mix = DEFAULT_MIX,
    ) -> None:
        if province not in PROVINCES:
            raise ValueError(f"unknown province abbreviation {province!r}")
        self.seed = seed
        self.province = PROVINCES[province]
        self.as_of = as_of or clock.today()
        if self.as_of < date(LATEST_BIRTH_YEAR + 1, 1, 1):
            raise ValueError(f"as_of must be in {LATEST_BIRTH_YEAR + 1} or later")
        self.mix = mix
        capital, others = province_regions(province)
        self.capital_regions = capital
        self.regions = capital + others
        self._build_id_slots(capital, others)
        code = self.province.code
        self._vin_perm = Permutation(len(_VIN_ALPHABET) * 10**6, "vin")
        self._archive_perm = Permutation(10**8, f"archive:{code}")
        self._org_perm = Permutation(10**8, f"org:{code}")
        self._plate_perms = {
            space: Permutation(size, f"plate:{code}:{space}")
            for space, size in _SPACE_SIZES.items()
        }
        self._surnames = [s for s, _ in names.SURNAMES]
        self._surname_cum = list(accumulate(w for _, w in names.SURNAMES))
        self._person_kinds = [KINDS[k] for k, _ in _PERSON_KINDS]
        self._person_kind_cum = list(accumulate(w for _, w in _PERSON_KINDS))
        self._schedule_cache: dict[tuple, tuple[date, ...]] = {}
        self._service_lives: dict[str, int | None] = {}
        self._org_kinds: dict[int, OrgKind] = {}
        self.prefecture = self.province.capital_prefecture
        self.issuing_authority = self.province.vehicle_office

    # -- identity numbers ----------------------------------------------------------------------

    def _build_id_slots(self, capital: tuple[Region, ...], others: tuple[Region, ...]) -> None:
        # Capital districts hold 70% of the people, the rest of the province 30%.
        weights = [0.7 / len(capital)] * len(capital)
        if others:
            weights += [0.3 / len(others)] * len(others)
        top = max(weights) * max(_year_weight(y) for y in range(1940, 2008))
        blocks: list[tuple[Region, int, int]] = []  # (region, year, capacity per day)
        sizes = []
        for region, weight in zip(self.regions, weights, strict=True):
            for year in range(EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR + 1):
                capacity = max(
                    1, round((RESERVED_SEQUENCE_FROM - 1) * weight * _year_weight(year) / top)
                )
                days = 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
                blocks.append((region, year, capacity))
                sizes.append(days * capacity)
        self._id_blocks = blocks
        self._id_starts = [0, *accumulate(sizes)]
        self._id_perm = Permutation(self._id_starts[-1], f"person:{self.province.code}")

    def identity(self, person_id: int) -> tuple[str, Region, date, str]:
        """(identity number, region, birth date, gender) of the person with this primary key."""
        slot = self._id_perm(person_id - 1)
        block = bisect_right(self._id_starts, slot) - 1
        region, year, capacity = self._id_blocks[block]
        day, sequence = divmod(slot - self._id_starts[block], capacity)
        birth = date(year, 1, 1) + timedelta(days=day)
        sequence += 1
        gender = "male" if sequence % 2 else "female"
        return identity_number(region.code, birth, sequence), region, birth, gender

    def archive_number(self, license_id: int) -> str:
        """12-digit license archive number: the capital's prefecture code + 8 permuted digits."""
        return f"{self.prefecture}{self._archive_perm(license_id - 1):08d}"

    def credit_code(self, organization_id: int, region_code: str) -> str:
        """统一社会信用代码 of an enterprise (91...), unique per organization primary key."""
        body = f"{self._org_perm(organization_id - 1):08d}"
        credit = "91" + region_code + body + _organization_code_check(body)
        return credit + uscc.calc_check_digit(credit)

    def vehicle(
        self,
        rng: random.Random,
        kind: str,
        counters: Counters,
        *,
        owner_person_id: int | None = None,
        owner_organization_id: int | None = None,
        state: str = "normal",
        earliest: date = EARLIEST_REGISTRATION,
        nev: bool | None = None,
    ) -> VehicleRow:
        """One vehicle of ``kind`` (a ``KINDS`` key) in ``state`` (see ``_VehiclePlan``).

        ``nev`` forces (True) or forbids (False) a new-energy plate where the kind allows one.
        """
        plan = _VehiclePlan(KINDS[kind], owner_person_id, owner_organization_id, state, earliest)
        return self._vehicle(rng, plan, counters, nev=nev)

    # -- public API ----------------------------------------------------------------------------

    def batches(
        self, persons: int, *, start: Counters | None = None, chunk_size: int = 20_000
    ) -> Iterator[tuple[Batch, Counters]]:
        """Rows for ``persons`` people, in chunks; yields (batch, counters after the batch).

        A chunk holds whole blocks of ``mix.block_size`` people (``chunk_size`` is rounded up),
        so the rows do not depend on the chunk size.
        """
        counters = (start or Counters()).copy()
        block_size = self.mix.block_size
        blocks_per_chunk = max(1, -(-chunk_size // block_size))
        done = 0
        while done < persons:
            batch = Batch()
            for _ in range(blocks_per_chunk):
                if done >= persons:
                    break
                size = min(block_size, persons - done)
                self._block(size, counters, batch)
                done += size
            yield batch, counters.copy()

    def generate(self, persons: int, *, start: Counters | None = None) -> Batch:
        """All rows for ``persons`` people in one batch (tests, small demos)."""
        result = Batch()
        for batch, _ in self.batches(persons, start=start, chunk_size=persons or 1):
            result.extend(batch)
        return result

    # -- one block -----------------------------------------------------------------------------

    def _block(self, size: int, counters: Counters, batch: Batch) -> None:
        first_id = counters.next_id["persons"]
        rng = random.Random(f"jiaoguan-demo:{self.seed}:{self.province.code}:{first_id}")
        plans = [self._person(rng, counters.take("persons")) for _ in range(size)]
        batch.persons.extend(p.row for p in plans)
        self._assign_license_states(rng, plans)
        orgs = self._organizations(rng, size, counters)
        batch.organizations.extend(orgs)
        vehicle_plans = self._vehicle_plans(rng, plans, orgs)
        self._assign_vehicle_states(rng, vehicle_plans)
        for plan in plans:
            if plan.licensed:
                self._license(rng, plan, counters, batch)
        for vplan in vehicle_plans:
            batch.vehicles.append(self._vehicle(rng, vplan, counters))

    def _person(self, rng: random.Random, person_id: int) -> _PersonPlan:
        number, region, birth, gender = self.identity(person_id)
        name = self._name(rng, gender, birth.year)
        address = self._address(rng, region)
        row = PersonRow(person_id, number, name, gender, birth, region.code, address)
        return _PersonPlan(row, _age(birth, self.as_of))

    def _name(self, rng: random.Random, gender: str, year: int) -> str:
        surname = self._surnames[
            bisect_right(self._surname_cum, rng.random() * self._surname_cum[-1])
        ]
        male = gender == "male"
        if year < 1965 and rng.random() < 0.15:
            return surname + rng.choice(
                names.OLDER_MALE_NAMES if male else names.OLDER_FEMALE_NAMES
            )
        pool = names.MALE_CHARACTERS if male else names.FEMALE_CHARACTERS
        if year >= 2000 and rng.random() < 0.4:
            pool = names.MODERN_CHARACTERS
        given = rng.choice(pool)
        if rng.random() < 0.75:
            given += rng.choice(pool)
        return surname + given

    def _address(self, rng: random.Random, region: Region) -> str:
        prefix = (
            self.province.name
            if self.province.is_municipality
            else self.province.name + region.city
        )
        return (
            f"{prefix}{region.district}{rng.choice(names.STREET_NAMES)}{rng.randint(1, 399)}号"
            f"{rng.choice(names.COMPOUND_NAMES)}{rng.randint(1, 30)}栋{rng.randint(1, 3)}单元"
            f"{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
        )

    # -- license states ------------------------------------------------------------------------

    def _license_probability(self, age: int, gender: str) -> float:
        if age < 18:
            return 0.0
        base = (
            0.25 if age < 20 else 0.6 if age < 25 else 0.88 if age < 60 else 0.72 if age < 65
            else 0.58 if age < 70 else 0.42 if age < 75 else 0.25 if age < 80 else 0.1
        )  # fmt: skip
        factor = 1.05 if gender == "male" else 0.92
        return min(1.0, base * factor * self.mix.license_rate / 0.70)

    def _assign_license_states(self, rng: random.Random, plans: list[_PersonPlan]) -> None:
        mix = self.mix
        cumulative = list(
            accumulate(
                (
                    mix.renewal_window_rate,
                    mix.license_expired_rate,
                    mix.license_overdue_rate,
                    mix.probation_rate,
                    mix.c5_rate,
                )
            )
        )
        states = ("renewal_window", "expired", "overdue", "probation", "c5")
        for plan in plans:
            plan.licensed = rng.random() < self._license_probability(plan.age, plan.row.gender)
            if not plan.licensed:
                continue
            u = rng.random()
            index = bisect_right(cumulative, u)
            state = states[index] if index < len(states) else "normal"
            plan.license_state = state if self._license_eligible(plan, state) else "normal"
            u = rng.random()
            if u < mix.points_full_rate:
                plan.points_state = "points_12"
            elif u < mix.points_full_rate + mix.points_nine_rate:
                plan.points_state = "points_9"
            elif u < mix.points_full_rate + mix.points_nine_rate + mix.points_some_rate:
                plan.points_state = "points_some"
            if not self._points_eligible(plan, plan.points_state):
                plan.points_state = None
        # Guarantee each state at least once per block.
        for state in ("renewal_window", "expired", "overdue", "probation", "c5"):
            if not any(p.license_state == state for p in plans):
                self._force(rng, plans, lambda p, s=state: self._license_eligible(p, s),
                            lambda p, s=state: setattr(p, "license_state", s))  # fmt: skip
        for state in ("points_9", "points_12"):
            if not any(p.points_state == state for p in plans):
                self._force(
                    rng, plans,
                    lambda p, s=state: (
                        p.points_state is None
                        and p.license_state == "normal"
                        and self._points_eligible(p, s)
                    ),
                    lambda p, s=state: setattr(p, "points_state", s),
                )  # fmt: skip
        if not any(p.licensed and p.age >= 70 for p in plans):

            def make_senior(p: _PersonPlan) -> None:
                p.licensed, p.license_state = True, "normal"

            self._force(rng, plans, lambda p: p.age >= 70 and not p.licensed, make_senior)

    @staticmethod
    def _force(rng, items, eligible, apply) -> None:
        candidates = [item for item in items if eligible(item)]
        if candidates:
            apply(rng.choice(candidates))

    @staticmethod
    def _license_eligible(plan: _PersonPlan, state: str) -> bool:
        if state == "normal":
            return plan.licensed and plan.age >= 18
        if not plan.licensed or plan.license_state not in (None, "normal") or plan.points_state:
            return False
        minimum = {"renewal_window": 25, "expired": 26, "overdue": 27, "probation": 18, "c5": 19}
        return minimum[state] <= plan.age < 75

    @staticmethod
    def _points_eligible(plan: _PersonPlan, state: str | None) -> bool:
        if state is None:
            return True
        if plan.license_state in ("expired", "overdue", "c5"):
            return False
        # 12 points in probation would cancel the class (162号 art. 80): keep them apart. People
        # under 20 are always in probation (first issued in the last year).
        return state != "points_12" or (plan.license_state != "probation" and plan.age >= 20)

    # -- licenses ------------------------------------------------------------------------------

    def _license(
        self, rng: random.Random, plan: _PersonPlan, counters: Counters, batch: Batch
    ) -> None:
        person, as_of = plan.row, self.as_of
        birth = person.birth_date
        adult = _years(birth, 18)
        state = plan.license_state or "normal"
        classes = self._license_classes(rng, plan, state)
        # First issue date, and the validity chain: 6 years, then 10, then long-term; a renewal
        # starts on the old expiry date.
        if state in ("renewal_window", "expired", "overdue"):
            first, renewals = self._first_issue_for_expiry(rng, plan, state)
        else:
            renewals = None
            if state == "probation" or as_of - adult < timedelta(days=400):
                lo = max(adult, as_of - timedelta(days=360))
                first = lo + timedelta(days=rng.randint(0, max(0, (as_of - lo).days - 3)))
            else:
                age_at_first = 18 + min(int(rng.expovariate(1 / 7)), 45)
                first = _years(birth, age_at_first) + timedelta(days=rng.randint(0, 364))
                first = max(first, date(1985, 1, 1) + timedelta(days=rng.randint(0, 3000)))
                latest = as_of - timedelta(days=400)
                if first > latest:
                    lo = max(adult, _years(as_of, -8))
                    first = lo + timedelta(days=rng.randint(0, max(0, (latest - lo).days)))
            first = max(first, adult)
        # Same dates as drivers.rules.valid_until (a test checks it), computed cheaply.
        end6 = _years(first, 6)
        end16 = _years(end6, 10)
        if renewals is None:  # renewed in time whenever due
            renewals = 0 if as_of <= end6 else 1 if as_of <= end16 else 2
        valid_from, validity = (
            (first, Validity.SIX_YEARS), (end6, Validity.TEN_YEARS), (end16, Validity.LONG_TERM)
        )[renewals]  # fmt: skip
        license_id = counters.take("licenses")
        archive = self.archive_number(license_id)
        batch.licenses.append(
            LicenseRow(
                license_id, person.id, archive, first, valid_from, validity.value, "valid",
                self.issuing_authority, False,
            )
        )  # fmt: skip
        for license_class, obtained in self._class_dates(rng, plan, classes, first):
            batch.grants.append(
                GrantRow(counters.take("grants"), license_id, license_class, obtained)
            )
        if plan.points_state:
            self._points(rng, plan, license_id, first, counters, batch)
        if plan.age >= 70 or "C5" in classes:
            self._medical(rng, plan, first, classes, counters, batch)

    def _first_issue_for_expiry(
        self, rng: random.Random, plan: _PersonPlan, state: str
    ) -> tuple[date, int]:
        """(first issue, renewals so far) so that the current validity ends in the state's range.

        The expiry is that of the first 6-year license, or of the 10-year license after one
        renewal when the holder is old enough.
        """
        as_of = self.as_of
        if state == "renewal_window":
            expiry = as_of + timedelta(days=rng.randint(1, 88))
        elif state == "expired":
            expiry = as_of - timedelta(days=rng.randint(2, 320))
        else:
            expiry = as_of - timedelta(days=rng.randint(380, 700))
        adult = _years(plan.row.birth_date, 18)
        options = [
            renewals for renewals, years in ((0, 6), (1, 16)) if _years(expiry, -years) >= adult
        ]
        renewals = rng.choice(options) if options else 0
        return _years(expiry, -(6, 16)[renewals]), renewals

    def _license_classes(self, rng: random.Random, plan: _PersonPlan, state: str) -> list[str]:
        age, male = plan.age, plan.row.gender == "male"
        if state == "c5":
            return ["C5"]
        u = rng.random()
        if state == "normal" and male and 28 <= age <= 62 and u < 0.10:
            return ["A2"] if rng.random() < 0.35 else ["B2"]
        if state == "normal" and u < 0.13 and age < 70:
            return ["D"] if rng.random() < 0.1 else ["E"]
        young_woman = not male and plan.row.birth_date.year >= 1980
        classes = ["C2" if rng.random() < (0.3 if young_woman else 0.08) else "C1"]
        if age < 70 and rng.random() < (0.08 if male else 0.02) and state == "normal":
            classes.append("E")
        return classes

    def _class_dates(
        self, rng: random.Random, plan: _PersonPlan, classes: list[str], first: date
    ) -> list[tuple[str, date]]:
        """Printed classes with the date each was obtained; upgrades at least 13 months ago."""
        birth, latest = plan.row.birth_date, self.as_of - timedelta(days=400)
        result = []
        for position, license_class in enumerate(classes):
            if position == 0 and license_class not in ("B2", "A2"):
                result.append((license_class, first))
                continue
            if license_class in ("B2", "A2"):
                # C1 first, then B2 (age 21+), then A2 (2+ years later, age 24+).
                lo = max(
                    first + timedelta(days=730), _years(birth, 21 if license_class == "B2" else 24)
                )
                if license_class == "A2":
                    lo = max(lo, first + timedelta(days=4 * 365))
                if lo > latest:
                    result.append(("C1", first))
                    continue
                obtained = lo + timedelta(days=rng.randint(0, (latest - lo).days))
                result.append((license_class, obtained))
                continue
            # A motorcycle class added later (may be recent: motorcycle probation).
            lo = first + timedelta(days=30)
            if lo >= self.as_of:
                continue
            obtained = lo + timedelta(days=rng.randint(0, (self.as_of - lo).days))
            result.append((license_class, obtained))
        return result

    def _points(
        self, rng: random.Random, plan: _PersonPlan, license_id: int, first: date,
        counters: Counters, batch: Batch,
    ) -> None:  # fmt: skip
        as_of = self.as_of
        cycle_start, _ = cycle_bounds(first, cycle_index(first, as_of))
        total = {"points_9": 9, "points_12": 12}.get(plan.points_state or "", 0)
        if not total:
            total = rng.choice((1, 1, 1, 2, 3, 3, 3, 4, 6, 6, 7))
        span = max(0, (as_of - cycle_start).days - 1)
        for points in _POINT_SETS[total]:
            recorded = cycle_start + timedelta(days=rng.randint(0, span))
            recent = (as_of - recorded).days < 15
            batch.points.append(
                PointsRow(
                    counters.take("points"), license_id, points, recorded,
                    rng.choice(_OFFENSES_BY_POINTS[points]), not (recent and rng.random() < 0.5),
                )
            )  # fmt: skip

    def _medical(
        self, rng: random.Random, plan: _PersonPlan, first: date, classes: list[str],
        counters: Counters, batch: Batch,
    ) -> None:  # fmt: skip
        """Certificates for the last cycles that owed one (70+ yearly, C5 every third cycle)."""
        as_of, birth = self.as_of, plan.row.birth_date
        current = cycle_index(first, as_of)
        owed: list[date] = []
        for index in range(current - 1, max(-1, current - 4), -1):
            _, cycle_end = cycle_bounds(first, index)
            senior = _age(birth, cycle_end) >= (70 if cycle_end >= date(2022, 4, 1) else 60)
            c5 = "C5" in classes and index % 3 == 2
            if senior or c5:
                owed.append(cycle_end)
            if len(owed) == 2:
                break
        if "C5" in classes and not owed:
            owed.append(first)  # the certificate that came with the application
        city = self.province.capital
        for position, cycle_end in enumerate(owed):
            if position == 0 and rng.random() < self.mix.senior_medical_missing_rate:
                continue
            issued = cycle_end - timedelta(days=rng.randint(0, 50))
            if issued > as_of:
                continue
            submitted = min(as_of, issued + timedelta(days=rng.randint(0, 20)))
            institution = (
                f"{self.province.name}人民医院" if "C5" in classes
                else f"{city}第{rng.randint(1, 3)}人民医院"
            )  # fmt: skip
            batch.medical.append(
                MedicalRow(
                    counters.take("medical"), plan.row.id, issued, institution, True,
                    _aware(submitted, rng.randint(9, 16), rng.randint(0, 59)),
                )
            )  # fmt: skip

    # -- organizations -------------------------------------------------------------------------

    def _organizations(
        self, rng: random.Random, size: int, counters: Counters
    ) -> list[OrganizationRow]:
        count = round(size * self.mix.organization_rate)
        if count == 0 and rng.random() < size * self.mix.organization_rate:
            count = 1
        kinds = list(ORG_KINDS)
        chosen = ["taxi", *(rng.choice(kinds) for _ in range(count - 1))][:count]
        rows = []
        for org_kind_name in chosen:
            org_kind = ORG_KINDS[org_kind_name]
            org_id = counters.take("organizations")
            region = rng.choice(self.capital_regions)
            credit = self.credit_code(org_id, region.code)
            city = self.province.capital.removesuffix("市")
            name = f"{city}{rng.choice(_ORG_WORDS)}{org_kind.suffix}"
            registered = self.as_of - timedelta(days=rng.randint(3 * 365, 25 * 365))
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            rows.append(
                OrganizationRow(
                    org_id, name, credit, org_kind.kind, region.code, phone, True,
                    _aware(registered, 10),
                )
            )  # fmt: skip
            self._org_kinds[org_id] = org_kind
        return rows

    # -- vehicles ------------------------------------------------------------------------------

    def _vehicle_plans(
        self, rng: random.Random, plans: list[_PersonPlan], orgs: list[OrganizationRow]
    ) -> list[_VehiclePlan]:
        mix = self.mix
        result: list[_VehiclePlan] = []
        # Owners: licensed people more often; at least 18 at registration.
        licensed_share = sum(p.licensed for p in plans) / max(1, len(plans))
        adult_share = sum(p.age >= 18 for p in plans) / max(1, len(plans))
        target = mix.vehicle_owner_rate / max(adult_share, 1e-9)
        # p_licensed = 2.5 * p_unlicensed, solved so the adult owner share meets the target.
        lic = licensed_share / max(adult_share, 1e-9)
        p_unlicensed = min(1.0, target / (2.5 * lic + (1 - lic)))
        p_licensed = min(1.0, 2.5 * p_unlicensed)
        for plan in plans:
            if plan.age < 19:
                continue
            if rng.random() >= (p_licensed if plan.licensed else p_unlicensed):
                continue
            count = 2 if rng.random() < mix.second_vehicle_rate else 1
            earliest = max(EARLIEST_REGISTRATION, _years(plan.row.birth_date, 18))
            for _ in range(count):
                u = rng.random() * self._person_kind_cum[-1]
                kind = self._person_kinds[bisect_right(self._person_kind_cum, u)]
                result.append(_VehiclePlan(kind, plan.row.id, None, earliest=earliest))
        for org in orgs:
            org_kind = self._org_kinds.pop(org.id)
            earliest = max(EARLIEST_REGISTRATION, org.registered_at.date())
            for kind_name, low, high in org_kind.fleet:
                for _ in range(rng.randint(low, high)):
                    result.append(_VehiclePlan(KINDS[kind_name], None, org.id, earliest=earliest))
        return result

    def _assign_vehicle_states(self, rng: random.Random, plans: list[_VehiclePlan]) -> None:
        mix = self.mix
        thresholds = list(
            accumulate(
                (
                    mix.inspection_window_rate,
                    mix.inspection_overdue_rate,
                    mix.inspection_three_missed_rate,
                )
            )
        )
        states = ("window", "overdue", "three_missed")
        for plan in plans:
            index = bisect_right(thresholds, rng.random())
            if index < len(states) and self._vehicle_eligible(plan, states[index]):
                plan.state = states[index]
            elif (
                rng.random() < mix.scrap_within_year_rate
                and self._service_life(plan.kind) is not None
            ):
                plan.state = "scrap_within_year"
        for state in REQUIRED_VEHICLE_STATES:
            if not any(p.state == state for p in plans):
                self._force(
                    rng, plans,
                    lambda p, s=state: p.state == "normal" and self._vehicle_eligible(p, s),
                    lambda p, s=state: setattr(p, "state", s),
                )  # fmt: skip

    def _vehicle_eligible(self, plan: _VehiclePlan, state: str) -> bool:
        if state == "scrap_within_year":
            return self._service_life(plan.kind) is not None
        if state == "three_missed":
            # Needs a long enough history: 3 cycles after an expiry.
            return (self.as_of - plan.earliest).days > 9 * 365 and not plan.kind.school_bus_sign
        if state == "overdue":
            return (self.as_of - plan.earliest).days > 4 * 365
        return True

    def _service_life(self, kind: Kind) -> int | None:
        if kind.name not in self._service_lives:
            sample = date(2020, 1, 1)
            profile = VehicleProfile(
                kind.vehicle_type, kind.use, kind.seats[0], sample,
                school_bus_sign_on=sample if kind.school_bus_sign else None,
                use_converted=kind.use_converted,
            )  # fmt: skip
            self._service_lives[kind.name] = scrap_due(profile).service_life_years
        return self._service_lives[kind.name]

    def _dues(self, profile: VehicleProfile) -> tuple[date, ...]:
        """Schedule dues up to 3 years after as_of (cached by registration month)."""
        manufactured = profile.manufactured_on
        late = manufactured is not None and profile.registered_on > _years(manufactured, 4)
        key = (
            profile.vehicle_type, profile.use, profile.seats, profile.registered_on.year,
            profile.registered_on.month, late, profile.illegally_modified,
            profile.injury_accident, profile.use_converted, profile.school_bus_sign_on,
        )  # fmt: skip
        dues = self._schedule_cache.get(key)
        if dues is None:
            horizon = _years(self.as_of, 3)
            found = []
            for due in inspection_schedule(profile):
                found.append(due.due_on)
                if due.due_on > horizon:
                    break
            dues = self._schedule_cache[key] = tuple(found)
        return dues

    def _vehicle(
        self, rng: random.Random, plan: _VehiclePlan, counters: Counters, nev: bool | None = None
    ) -> VehicleRow:
        kind = plan.kind
        life = self._service_life(kind)
        seats = rng.choice(kind.seats)
        flags = (rng.random() < 0.003, rng.random() < 0.005)  # illegally modified, injury accident
        state = plan.state
        chosen = None
        for attempt in range(60):
            if attempt == 40:
                state = "normal"  # give up on the forced state, keep the vehicle consistent
            profile = self._profile(rng, plan, state, life, seats, flags)
            if profile is None:
                continue
            valid = self._inspection_validity(rng, kind, profile, state)
            if valid is not None:
                chosen = profile, valid
                break
        if chosen is None:  # pragma: no cover - 20 plain attempts never all fail in practice
            raise RuntimeError(f"could not generate a consistent {kind.name}")
        profile, inspection_valid_until = chosen
        vehicle_id = counters.take("vehicles")
        energy = None
        plate_type = kind.plate_type
        registered = profile.registered_on
        if kind.nev_capable:
            share = self.mix.nev_rate * (
                0.1 if registered.year < 2016 else 0.75 if registered.year < 2020 else 1.75
            )
            if nev if nev is not None else rng.random() < share:
                energy, plate_type = ("D" if rng.random() < 0.7 else "F"), "52"
        elif kind.large_nev_share and registered.year >= 2015:
            wanted = nev if nev is not None else rng.random() < kind.large_nev_share
            energy, plate_type = (
                (("D" if rng.random() < 0.9 else "F"), "51") if wanted else (None, plate_type)
            )
        plate_number = self._plate(plate_type, energy, counters)
        brand = rng.choice(
            _NEV_BRANDS[energy]
            if plate_type == "52"
            else _BUS_NEV_BRANDS
            if plate_type == "51"
            else kind.brands
        )
        manufactured = profile.manufactured_on or registered
        vin = self._vin(rng, brand.wmi, manufactured.year, vehicle_id)
        suffix = f"{rng.randint(0, 99):02d}{rng.choice('ABCDEFGHJKLMNPRS')}"
        brand_model = f"{brand.label}{brand.model_prefix}{suffix}"
        status = (
            "mortgaged" if rng.random() < 0.05 else "seized" if rng.random() < 0.002 else "normal"
        )
        return VehicleRow(
            vehicle_id, vin, plate_number, plate_type, kind.vehicle_type, brand_model[:60],
            kind.use.value, seats, profile.manufactured_on, registered,
            plan.owner_person_id, plan.owner_organization_id,
            status, inspection_valid_until, profile.school_bus_sign_on,
            profile.illegally_modified, profile.injury_accident, profile.use_converted,
        )  # fmt: skip

    def _profile(
        self, rng: random.Random, plan: _VehiclePlan, state: str, life: int | None,
        seats: int, flags: tuple[bool, bool],
    ) -> VehicleProfile | None:  # fmt: skip
        as_of, kind = self.as_of, plan.kind
        lo, hi = plan.earliest, as_of - timedelta(days=7)
        if state == "scrap_within_year" and life is not None:
            lo = max(lo, _years(as_of, -life) + timedelta(days=1))
            hi = min(hi, _years(as_of, -life) + timedelta(days=360))
        elif state == "three_missed":
            hi = min(hi, _years(as_of, -9))
        elif state == "overdue":
            hi = min(hi, _years(as_of, -3))
        if life is not None and state != "three_missed":
            # A vehicle past its service life would have been scrapped: keep within it.
            lo = max(lo, _years(as_of, -life) + timedelta(days=1))
        if lo > hi:
            return None
        span = (hi - lo).days
        # Recent registrations are more common (the fleet grew): bias towards hi.
        registered = lo + timedelta(days=int(span * rng.random() ** 0.6))
        u = rng.random()
        if u < 0.85:
            gap = rng.randint(10, 120)
        elif u < 0.95:
            gap = rng.randint(121, 700)
        elif u < 0.98:
            gap = rng.randint(731, 1400)  # more than 2 years: life counted from manufacture
        else:
            gap = rng.randint(1462, 1800)  # more than 4 years: no inspection exemption
        if state == "scrap_within_year":
            gap = rng.randint(10, 120)
        manufactured = registered - timedelta(days=gap)
        sign_on = None
        if kind.school_bus_sign:
            sign_on = registered + timedelta(
                days=rng.randint(0, max(0, (as_of - registered).days // 2))
            )
        return VehicleProfile(
            vehicle_type=kind.vehicle_type, use=kind.use, seats=seats, registered_on=registered,
            manufactured_on=manufactured, school_bus_sign_on=sign_on,
            illegally_modified=flags[0], injury_accident=flags[1],
            use_converted=kind.use_converted,
        )  # fmt: skip

    def _inspection_validity(
        self, rng: random.Random, kind: Kind, profile: VehicleProfile, state: str
    ) -> date | None:
        """The register's inspection validity for ``state``, or None if this profile can't."""
        as_of = self.as_of
        life = scrap_due(profile).scrap_on if self._service_life(kind) is not None else None
        if state == "scrap_within_year":
            if life is None or not as_of < life <= as_of + timedelta(days=365):
                return None
        elif life is not None and life <= as_of and state != "three_missed":
            return None
        dues = self._dues(profile)
        upcoming = next((i for i, due in enumerate(dues) if due >= as_of), None)
        if upcoming is None:  # pragma: no cover - the schedule runs past the horizon
            return None
        nxt = dues[upcoming]
        # The window: the due month and the 2 before it (school buses: the due month only),
        # as in vehicles.rules.inspection_window.
        before = 0 if profile.is_school_bus else 2
        months = nxt.year * 12 + nxt.month - 1 - before
        in_window = date(months // 12, months % 12 + 1, 1) <= as_of
        if state == "window":
            return nxt if in_window else None
        if state in ("normal", "scrap_within_year"):
            if in_window and rng.random() < 0.5:
                # Half of the owners in the window have already been inspected.
                return dues[upcoming + 1] if upcoming + 1 < len(dues) else nxt
            return nxt
        past = dues[:upcoming]
        if state == "overdue":
            for back in (rng.choice((1, 1, 1, 2)), 1):
                if len(past) >= back:
                    valid = past[-back]
                    if as_of > valid and missed_cycles(profile, valid, as_of).count < 3:
                        return valid
            return None
        # three_missed: the latest expiry with 3 complete missed cycles.
        for valid in reversed(past):
            if missed_cycles(profile, valid, as_of).count >= 3:
                return valid
        return None

    def _plate(self, plate_type: str, energy: str | None, counters: Counters) -> str:
        if plate_type == "52":
            space = f"nev_small_{energy}"
        elif plate_type == "51":
            space = f"nev_large_{energy}"
        elif plate_type == "16":
            space = "coach"
        else:
            space = "ordinary"
        index = counters.plates[space]
        counters.plates[space] = index + 1
        size = _SPACE_SIZES[space]
        letter_index, offset = divmod(index, size)
        if letter_index >= len(_AUTHORITY_LETTERS):
            raise OverflowError(f"plate space {space} is exhausted")
        value = self._plate_perms[space](offset)
        prefix = self.province.abbreviation + _AUTHORITY_LETTERS[letter_index]
        if space == "ordinary":
            return prefix + _ORDINARY.serial(value)
        if space == "coach":
            return prefix + _COACH.serial(value) + "学"
        if space.startswith("nev_small"):
            second, digits = divmod(value, 10_000)
            return f"{prefix}{energy}{_NEV_SECOND[second]}{digits:04d}"
        return f"{prefix}{value:05d}{energy}"

    def _vin(self, rng: random.Random, wmi: str, year: int, vehicle_id: int) -> str:
        value = self._vin_perm(vehicle_id - 1)
        plant, serial = divmod(value, 10**6)
        vds = "".join(rng.choice(_VIN_ALPHABET) for _ in range(5))
        vin = f"{wmi}{vds}0{_YEAR_CODES[(year - 1980) % 30]}{_VIN_ALPHABET[plant]}{serial:06d}"
        return vin[:8] + vin_check_digit(vin) + vin[9:]


def identity_number(region_code: str, birth: date, sequence: int) -> str:
    """An 18-character identity number from its parts (sequence 1-999, odd for men)."""
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def _organization_code_check(body: str) -> str:
    """Check character of an 8-character organization code (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char, 36) * weight for char, weight in zip(body, weights, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)
