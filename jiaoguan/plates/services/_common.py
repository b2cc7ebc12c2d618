"""Checks shared by the plate services: who acts, and a VIN."""

from jiaoguan.core.ids import InvalidVin, parse_vin
from jiaoguan.identity.models import Organization, User
from jiaoguan.plates import errors


def require_officer(actor, permission: str) -> None:
    if not (
        isinstance(actor, User)
        and actor.kind == User.Kind.OFFICER
        and actor.is_active
        and actor.has_perm(permission)
    ):
        raise errors.officer_only()


def check_vin(vin: str) -> str:
    try:
        return parse_vin(vin or "")
    except InvalidVin:
        raise errors.vin_invalid() from None


def dealer_id_of(actor) -> int | None:
    """The dealer organization an actor acts for (a partner or an organization user)."""
    kind = getattr(actor, "organization_kind", None)
    if kind is not None:
        return actor.organization_id if kind == Organization.Kind.DEALER else None
    if isinstance(actor, User) and actor.kind == User.Kind.ORGANIZATION:
        organization = actor.organization
        if organization is not None and organization.kind == Organization.Kind.DEALER:
            return organization.pk
    return None
