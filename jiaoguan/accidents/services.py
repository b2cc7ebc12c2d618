"""事故快处 (DOMAIN §10): report, join, propose the responsibility, sign, dispute.

Each service is one transaction, takes the accident's row lock before it reads what it
decides on, moves the case through its table (``applications.rules.accidents``) and audits
its write. The two signatures are the once-only step: the second signature, whichever party
gives it and however close the two come, gives the agreement its number once (the row
lock, and a unique number).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiaoguan.accidents import errors
from jiaoguan.accidents.claims import claims_open
from jiaoguan.accidents.locking import locked_with_party
from jiaoguan.accidents.models import Accident, Party
from jiaoguan.accidents.photos import photos_require
from jiaoguan.accidents.rules import liability
from jiaoguan.accidents.rules.eligibility import Facts, eligibility_check
from jiaoguan.accidents.rules.reporting import report_is_late
from jiaoguan.accidents.selectors import party_citizen, party_person_id
from jiaoguan.applications import errors as case_errors
from jiaoguan.applications.rules.accidents import QUICK
from jiaoguan.applications.services import case_open, case_transition
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import is_region_code
from jiaoguan.drivers.rules.status import LicenseCondition
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity import services as identity
from jiaoguan.inspections.selectors import compulsory_insurance_of
from jiaoguan.vehicles.selectors import vehicle_id_for_plate

KIND = QUICK.kind
#: Letters and digits no one misreads (no I, O, 0, 1).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
VEHICLE_FIELDS = ("plate_type", "plate_number", "insurer", "policy_number", "collision_point")


def _licensed(person_id: int) -> None:
    """A valid licence in the register (事故程序规定 art. 13: otherwise call the police)."""
    view = license_of_person(person_id=person_id, as_of=clock.today())
    if view is None or LicenseCondition.VALID not in view.status.conditions:
        raise errors.not_licensed()


def _vehicle_fields(fields: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {name: str(fields.get(name) or "").strip() for name in VEHICLE_FIELDS}
    for name, value in checked.items():
        if not value:
            raise errors.required(name)
    checked["plate_number"] = checked["plate_number"].upper()
    checked["vehicle_id"] = vehicle_id_for_plate(
        plate_number=checked["plate_number"], plate_type=checked["plate_type"]
    )
    return checked


def _insurance_confirm(fields: dict[str, Any], occurred_at: datetime) -> dict[str, Any]:
    """A registered vehicle's 交强险 as its insurer reported it (``inspections``): it must
    cover the accident's day (事故程序规定 art. 14: no valid insurance, move the car and
    call the police), and the insurer and policy on the agreement and the claim are the
    policy's, whatever the party typed. A vehicle not in this register (another province's)
    or without a report keeps the party's own entries, unconfirmed (``insured_until`` None)."""
    if fields.get("vehicle_id") is None:
        return {**fields, "insured_until": None}
    policy = compulsory_insurance_of(vehicle_id=fields["vehicle_id"])
    if policy is None:
        return {**fields, "insured_until": None}
    if policy.insured_until < clock.local(occurred_at).date():
        raise errors.not_insured(fields["plate_number"], policy.insured_until)
    return {
        **fields,
        "insurer": policy.insurer[:60] or fields["insurer"],
        "policy_number": policy.policy_number[:40] or fields["policy_number"],
        "insured_until": policy.insured_until,
    }


