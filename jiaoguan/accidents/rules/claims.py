"""Claims (报案) after an accident is settled: which insurer a party's 交强险 is with, and how
an insurer's callbacks move a claim.

DOMAIN §10 (事故程序规定 art. 22; 12123 step 4): once the agreement (or the determination)
exists, each party may claim at their insurer, online where the insurer supports it. The
insurer is the one the party named in the report; the register holds no 交强险 insurer, so
the name is matched against the insurers' reference list below (codes and names: product
reference data; a branch's name, "…南京市分公司", is its company's).

A claim's progress is ranked: accepted (受理, with the insurer's claim number) < assessed
(定损) < paid (赔付) or rejected (拒赔). A callback moves a claim only forward, so the final
state does not depend on the order callbacks arrive in; each callback's own facts (the claim
number, an amount) are kept whatever the order.

Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "INSURERS",
    "NOTIFIED",
    "Insurer",
    "Progress",
    "insurer_code_of",
    "moves",
    "rank",
]


@dataclass(frozen=True)
class Insurer:
    code: str
    name: str
    aliases: tuple[str, ...]


#: The property insurers most 交强险 policies are with (product reference data [U]).
INSURERS: tuple[Insurer, ...] = (
    Insurer(
        "PICC", "中国人民财产保险股份有限公司", ("中国人民财产保险", "人保财险", "人保", "PICC")
    ),
    Insurer("PAIC", "中国平安财产保险股份有限公司", ("中国平安财产保险", "平安财险", "平安产险")),
    Insurer(
        "CPIC", "中国太平洋财产保险股份有限公司", ("中国太平洋财产保险", "太平洋财险", "太保财险")
    ),
    Insurer("CLPC", "中国人寿财产保险股份有限公司", ("中国人寿财产保险", "国寿财险")),
    Insurer("CCIC", "中国大地财产保险股份有限公司", ("中国大地财产保险", "大地财险", "大地保险")),
    Insurer("CUPI", "中华联合财产保险股份有限公司", ("中华联合财产保险", "中华财险", "中华联合")),
    Insurer("SSAI", "阳光财产保险股份有限公司", ("阳光财产保险", "阳光财险", "阳光保险")),
    Insurer("TPIC", "太平财产保险有限公司", ("太平财产保险", "太平财险")),
    Insurer("TAIC", "天安财产保险股份有限公司", ("天安财产保险", "天安财险")),
    Insurer("YAIC", "永安财产保险股份有限公司", ("永安财产保险", "永安财险")),
    Insurer("HAIC", "华安财产保险股份有限公司", ("华安财产保险", "华安财险")),
    Insurer("YDTH", "英大泰和财产保险股份有限公司", ("英大泰和财产保险", "英大财险")),
)
_BY_CODE = {insurer.code: insurer for insurer in INSURERS}


def insurer_code_of(name: str) -> str:
    """The code of the insurer a party named (its full name, a short name, or a branch's
    name), "" when no insurer on the list matches. The longest matching name wins, so
    "中国人民财产保险…" is not taken for another company whose short name it contains."""
    text = "".join((name or "").split()).upper()
    if not text:
        return ""
    best, length = "", 0
    for insurer in INSURERS:
        for alias in (insurer.name, *insurer.aliases):
            candidate = alias.upper()
            if candidate in text and len(candidate) > length:
                best, length = insurer.code, len(candidate)
    return best


def insurer_name(code: str) -> str:
    found = _BY_CODE.get(code)
    return found.name if found else ""


class Progress(StrEnum):
    ACCEPTED = "accepted"
    ASSESSED = "assessed"
    PAID = "paid"
    REJECTED = "rejected"


#: The progress a party is told of (a notice): the assessment, the payment, the refusal.
NOTIFIED = frozenset({Progress.ASSESSED, Progress.PAID, Progress.REJECTED})


_RANK = {Progress.ACCEPTED: 1, Progress.ASSESSED: 2, Progress.PAID: 3, Progress.REJECTED: 3}
FINAL = frozenset({Progress.PAID, Progress.REJECTED})


def rank(progress: str) -> int:
    """0 for a claim the insurer has said nothing about yet."""
    return _RANK.get(Progress(progress), 0) if progress else 0


def moves(current: str, event: str) -> bool:
    """Whether a callback of ``event`` moves a claim at ``current``: only forward."""
    return rank(event) > rank(current)
