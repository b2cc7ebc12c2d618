"""Whether a minor accident may be settled online (快处快赔), and what to do instead.

DOMAIN.md §10: the platform's scope is two motor vehicles, property damage only, both
insured with 交强险, both drivers' licences and both vehicle licences valid, both vehicles
movable (12123 "事故快处"). 事故程序规定 art. 13 lists the cases where the parties must
call the police and may not settle themselves; art. 14 those where they move first and
then call the police. Each refusal is a stable code; ``instead`` says what to do.

Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Facts",
    "Instead",
    "Outcome",
    "Reason",
    "eligibility_check",
]


class Reason(StrEnum):
    """Why an accident may not be settled online. The values are stable API codes."""

    # 事故程序规定 art. 13: call the police, do not settle yourselves.
    INJURED = "injured"  # death or injury
    NOT_LICENSED = "not_licensed"  # no valid licence or the wrong class
    DRINK_OR_DRUGS = "drink_or_drugs"
    OVERLOADED_PASSENGER_VEHICLE = "overloaded_passenger_vehicle"  # school bus, passenger transport
    NO_OR_FAKE_PLATES = "no_or_fake_plates"
    NOT_MOVABLE = "not_movable"
    PARTY_LEFT = "party_left"
    DELIBERATE = "deliberate"
    DANGEROUS_GOODS = "dangerous_goods"  # art. 15
    # Art. 14: move the vehicles first, then call the police.
    NOT_INSURED = "not_insured"  # no 交强险 (no insurance mark)
    NO_INSPECTION_MARK = "no_inspection_mark"
    HIT_PROPERTY = "hit_property"  # buildings or public facilities
    # Outside the platform's scope (12123): settle offline or call the police.
    NOT_TWO_VEHICLES = "not_two_vehicles"
    NON_MOTOR_VEHICLE = "non_motor_vehicle"
    VEHICLE_LICENCE_INVALID = "vehicle_licence_invalid"
    DISPUTED_IDENTITY = "disputed_identity"  # a party refuses to give name or documents


class Instead(StrEnum):
    """What the parties do when they may not settle online."""

    CALL_122_AND_120 = "call_122_and_120"  # someone is hurt: ambulance and police, stay
    CALL_122_STAY = "call_122_stay"  # call the police and wait at the scene (art. 13)
    MOVE_THEN_CALL_122 = "move_then_call_122"  # take photos, clear the road, then call (art. 14)
    CALL_122 = "call_122"  # outside the platform: the police handle it, or settle offline


#: Each reason's course of action. The most urgent course among the reasons wins.
COURSE: dict[Reason, Instead] = {
    Reason.INJURED: Instead.CALL_122_AND_120,
    Reason.NOT_LICENSED: Instead.CALL_122_STAY,
    Reason.DRINK_OR_DRUGS: Instead.CALL_122_STAY,
    Reason.OVERLOADED_PASSENGER_VEHICLE: Instead.CALL_122_STAY,
    Reason.NO_OR_FAKE_PLATES: Instead.CALL_122_STAY,
    Reason.NOT_MOVABLE: Instead.CALL_122_STAY,
    Reason.PARTY_LEFT: Instead.CALL_122_STAY,
    Reason.DELIBERATE: Instead.CALL_122_STAY,
    Reason.DANGEROUS_GOODS: Instead.CALL_122_STAY,
    Reason.NOT_INSURED: Instead.MOVE_THEN_CALL_122,
    Reason.NO_INSPECTION_MARK: Instead.MOVE_THEN_CALL_122,
    Reason.HIT_PROPERTY: Instead.MOVE_THEN_CALL_122,
    Reason.NOT_TWO_VEHICLES: Instead.CALL_122,
    Reason.NON_MOTOR_VEHICLE: Instead.CALL_122,
    Reason.VEHICLE_LICENCE_INVALID: Instead.CALL_122,
    Reason.DISPUTED_IDENTITY: Instead.CALL_122_STAY,
}
_URGENCY = (
    Instead.CALL_122_AND_120,
    Instead.CALL_122_STAY,
    Instead.MOVE_THEN_CALL_122,
    Instead.CALL_122,
)


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What the parties say about the accident. Defaults describe an eligible accident
    except for the two counts and flags every caller must give."""

    vehicles: int
    injured: bool
    both_insured: bool
    both_licensed: bool
    movable: bool
    drink_or_drugs: bool = False
    dangerous_goods: bool = False
    no_or_fake_plates: bool = False
    party_left: bool = False
    hit_property: bool = False
    deliberate: bool = False
    overloaded_passenger_vehicle: bool = False
    non_motor_vehicle: bool = False
    both_vehicle_licences_valid: bool = True
    both_inspection_marks: bool = True
    identities_given: bool = True


@dataclass(frozen=True)
class Outcome:
    eligible: bool
    reasons: tuple[Reason, ...]
    instead: Instead | None

    @property
    def must_stay(self) -> bool:
        """The vehicles stay where they are for the police (art. 13)."""
        return self.instead in (Instead.CALL_122_AND_120, Instead.CALL_122_STAY)


def eligibility_check(facts: Facts) -> Outcome:
    """Every reason that keeps the accident off the platform, in the order of ``Reason``
    (a stable order), and the most urgent course of action among them. Eligible when
    there is no reason."""
    found = {
        Reason.INJURED: facts.injured,
        Reason.NOT_LICENSED: not facts.both_licensed,
        Reason.DRINK_OR_DRUGS: facts.drink_or_drugs,
        Reason.OVERLOADED_PASSENGER_VEHICLE: facts.overloaded_passenger_vehicle,
        Reason.NO_OR_FAKE_PLATES: facts.no_or_fake_plates,
        Reason.NOT_MOVABLE: not facts.movable,
        Reason.PARTY_LEFT: facts.party_left,
        Reason.DELIBERATE: facts.deliberate,
        Reason.DANGEROUS_GOODS: facts.dangerous_goods,
        Reason.NOT_INSURED: not facts.both_insured,
        Reason.NO_INSPECTION_MARK: not facts.both_inspection_marks,
        Reason.HIT_PROPERTY: facts.hit_property,
        Reason.NOT_TWO_VEHICLES: facts.vehicles != 2,
        Reason.NON_MOTOR_VEHICLE: facts.non_motor_vehicle,
        Reason.VEHICLE_LICENCE_INVALID: not facts.both_vehicle_licences_valid,
        Reason.DISPUTED_IDENTITY: not facts.identities_given,
    }
    reasons = tuple(reason for reason in Reason if found[reason])
    if not reasons:
        return Outcome(True, (), None)
    courses = {COURSE[reason] for reason in reasons}
    instead = next(course for course in _URGENCY if course in courses)
    return Outcome(False, reasons, instead)
