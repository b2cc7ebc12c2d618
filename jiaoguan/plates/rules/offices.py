"""Which office handles a plate: the province and the issuing authority of its prefix.

A plate's first character is the province's abbreviation and its second the issuing
authority's letter (GA 36-2018), so ``苏A`` is 南京's vehicle office, in province 32
(GB/T 2260). Cases about a plate are handled, and queued, at that office.
"""

from types import MappingProxyType

#: Province abbreviation → the 2-digit GB/T 2260 code.
PROVINCE_CODES = MappingProxyType(
    {
        "京": "11",
        "津": "12",
        "冀": "13",
        "晋": "14",
        "蒙": "15",
        "辽": "21",
        "吉": "22",
        "黑": "23",
        "沪": "31",
        "苏": "32",
        "浙": "33",
        "皖": "34",
        "闽": "35",
        "赣": "36",
        "鲁": "37",
        "豫": "41",
        "鄂": "42",
        "湘": "43",
        "粤": "44",
        "桂": "45",
        "琼": "46",
        "渝": "50",
        "川": "51",
        "贵": "52",
        "云": "53",
        "藏": "54",
        "陕": "61",
        "甘": "62",
        "青": "63",
        "宁": "64",
        "新": "65",
    }
)


def office_of_plate(number_or_prefix: str) -> tuple[str, str]:
    """(province code, office code) of a plate number or its 2-character prefix; the office
    code is the prefix itself. Raises ``ValueError`` for an unknown province."""
    prefix = number_or_prefix[:2]
    try:
        return PROVINCE_CODES[prefix[:1]], prefix
    except KeyError:
        raise ValueError(f"unknown province abbreviation in {number_or_prefix!r}") from None
