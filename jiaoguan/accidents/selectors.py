"""Reads of 事故快处 for its parties: each party sees the whole accident (both vehicles,
insurers and collision points: what the agreement will say), nobody else does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from jiaoguan.accidents import errors
from jiaoguan.accidents.models import Accident, Claim
from jiaoguan.identity.actors import CitizenActor, acting


def party_citizen(actor: Any) -> CitizenActor:
    """The citizen acting; only a citizen is a party (``accidents.citizen_only``)."""
    who = acting(actor)
    if not isinstance(who, CitizenActor):
        raise errors.not_a_citizen()
    return who


def party_person_id(actor: Any) -> int:
    return party_citizen(actor).person_id


def accidents_of_person(*, actor: Any) -> QuerySet[Accident]:
    """The caller's accidents as either party, newest first."""
    person_id = party_person_id(actor)
    return (
        Accident.objects.filter(
            Q(case__applicant_id=person_id) | Q(case__co_applicant_id=person_id)
        )
        .select_related("case")
        .prefetch_related("parties")
        .order_by("-occurred_at", "-pk")
    )


def accident_of_party(*, actor: Any, accident_id: int) -> Accident:
    """One accident of the caller's; ``accidents.not_found`` (404) otherwise."""
    found = accidents_of_person(actor=actor).filter(pk=accident_id).first()
    if found is None:
        raise errors.not_found()
    return found


@dataclass(frozen=True)
class ClaimView:
    """One party's claim as both parties see it."""

    role: str
    role_label: str
    insurer: str  # as the party named it
    status: str
    status_label: str
    progress: str
    progress_label: str
    claim_number: str
    assessed_yuan: str
    paid_yuan: str
    note: str


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen // 100}.{fen % 100:02d}"


def claims_of_accident(accident: Accident) -> list[ClaimView]:
    """The accident's claims, party A's first (the accident was read through
    ``accident_of_party``: the caller is one of its parties)."""
    return [
        ClaimView(
            role=claim.party.role,
            role_label=str(claim.party.get_role_display()),
            insurer=claim.party.insurer,
            status=claim.status,
            status_label=str(claim.get_status_display()),
            progress=claim.progress,
            progress_label=str(claim.get_progress_display()) if claim.progress else "",
            claim_number=claim.claim_number,
            assessed_yuan=_yuan(claim.assessed_fen),
            paid_yuan=_yuan(claim.paid_fen),
            note=claim.insurer_note,
        )
        for claim in Claim.objects.filter(accident=accident)
        .select_related("party")
        .order_by("party__role")
    ]
