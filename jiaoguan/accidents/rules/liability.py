"""The liability table: the published scenarios of a two-vehicle accident and the shares
of responsibility each gives (快处快赔 "责任认定参照表"), as versioned reference data.

The parties pick a scenario and say which of them did it (the *actor*); the table gives
the actor's and the other party's shares in percent. Symmetric scenarios (both changed
lanes at once) give equal shares whoever is named. The scenarios and shares are the
product default [U]: the common lists published by provincial traffic police (e.g.
浙江、江苏 "快处快赔" 情形) agree on full responsibility for the party in each listed
situation; a province may publish its own version, which takes effect from its date.

Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "TABLES",
    "LiabilityError",
    "Scenario",
    "Shares",
    "Table",
    "liability_propose",
    "table_on",
]

FULL, NONE, EQUAL = 100, 0, 50


class LiabilityError(ValueError):
    """An unknown scenario, party or version; or a table that cannot be right."""


@dataclass(frozen=True)
class Scenario:
    code: str
    label: str
    actor_share: int  # percent; the other party has 100 - actor_share
    symmetric: bool = False


@dataclass(frozen=True)
class Shares:
    """Responsibility in percent of party A and party B, and its name (全部/同等/主次/无)."""

    a: int
    b: int

    @property
    def a_label(self) -> str:
        return _label(self.a)

    @property
    def b_label(self) -> str:
        return _label(self.b)


def _label(share: int) -> str:
    if share == FULL:
        return "full"
    if share == NONE:
        return "none"
    if share == EQUAL:
        return "equal"
    return "main" if share > EQUAL else "secondary"


@dataclass(frozen=True)
class Table:
    version: str
    effective_from: date
    scenarios: tuple[Scenario, ...]
    _by_code: dict[str, Scenario] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = [scenario.code for scenario in self.scenarios]
        if len(set(codes)) != len(codes):
            raise LiabilityError(f"duplicate scenario in liability table {self.version}")
        for scenario in self.scenarios:
            if not 0 <= scenario.actor_share <= 100:
                raise LiabilityError(f"share out of range: {scenario.code}")
            if scenario.symmetric and scenario.actor_share != EQUAL:
                raise LiabilityError(f"a symmetric scenario is shared equally: {scenario.code}")
        object.__setattr__(self, "_by_code", {s.code: s for s in self.scenarios})

    def scenario(self, code: str) -> Scenario:
        try:
            return self._by_code[code]
        except KeyError:
            raise LiabilityError(f"unknown scenario {code!r}") from None


def _(text: str) -> str:
    return text


V2026_1 = Table(
    version="2026-1",
    effective_from=date(2026, 1, 1),
    scenarios=(
        Scenario("rear_end", _("追尾前车（后车全责）"), FULL),
        Scenario("lane_change", _("变更车道时影响正常行驶的车辆"), FULL),
        Scenario("wrong_way", _("逆向行驶"), FULL),
        Scenario("reversing", _("倒车"), FULL),
        Scenario("rolling", _("溜车"), FULL),
        Scenario("door_opening", _("开关车门"), FULL),
        Scenario("signal_violation", _("违反交通信号灯"), FULL),
        Scenario("failed_to_yield", _("未按规定让行"), FULL),
        Scenario("u_turn", _("掉头、转弯时未让正常行驶的车辆"), FULL),
        Scenario("leaving_parking", _("驶出停车位或路边起步"), FULL),
        Scenario("both_lane_change", _("同时变更车道"), EQUAL, symmetric=True),
        Scenario("both_reversing", _("双方同时倒车"), EQUAL, symmetric=True),
    ),
)

#: Every published version, oldest first.
TABLES: tuple[Table, ...] = (V2026_1,)


def table_on(day: date, tables: tuple[Table, ...] = TABLES) -> Table:
    """The version in force on ``day`` (the latest that took effect on or before it)."""
    in_force = [table for table in tables if table.effective_from <= day]
    if not in_force:
        raise LiabilityError(f"no liability table in force on {day.isoformat()}")
    return max(in_force, key=lambda table: table.effective_from)


def table_version(version: str, tables: tuple[Table, ...] = TABLES) -> Table:
    for table in tables:
        if table.version == version:
            return table
    raise LiabilityError(f"unknown liability table version {version!r}")


def liability_propose(table: Table, *, scenario: str, actor: str) -> Shares:
    """The shares the table gives when party ``actor`` ("a" or "b") was in ``scenario``."""
    if actor not in ("a", "b"):
        raise LiabilityError(f"unknown party {actor!r}")
    found = table.scenario(scenario)
    share = found.actor_share
    return Shares(share, 100 - share) if actor == "a" else Shares(100 - share, share)
