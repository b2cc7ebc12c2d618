"""License classes (准驾车型), 162号 art. 11 and annex 1 (DOMAIN.md §3.1)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType


class LicenseClass(StrEnum):
    """License classes in the order of 162号 art. 11; the value is the code printed on a license."""

    A1 = "A1"  # 大型客车
    A2 = "A2"  # 重型牵引挂车
    A3 = "A3"  # 城市公交车
    B1 = "B1"  # 中型客车
    B2 = "B2"  # 大型货车
    C1 = "C1"  # 小型汽车
    C2 = "C2"  # 小型自动挡汽车
    C3 = "C3"  # 低速载货汽车
    C4 = "C4"  # 三轮汽车
    C5 = "C5"  # 残疾人专用小型自动挡载客汽车
    C6 = "C6"  # 轻型牵引挂车 (from 2022-04-01)
    D = "D"  # 普通三轮摩托车
    E = "E"  # 普通二轮摩托车
    F = "F"  # 轻便摩托车
    M = "M"  # 轮式专用机械车
    N = "N"  # 无轨电车
    P = "P"  # 有轨电车


_ORDER: dict[LicenseClass, int] = {cls: position for position, cls in enumerate(LicenseClass)}

#: 摩托车类 (art. 109(4)).
MOTORCYCLE_TYPE_CLASSES: frozenset[LicenseClass] = frozenset(
    {LicenseClass.D, LicenseClass.E, LicenseClass.F}
)
#: 汽车类: every class except D, E, F (art. 109(4)).
CAR_TYPE_CLASSES: frozenset[LicenseClass] = frozenset(LicenseClass) - MOTORCYCLE_TYPE_CLASSES
#: Large classes: annual review (art. 72), 30/120-day full-score study (163号 art. 18), the
#: upper-age exchange (art. 65) and the art. 18 bars.
LARGE_CLASSES: frozenset[LicenseClass] = frozenset(
    {LicenseClass.A1, LicenseClass.A2, LicenseClass.A3, LicenseClass.B1, LicenseClass.B2}
)
#: Classes that may be applied for directly (art. 16).
FIRST_APPLICATION_CLASSES: frozenset[LicenseClass] = frozenset(
    {
        LicenseClass.A3,
        LicenseClass.B2,
        LicenseClass.C1,
        LicenseClass.C2,
        LicenseClass.C3,
        LicenseClass.C4,
        LicenseClass.C5,
        LicenseClass.D,
        LicenseClass.E,
        LicenseClass.F,
        LicenseClass.M,
        LicenseClass.N,
        LicenseClass.P,
    }
)
#: Classes obtainable only by upgrade (增驾, art. 16).
UPGRADE_ONLY_CLASSES: frozenset[LicenseClass] = frozenset(
    {LicenseClass.A1, LicenseClass.A2, LicenseClass.B1, LicenseClass.C6}
)


def _classes(codes: str) -> frozenset[LicenseClass]:
    return frozenset(LicenseClass(code) for code in codes.split())


#: Classes a license class also entitles its holder to drive (annex 1, [S]). The B2 row is [U] in
#: DOMAIN.md §3.1; it follows the product default of §13.3 (C1, C2, C3, C4, M).
ALSO_PERMITTED: Mapping[LicenseClass, frozenset[LicenseClass]] = MappingProxyType(
    {
        LicenseClass.A1: _classes("A3 B1 B2 C1 C2 C3 C4 M"),
        LicenseClass.A2: _classes("B1 B2 C1 C2 C3 C4 C6 M"),
        LicenseClass.A3: _classes("C1 C2 C3 C4"),
        LicenseClass.B1: _classes("C1 C2 C3 C4 M"),
        LicenseClass.B2: _classes("C1 C2 C3 C4 M"),
        LicenseClass.C1: _classes("C2 C3 C4"),
        LicenseClass.C2: frozenset(),
        LicenseClass.C3: _classes("C4"),
        LicenseClass.C4: frozenset(),
        LicenseClass.C5: frozenset(),
        LicenseClass.C6: frozenset(),
        LicenseClass.D: _classes("E F"),
        LicenseClass.E: _classes("F"),
        LicenseClass.F: frozenset(),
        LicenseClass.M: frozenset(),
        LicenseClass.N: frozenset(),
        LicenseClass.P: frozenset(),
    }
)


def sort_classes(classes: Iterable[LicenseClass]) -> tuple[LicenseClass, ...]:
    """Distinct classes in art. 11 order."""
    return tuple(sorted(set(classes), key=_ORDER.__getitem__))


def permitted_classes(classes: Iterable[LicenseClass]) -> tuple[LicenseClass, ...]:
    """Every class a license listing ``classes`` entitles its holder to drive, in art. 11 order."""
    held = set(classes)
    for cls in tuple(held):
        held |= ALSO_PERMITTED[cls]
    return sort_classes(held)


# Separators people type between codes: spaces, ASCII and full-width punctuation.
_SEPARATORS = re.compile(r"[\s,;/|+、，；]+")
# One code candidate: a letter with the digits that follow it, or any other single character.
_TOKEN = re.compile(r"[A-Z][0-9]*|.")


def parse_classes(text: str) -> tuple[LicenseClass, ...]:
    """Parse a class list as printed or typed: ``"C1"``, ``"C1,D"``, ``"C1D"``, ``"c1, e"``.

    Full-width characters are normalized (``"Ｃ１"`` reads as C1). The result is deduplicated
    and ordered as in art. 11. Raises ``ValueError`` naming every unknown code, or when no code
    is given.
    """
    normalized = unicodedata.normalize("NFKC", text).upper()
    found: list[LicenseClass] = []
    unknown: list[str] = []
    for chunk in _SEPARATORS.split(normalized):
        for token in _TOKEN.findall(chunk):
            try:
                found.append(LicenseClass(token))
            except ValueError:
                unknown.append(token)
    if unknown:
        listed = ", ".join(repr(code) for code in unknown)
        valid = " ".join(cls.value for cls in LicenseClass)
        raise ValueError(f"unknown license class code(s) {listed} in {text!r}; valid: {valid}")
    if not found:
        raise ValueError(f"no license class given in {text!r}")
    return sort_classes(found)
