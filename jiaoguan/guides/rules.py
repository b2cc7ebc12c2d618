"""Pure rules of the service guides (DOMAIN §21.2): the four lists and search tokens' shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class TripCategory(StrEnum):
    """Hangzhou's four lists (seed 003): 网上跑零次, 最近跑一次, 最多跑一次, 跑多次."""

    ZERO_TRIPS = "zero_trips"
    NEAREST_ONCE = "nearest_once"
    AT_MOST_ONCE = "at_most_once"
    MULTIPLE_TRIPS = "multiple_trips"


#: The lists in the order the portal shows them.
LIST_ORDER = (
    TripCategory.ZERO_TRIPS,
    TripCategory.NEAREST_ONCE,
    TripCategory.AT_MOST_ONCE,
    TripCategory.MULTIPLE_TRIPS,
)


def trip_category(*, min_trips: int, nearest_point: bool = False) -> TripCategory:
    """The list a business belongs to, derived from its fewest trips (最少跑路次数, §21.3):
    0 → zero trips; 1 → nearest once when a nearby point (hospital, post office, dealer,
    community station, bank, inspection station) does it, else at most once; 2+ → several."""
    if min_trips < 0:
        raise ValueError("min_trips must be 0 or more")
    if min_trips == 0:
        return TripCategory.ZERO_TRIPS
    if min_trips == 1:
        return TripCategory.NEAREST_ONCE if nearest_point else TripCategory.AT_MOST_ONCE
    return TripCategory.MULTIPLE_TRIPS


def all_tokens_match(query_tokens: list[str], document_tokens: set[str]) -> bool:
    """A document matches when it has every token of the query (an empty query: nothing)."""
    return bool(query_tokens) and all(token in document_tokens for token in query_tokens)


@dataclass(frozen=True)
class Material:
    """One material of a guide (§21.3 ``materials[]``)."""

    name: str
    form: str = ""  # 原件, 复印件, 电子
    copies: int | None = None
    electronic: bool | None = None  # an electronic version accepted or required
    notes: str = ""


_COPIES = re.compile(r"^(\d+)\s*份?$")
_ELECTRONIC = {"电子版": True, "电子": True, "可电子": True, "无电子版": False, "非电子": False}


def materials_parsed(text: str) -> list[Material]:
    """The materials written one a line as ``名称|形式|份数|电子版|备注`` (the parts after the
    name optional, in any order: a number of copies such as ``1份``, a form 原件/复印件, 电子版
    or 无电子版, anything else a note); ``|`` or the full-width ``｜`` separate."""
    found = []
    for line in text.splitlines():
        parts = [part.strip() for part in re.split(r"[|｜]", line)]
        if not parts or not parts[0]:
            continue
        name, form, copies, electronic, notes = parts[0], "", None, None, []
        for part in parts[1:]:
            if not part:
                continue
            if match := _COPIES.match(part):
                copies = int(match.group(1))
            elif part in ("原件", "复印件", "原件及复印件"):
                form = part
            elif part in _ELECTRONIC:
                electronic = _ELECTRONIC[part]
            else:
                notes.append(part)
        found.append(Material(name, form, copies, electronic, "；".join(notes)))
    return found
