"""What the workflow asks of an actor, whichever shape it has today (a Django ``User``) or
will have (``identity.actors``: ``CitizenActor``, ``OfficerActor``, ...)."""

from collections.abc import Callable
from typing import Any

from jiaoguan.applications.models import Case
from jiaoguan.applications.rules import APPLICANT, CO_APPLICANT


def user_id_of(actor: Any) -> int | None:
    if hasattr(actor, "_meta"):  # a Django ``User`` is its own user
        return actor.pk
    return getattr(actor, "user_id", None)


def is_officer(actor: Any) -> bool:
    return (
        actor is not None
        and getattr(actor, "kind", None) == "officer"
        and bool(getattr(actor, "is_active", True))
    )


def officer_perm(actor: Any) -> Callable[[str], bool]:
    """``has_perm`` of an officer; a citizen or partner holds no officer permission."""
    if not is_officer(actor):
        return lambda permission: False
    return lambda permission: bool(actor.has_perm(permission))


def parties_of(actor: Any, case: Case) -> frozenset[str]:
    """The parties of ``case`` the actor is (the applicant, the co-applicant, or none)."""
    if is_officer(actor):
        return frozenset()
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return frozenset()
    found = set()
    if person_id == case.applicant_id:
        found.add(APPLICANT)
    if person_id == case.co_applicant_id:
        found.add(CO_APPLICANT)
    return frozenset(found)
