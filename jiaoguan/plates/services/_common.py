"""Checks shared by the plate services: who acts, and a VIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiaoguan.core.errors import PermissionDenied
from jiaoguan.core.ids import InvalidVin, parse_vin
from jiaoguan.core.places import PROVINCE_CODES
from jiaoguan.identity.actors import (
    Actor,
    OfficerActor,
    SystemActor,
    permission_denied,
    permission_require,
)
from jiaoguan.identity.selectors import dealer_id_of
from jiaoguan.plates import errors
from jiaoguan.plates.models import PlateRequest

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

__all__ = ["check_vin", "dealer_id_of", "request_plate", "require_officer"]


def require_officer(
    actor: Actor | User | None, permission: str, *, plate: str | None = None
) -> OfficerActor | SystemActor:
    """The officer (or system job) holding ``permission``, whose province the plate (a
    number or a prefix: its first character) belongs to when given. Raises
    ``plates.forbidden``, or ``auth.outside_jurisdiction`` for another province's plate."""
    try:
        return permission_require(
            actor,
            permission,
            province_code=PROVINCE_CODES.get(plate[:1], "") if plate else None,
        )
    except PermissionDenied as error:
        if error.code == permission_denied().code:
            raise errors.officer_only() from None
        raise


def request_plate(request: PlateRequest) -> str:
    """The plate a request is about (its place): the previous number kept, or the vehicle's."""
    if request.kind == PlateRequest.Kind.KEEP_PREVIOUS:
        return request.previous_number or (
            request.new_vehicle.prefix if request.new_vehicle else ""
        )
    return request.vehicle.plate_number if request.vehicle else ""


def check_vin(vin: str) -> str:
    try:
        return parse_vin(vin or "")
    except InvalidVin:
        raise errors.vin_invalid() from None
