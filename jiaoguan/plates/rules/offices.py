"""Which office handles a plate: the province and the issuing authority of its prefix.

A plate's first character is the province's abbreviation and its second the issuing
authority's letter (GA 36-2018), so ``苏A`` is 南京's vehicle office, in province 32
(GB/T 2260). Cases about a plate are handled, and queued, at that office.
"""

from jiaoguan.core.ids import PROVINCE_CODES


def office_of_plate(number_or_prefix: str) -> tuple[str, str]:
    """(province code, office code) of a plate number or its 2-character prefix; the office
    code is the prefix itself. Raises ``ValueError`` for an unknown province."""
    prefix = number_or_prefix[:2]
    try:
        return PROVINCE_CODES[prefix[:1]], prefix
    except KeyError:
        raise ValueError(f"unknown province abbreviation in {number_or_prefix!r}") from None
