"""Vehicle kinds (GA 802 type, use, seats, plate, brands) and organization kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from jiaoguan.vehicles.rules import UseCharacter


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
