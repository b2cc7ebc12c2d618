"""Reads of 事故快处 for its parties: each party sees the whole accident (both vehicles,
insurers and collision points: what the agreement will say), nobody else does."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jiaoguan.accidents import errors
from jiaoguan.accidents.models import Accident
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
