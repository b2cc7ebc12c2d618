"""What each kind of verifier sees of a credential, and what the holder may hide from it
(DOMAIN §9 selective disclosure; ADR 0015).

Officers (公安交管民警) see everything: the law gives the holder no choice there. A partner
(授权单位: a rental firm or an insurer) must see the legal minimum (for a licence the full
name, the classes and the validity, with the status; for a mark the plate, type and
validity) and sees the rest unless the holder hides it. The public sees at least the
validity (and a mark's plate) with the status; the holder may hide the rest of what the
online answer repeats (the QR itself still carries the masked name and classes for offline
checks: anyone holding the QR can read those).

Pure: no database. Field names are the verify answer's ``disclosed`` keys.
"""

from __future__ import annotations

from collections.abc import Iterable

DL, IM = "dl", "im"
OFFICER, PARTNER, ANONYMOUS = "officer", "partner", "anonymous"
CHOOSABLE_VERIFIERS = (PARTNER, ANONYMOUS)

# (verifier kind, credential kind) -> (legal minimum, what the holder may hide)
RULES: dict[tuple[str, str], tuple[frozenset[str], tuple[str, ...]]] = {
    (PARTNER, DL): (
        frozenset({"name", "c", "v"}),
        ("n", "license_number", "issuing_authority", "cycle_points"),
    ),
    (PARTNER, IM): (frozenset({"p", "t", "v"}), ("vin", "owner_name")),
    (ANONYMOUS, DL): (frozenset({"v"}), ("n", "c")),
    (ANONYMOUS, IM): (frozenset({"p", "v"}), ("t",)),
}


def optional_fields(verifier_kind: str, kind: str) -> tuple[str, ...]:
    """What the holder may hide from this kind of verifier (none from officers)."""
    rule = RULES.get((verifier_kind, kind))
    return rule[1] if rule else ()


def legal_minimum(verifier_kind: str, kind: str) -> frozenset[str]:
    rule = RULES.get((verifier_kind, kind))
    return rule[0] if rule else frozenset()


def hidden_allowed(verifier_kind: str, kind: str, hidden: Iterable[str]) -> list[str]:
    """The holder's hidden fields that they may hide (anything else is dropped: the legal
    minimum always shows), in a stable order."""
    wanted = set(hidden)
    return [name for name in optional_fields(verifier_kind, kind) if name in wanted]


def disclose(
    fields: dict[str, str], *, verifier_kind: str, kind: str, hidden: Iterable[str]
) -> dict[str, str]:
    """``fields`` less what the holder hid from this kind of verifier."""
    drop = set(hidden_allowed(verifier_kind, kind, hidden))
    return {name: value for name, value in fields.items() if name not in drop}
