"""Checks shared by the plate services: who acts, and a VIN."""

from jiaoguan.core.ids import InvalidVin, parse_vin
from jiaoguan.identity.selectors import dealer_id_of, is_active_officer
from jiaoguan.plates import errors

__all__ = ["check_vin", "dealer_id_of", "require_officer"]


def require_officer(actor, permission: str) -> None:
    if not (is_active_officer(actor) and actor.has_perm(permission)):
        raise errors.officer_only()


def check_vin(vin: str) -> str:
    try:
        return parse_vin(vin or "")
    except InvalidVin:
        raise errors.vin_invalid() from None