def _coordinate(value: Any, limit: int, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise errors.location(field) from None
    if not number.is_finite() or abs(number) > limit:
        raise errors.location(field)
    return number.quantize(Decimal("0.000001"))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _move(actor: Any, accident: Accident, action: str, *, reason: str = "", ip: Any = None):
    try:
        accident.case = case_transition(
            actor=actor, case=accident.case, action=action, reason=reason, ip_address=ip
        )
    except case_errors.ActionNotAllowed as refused:
        labels = "、".join(str(QUICK.stage(state).label) for state in refused.allowed_from)
        raise errors.state(labels) from None


def accident_report(
    *,
    actor: Any,
    facts: Facts,
    occurred_at: datetime,
    place: str,
    latitude: Any,
    longitude: Any,
    region_code: str,
    weather: str,
    kind: str,
    ip_address: str | None = None,
    **vehicle: Any,
) -> Accident:
    """Party A reports: the facts must allow settling online (``accidents.not_eligible``
    says why not and what to do instead), A must hold a valid licence, and A's vehicle,
    insurer and collision point are recorded (``VEHICLE_FIELDS``; the vehicle is linked to
    the register when its plate is found). Opens the case; the accident's ``join_code`` is
    what party B types. A report more than a day after the accident is a late report (补报,
    art. 18): the case opens in ``late_reported`` and B may join once the police take it.
    Audits ``accidents.reported`` with the facts."""
    person_id = party_person_id(actor)
    outcome = eligibility_check(facts)
    if not outcome.eligible:
        raise errors.not_eligible(outcome)
    place = (place or "").strip()
    if not place:
        raise errors.required("place")
    if occurred_at > clock.now():
        raise errors.in_future("occurred_at")
    if not is_region_code(region_code or ""):
        raise errors.choice("region_code")
    if weather not in Accident.Weather.values:
        raise errors.choice("weather")
    if kind not in Accident.Kind.values:
        raise errors.choice("kind")
    lat, lon = _coordinate(latitude, 90, "latitude"), _coordinate(longitude, 180, "longitude")
    fields = _insurance_confirm(_vehicle_fields(vehicle), occurred_at)
    _licensed(person_id)
    applicant = party_citizen(actor).person
    late = report_is_late(occurred_at=occurred_at, reported_at=clock.now())
    with transaction.atomic():
        case = case_open(
            actor=actor,
            kind=KIND,
            state="late_reported" if late else "reported",
            applicant=applicant,
            province_code=region_code[:2],
            office_code=region_code,
            subject_label=place,
            ip_address=ip_address,
        )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    accident = Accident.objects.create(
                        case=case,
                        occurred_at=occurred_at,
                        place=place[:120],
                        latitude=lat,
                        longitude=lon,
                        region_code=region_code,
                        weather=weather,
                        kind=kind,
                        join_code=_new_code(),
                    )
                break
            except IntegrityError:  # the code is taken: draw another
                continue
        else:
            raise RuntimeError("no free join code in five draws")
        Party.objects.create(accident=accident, role=Party.Role.A, person_id=person_id, **fields)
        audit_record(
            actor=actor,
            action="accidents.reported",
            subject=accident,
            data={"facts": asdict(facts), "late": late},
            ip_address=ip_address,
        )
    return accident


def accident_join(
    *, actor: Any, code: str, ip_address: str | None = None, **vehicle: Any
) -> Accident:
    """Party B joins with the accident's code, their own vehicle, insurer and collision
    point (the 交强险 confirmed as for A); B must hold a valid licence and not be party A.
    A wrong code, or an accident that already has its B, answers ``accidents.join_code``.
    Audits ``accidents.joined``."""
    person_id = party_person_id(actor)
    fields = _vehicle_fields(vehicle)
    _licensed(person_id)
    code = (code or "").strip().upper()
    with transaction.atomic():
        accident = (
            Accident.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(join_code=code)
            .first()
        )
        if accident is not None and QUICK.action(accident.case.state, "accept_late"):
            raise errors.late_pending()  # a late report the police have not taken yet
        if accident is None or QUICK.action(accident.case.state, "join") is None:
            raise errors.join_code()  # no such code, or the accident already has its B
        if accident.case.applicant_id == person_id:
            raise errors.own_accident()
        fields = _insurance_confirm(fields, accident.occurred_at)
        case = accident.case
        case.co_applicant_id = person_id
        case.save(update_fields=["co_applicant"])
        _move(actor, accident, "join", ip=ip_address)
        Party.objects.create(accident=accident, role=Party.Role.B, person_id=person_id, **fields)
        audit_record(
            actor=actor, action="accidents.joined", subject=accident, ip_address=ip_address
        )
    return accident


def accident_propose(
    *,
    actor: Any,
    accident: Accident | int,
    scenario: str,
    party: str,
    ip_address: str | None = None,
) -> Accident:
    """Either party proposes the responsibility: a scenario of the liability table in force
    today and the party it names (``a`` or ``b``) give both shares. A new proposal clears
    the signatures given to an earlier one. Audits ``accidents.proposed``."""
    person_id = party_person_id(actor)
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked, _own = locked_with_party(pk, person_id)
        table = liability.table_on(clock.today())
        if party not in ("a", "b"):
            raise errors.party()
        try:
            shares = liability.liability_propose(table, scenario=scenario, actor=party)
        except liability.LiabilityError:
            raise errors.scenario() from None
        _move(actor, locked, "propose", ip=ip_address)
        locked.liability_version = table.version
        locked.scenario, locked.scenario_party = scenario, party
        locked.share_a, locked.share_b = shares.a, shares.b
        locked.save(
            update_fields=["liability_version", "scenario", "scenario_party", "share_a", "share_b"]
        )
        Party.objects.filter(accident=locked).update(signed_at=None, signed_with_sms=None)
        audit_record(
            actor=actor,
            action="accidents.proposed",
            subject=locked,
            data={"scenario": scenario, "party": party, "version": table.version},
            ip_address=ip_address,
        )
    return locked


def _may_sign(accident: Accident, own: Party) -> None:
    if QUICK.action(accident.case.state, "agree") is None:  # signing leads to the agreement
        allowed = QUICK.states_allowing("agree")
        raise errors.state("、".join(str(QUICK.stage(state).label) for state in allowed))
    if own.signed_at is not None:
        raise errors.already_signed()
    photos_require(accident)


def accident_sign_code(
    *, actor: Any, accident: Accident | int, ip_address: str | None = None
) -> int:
    """Text the signing party's own mobile the code that confirms their signature (the
    platform's SMS codes, ``identity.confirmation_code_send``); the challenge's id, which
    ``accident_sign`` takes back with the code. Refused as signing would be (state, signed
    already, photos missing) and ``accidents.no_phone`` without a registered mobile."""
    person_id = party_person_id(actor)
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked, own = locked_with_party(pk, person_id)
        _may_sign(locked, own)
        what = _("签署事故快处协议书（%(place)s）") % {"place": locked.place[:30]}
        challenge = identity.confirmation_code_send(
            person_id=person_id, action=str(what), ip_address=ip_address
        )
        if challenge is None:
            raise errors.no_phone()
        audit_record(
            actor=actor,
            action="accidents.sign_code_sent",
            subject=locked,
            data={"challenge": challenge.pk},
            ip_address=ip_address,
        )
    return challenge.pk


def accident_sign(
    *,
    actor: Any,
    accident: Accident | int,
    challenge_id: int,
    code: str,
    ip_address: str | None = None,
) -> Accident:
    """A party signs the proposed responsibility with the SMS code sent to their own mobile
    (``accident_sign_code``; a wrong or spent code answers ``identity.sms.code_invalid`` and
    counts against the code). The guided photos must be complete
    (``accidents.photos_missing``). The second signature makes the agreement (协议书): its
    number, its time, the case ``agreed``, and each party's claim at their insurer
    (``claims.claims_open``, filed after commit). Signing twice answers
    ``accidents.already_signed``; outside ``proposed``, ``accidents.state``. Audits
    ``accidents.signed`` with the code's challenge (and the case's ``agree``)."""
    person_id = party_person_id(actor)
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():  # refuse before spending the code
        _may_sign(*locked_with_party(pk, person_id))
    identity.confirmation_code_check(challenge_id=challenge_id, person_id=person_id, code=code)
    with transaction.atomic():
        locked, own = locked_with_party(pk, person_id)
        _may_sign(locked, own)
        now = clock.now()
        own.signed_at, own.signed_with_sms = now, challenge_id
        own.save(update_fields=["signed_at", "signed_with_sms"])
        audit_record(
            actor=actor,
            action="accidents.signed",
            subject=locked,
            data={"sms_challenge": challenge_id},
            ip_address=ip_address,
        )
        others = Party.objects.filter(accident=locked, signed_at__isnull=True).exclude(pk=own.pk)
        if not others.exists():
            locked.agreement_number = (
                f"KC{locked.region_code}{clock.local(now):%Y%m%d}{locked.pk:08d}"
            )
            locked.agreed_at = now
            locked.save(update_fields=["agreement_number", "agreed_at"])
            _move(actor, locked, "agree", ip=ip_address)
            claims_open(accident=locked, document_number=locked.agreement_number)
    return locked


def accident_dispute(
    *, actor: Any, accident: Accident | int, reason: str, ip_address: str | None = None
) -> Accident:
    """A party who disputes the facts asks the police to determine the responsibility
    online (art. 20), saying why; the case goes to the officers of the place's jurisdiction.
    A reason is required (``applications.case.reason_required``); it is also the party's
    statement for the officer (the other party may add theirs: ``determination``). The
    officer decides from the photos too: they must be complete (``accidents.photos_missing``)."""
    person_id = party_person_id(actor)
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked, own = locked_with_party(pk, person_id)
        if QUICK.action(locked.case.state, "dispute") is not None:
            photos_require(locked)
        _move(actor, locked, "dispute", reason=reason, ip=ip_address)
        own.statement = (reason or "").strip()[:1000]
        own.save(update_fields=["statement"])
    return locked
