"""Claims (报案) after an accident is settled: which insurer a party's 交强险 is with, and how
an insurer's callbacks move a claim.

DOMAIN §10 (事故程序规定 art. 22; 12123 step 4): once the agreement (or the determination)
exists, each party may claim at their insurer, online where the insurer supports it. The
insurer is the one on the vehicle's 交强险 policy as the register holds it
(``inspections.Insurance``), or else the one the party named; the name is matched against
the insurers' records (``accidents.Insurer``: reference data kept in the back office; a
branch's name, "…南京市分公司", is its company's).

A claim's progress is ranked: accepted (受理, with the insurer's claim number) < assessed
(定损) < paid (赔付) or rejected (拒赔). A callback moves a claim only forward, so the final
state does not depend on the order callbacks arrive in; each callback's own facts (the claim
number, an amount) are kept whatever the order.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "NOTIFIED",
    "Insurer",
    "Progress",
    "insurer_code_of",
    "moves",
    "rank",
]


@dataclass(frozen=True)
class Insurer:
    """An insurer as the matching sees it: its code, full name and short names."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


def insurer_code_of(name: str, insurers: Iterable[Insurer]) -> str:
    """The code of the insurer a party (or a policy) named: its full name, a short name, or
    a branch's name; "" when none of ``insurers`` matches. The longest matching name wins,
    so "中国人民财产保险…" is not taken for another company whose short name it contains."""
    text = "".join((name or "").split()).upper()
    if not text:
        return ""
    best, length = "", 0
    for insurer in insurers:
        for alias in (insurer.name, *insurer.aliases):
            candidate = "".join(alias.split()).upper()
            if candidate and candidate in text and len(candidate) > length:
                best, length = insurer.code, len(candidate)
    return best


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
