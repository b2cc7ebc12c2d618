"""Reads of 事故快处 for its parties: each party sees the whole accident (both vehicles,
insurers and collision points: what the agreement will say), nobody else does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from jiaoguan.accidents import errors
from jiaoguan.accidents.models import Accident, Claim
from jiaoguan.accidents.rules.claims import INSURERS
from jiaoguan.gateways.insurer import get_insurer_gateway
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


@dataclass(frozen=True)
class InsurerRow:
    """One insurer of the reference list as the operator sees it: reached online or not,
    where (the host only: the secret never leaves the settings), and its claims."""

    code: str
    name: str
    online: bool
    host: str
    claims: int
    filed: int
    failed: int
    waiting: int
    last_event_at: Any


def insurers_overview() -> tuple[str, list[InsurerRow]]:
    """The configured provider and each insurer of ``rules.claims.INSURERS`` with how it is
    reached and its claims by status (for the operators' page; no personal data)."""
    gateway = get_insurer_gateway()
    counts = {
        row["insurer_code"]: row
        for row in Claim.objects.values("insurer_code").annotate(
            total=Count("pk"),
            filed=Count("pk", filter=Q(status=Claim.Status.FILED)),
            failed=Count("pk", filter=Q(status=Claim.Status.FAILED)),
            waiting=Count("pk", filter=Q(status__in=[Claim.Status.QUEUED, Claim.Status.SENDING])),
            last=Max("last_event_at"),
        )
    }
    rows = []
    for insurer in INSURERS:
        endpoint_of = getattr(gateway, "endpoint_of", None)
        endpoint = endpoint_of(insurer.code) if endpoint_of else None
        found = counts.get(insurer.code, {})
        rows.append(
            InsurerRow(
                code=insurer.code,
                name=insurer.name,
                online=gateway is not None and gateway.supports(insurer.code),
                host=urlsplit(endpoint.url).netloc if endpoint else "",
                claims=found.get("total", 0),
                filed=found.get("filed", 0),
                failed=found.get("failed", 0),
                waiting=found.get("waiting", 0),
                last_event_at=found.get("last"),
            )
        )
    return settings.JIAOGUAN_INSURER_PROVIDER, rows
