"""What the workflow asks of an actor (``identity.actors``; a Django ``User`` is turned into
its actor first)."""

from collections.abc import Callable
from typing import Any

from jiaoguan.applications.models import Case
from jiaoguan.applications.rules import APPLICANT, CO_APPLICANT
from jiaoguan.identity.actors import CitizenActor, OfficerActor, SystemActor, acting


def user_id_of(actor: Any) -> int | None:
    who = acting(actor)
    return who.user_id if who is not None else None


def officer_perm(actor: Any) -> Callable[[str], bool]:
    """``has_perm`` of an officer (or a system job); a citizen or partner holds no officer
    permission."""
    who = acting(actor)
    if not isinstance(who, OfficerActor | SystemActor):
        return lambda permission: False
    return who.has_perm


def parties_of(actor: Any, case: Case) -> frozenset[str]:
    """The parties of ``case`` the actor is (the applicant, the co-applicant, or none)."""
    who = acting(actor)
    if not isinstance(who, CitizenActor):
        return frozenset()
    return parties_of_person(who.person_id, case)


def parties_of_person(person_id: int, case: Case) -> frozenset[str]:
    """The parties of ``case`` the person is."""
    found = set()
    if person_id == case.applicant_id:
        found.add(APPLICANT)
    if person_id == case.co_applicant_id:
        found.add(CO_APPLICANT)
    return frozenset(found)
