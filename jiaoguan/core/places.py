"""Places: the GB/T 2260 administrative division codes of provinces and regions, and the
province abbreviations on plates. Pure: no Django."""

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ABBREVIATION_OF_PROVINCE_CODE",
    "NATIONWIDE_REGION",
    "PROVINCE_CODES",
    "province_code_of_plate",
    "region_covers",
]

#: Each province abbreviation's GB/T 2260 code (the first two digits of its region codes).
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15",
        "辽": "21", "吉": "22", "黑": "23",
        "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37",
        "豫": "41", "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46",
        "渝": "50", "川": "51", "贵": "52", "云": "53", "藏": "54",
        "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65",
    }
)  # fmt: skip


def province_code_of_plate(prefix: str) -> str:
    """The GB/T 2260 province code of a plate or prefix ("苏A" → "32"); "" if none."""
    return PROVINCE_CODES.get(prefix[:1], "")


#: The plate abbreviation of each province code.
ABBREVIATION_OF_PROVINCE_CODE: Mapping[str, str] = MappingProxyType(
    {code: abbreviation for abbreviation, code in PROVINCE_CODES.items()}
)


NATIONWIDE_REGION = "000000"


def is_region_code(code: str) -> bool:
    """Whether ``code`` has the shape of a GB/T 2260 region code: six ASCII digits."""
    return len(code) == 6 and code.isascii() and code.isdigit()


def region_covers(area: str, code: str) -> bool:
    """Whether the region ``area`` (GB/T 2260, 6 digits) contains the region ``code``.

    A province ``PP0000`` covers every code starting ``PP``; a city ``PPCC00`` every code
    starting ``PPCC``; a county or district only itself; ``000000`` the whole country. A
    malformed code covers nothing and is covered by nothing.
    """
    if not (is_region_code(area) and is_region_code(code)):
        return False
    if area == NATIONWIDE_REGION:
        return True
    if area.endswith("0000"):
        return code[:2] == area[:2]
    if area.endswith("00"):
        return code[:4] == area[:4]
    return code == area


# The names of the GB/T 2260 codes come from python-stdnum's division table (stdnum/cn/
# loc.dat, taken from Wikipedia's lists of the codes; LGPL-2.1+ with the package), where a
# name in brackets carries the years it was in use: "[1983-]玄武区" is current,
# "[-2010]崇文区" was withdrawn in 2010.
_NOT_A_PLACE = frozenset(
    {"市辖区", "县", "省直辖县级行政区划", "省直辖县级行政单位", "自治区直辖县级行政区划"}
)


def _current_name(names: str) -> str | None:
    for name in names.split(","):
        if not name.startswith("["):
            return name
        years, _bracket, rest = name[1:].partition("]")
        if years.endswith("-"):
            return rest
    return None


def _division_names(code: str) -> dict[str, str]:
    from stdnum import numdb

    found: dict[str, str] = {}
    for _part, properties in numdb.get("cn/loc").info(code):
        found.update(properties)
    return found


def county_place(code: str) -> tuple[str, str, str] | None:
    """(province, prefecture, county) of a current county-level GB/T 2260 code, the
    prefecture "" for a municipality's districts and for counties directly under a province;
    None for a code that is malformed, unknown, withdrawn, or not a county's (``PP0000``,
    ``PPCC00``)."""
    if not is_region_code(code) or code.endswith("00"):
        return None
    county = _current_name(_division_names(code).get("county", "[-]"))
    province = _division_names(code[:2] + "0000").get("province", "")
    if not county or not province or county in _NOT_A_PLACE:
        return None
    prefecture = _current_name(_division_names(code[:4] + "00").get("county", "")) or ""
    if prefecture in _NOT_A_PLACE or prefecture == province:
        prefecture = ""
    return province, prefecture, county


def county_text(code: str) -> str:
    """The words of a county-level code ("江苏省南京市玄武区"), "" if ``county_place`` has none."""
    place = county_place(code)
    return "".join(place) if place else ""
