"""Provinces (plate abbreviation, GB/T 2260 code, capital) and their current regions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple


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
