"""``credential_verify``: anyone's check of a QR string (DOMAIN §9 "verification").

1. The signature, offline, against the published keys (``rules.payload.verify``).
2. The live status from the register: the licence's conditions (drivers rules) or the
   vehicle's inspection validity (vehicles rules). A cancelled licence is red: revocation
   needs no list, the register is asked every time.
3. What the verifier sees (selective disclosure): everyone gets what the QR itself carries
   (masked name, classes, validity; or plate, type, 检验有效期至) and the status; an
   authorised verifier (an officer signed in with a second factor, or a partner
   organisation signing with its key) also gets the full name and licence number.
4. A ``Verification`` row for the holder (“谁核验了我的证照”) when the signature held, and
   an audit event for every check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.credentials import errors, explanations, keys
from jiaoguan.credentials.models import Credential, Verification
from jiaoguan.credentials.rules import payload
from jiaoguan.credentials.rules.status import (
    LiveStatus,
    Status,
    license_live_status,
    vehicle_live_status,
)
from jiaoguan.credentials.services import abnormal_license_conditions
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.actors import OfficerActor, PartnerActor
from jiaoguan.vehicles.selectors import vehicles_of_person


@dataclass(frozen=True)
class Verifier:
    """Who is checking. ``actor`` is None for the public; ``authorised`` verifiers see more."""

    kind: str  # a Verification.VerifierKind value
    label: str
    actor: Any = None

    @property
    def authorised(self) -> bool:
        return self.kind != Verification.VerifierKind.ANONYMOUS

    @property
    def audit_label(self) -> str:
        return self.actor.audit_label if self.actor is not None else "anonymous"

    @property
    def user_id(self) -> int | None:
        return getattr(self.actor, "user_id", None)


def verifier_anonymous() -> Verifier:
    return Verifier(Verification.VerifierKind.ANONYMOUS, "")


def verifier_officer(actor: OfficerActor, *, display_name: str = "") -> Verifier:
    return Verifier(Verification.VerifierKind.OFFICER, display_name or actor.username, actor)


def verifier_partner(actor: PartnerActor) -> Verifier:
    return Verifier(Verification.VerifierKind.PARTNER, actor.organization_name, actor)


@dataclass(frozen=True)
class VerifyResult:
    valid: bool
    status: str  # normal / abnormal (abnormal whenever not valid)
    reason: str
    reason_text: str
    kind: str = ""  # dl / im
    credential_id: str = ""
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    disclosed: dict[str, str] = field(default_factory=dict)
    authorised: bool = False


def _register_status(credential: Credential, today) -> tuple[LiveStatus, dict[str, str]]:
    """The register's status on ``today``, and the register facts (no identity or phone
    number: this is what the cache keeps) an authorised verifier also sees."""
    if credential.kind == Credential.Kind.DRIVING_LICENSE:
        view = license_of_person(person_id=credential.person_id, as_of=today)
        if view is None:
            return LiveStatus(Status.ABNORMAL, explanations.NO_LICENSE), {}
        status = license_live_status(view.status.conditions, abnormal=abnormal_license_conditions())
        extra = {
            "issuing_authority": view.license.issuing_authority,
            "cycle_points": str(view.status.cycle_points),
        }
        return status, extra
    views = vehicles_of_person(person_id=credential.person_id, as_of=today)
    vehicle = next((v for v in views if v.vehicle.pk == credential.vehicle_id), None)
    if vehicle is None:
        return LiveStatus(Status.ABNORMAL, explanations.NOT_OWNER), {}
    status = vehicle_live_status(
        [entry.condition for entry in vehicle.schedule.status.conditions],
        inspection_valid_until=vehicle.vehicle.inspection_valid_until,
        as_of=today,
    )
    return status, {"vin": vehicle.vehicle.vin}


def _live(credential: Credential) -> tuple[LiveStatus, dict[str, str]]:
    """The register's status now, and the fields only an authorised verifier sees.

    Kept in the cache for at most ``CREDENTIALS_STATUS_CACHE_SECONDS`` under the holder's
    ``records_version``, which every service write to their licence, points or vehicles bumps
    in its transaction: such a change is seen by the next verification, and anything else
    (a change made around the services) within the cache's seconds."""
    today = clock.today()
    seconds = int(settings.JIAOGUAN_CREDENTIALS_STATUS_CACHE_SECONDS)
    person = credential.person
    key = f"credentials.status:{credential.pk}:{person.records_version}:{today.isoformat()}"
    cached = cache.get(key) if seconds else None
    if cached is None:
        status, facts = _register_status(credential, today)
        cached = (str(status.status), status.reason, facts)
        if seconds:
            cache.set(key, cached, seconds)
    status_code, reason, facts = cached
    if credential.kind == Credential.Kind.DRIVING_LICENSE:
        extra = {"name": person.name, "license_number": person.id_number, **facts}
    else:
        extra = {**facts, "owner_name": person.name}
    return LiveStatus(Status(status_code), reason), extra


def _outcome(qr: str) -> payload.Outcome:
    now = int(clock.now().timestamp())
    outcome = payload.verify(qr, keys=keys.verifying_keys(), now=now)
    if outcome.refusal is payload.Refusal.UNKNOWN_KEY:  # perhaps a key newer than our copy
        outcome = payload.verify(qr, keys=keys.verifying_keys(refresh=True), now=now)
    return outcome


def credential_verify(
    *, qr: str, verifier: Verifier, ip_address: str | None = None
) -> VerifyResult:
    """Check ``qr`` for ``verifier``. Never raises for any string: a refusal is a result with
    ``valid`` false and its reason. Raises ``credentials.verify.rate_limited`` (429) past the
    public verifications allowed per address and minute. Records a ``Verification`` when the
    signature held and an audit event (``credentials.verify``) always."""
    if not verifier.authorised and ip_address:
        limit = settings.JIAOGUAN_CREDENTIALS_VERIFY_PER_ADDRESS_PER_MINUTE
        if not within_limit("credentials.verify", ip_address, limit=limit, window_seconds=60):
            raise errors.verify_rate_limited()
    outcome = _outcome(qr)
    claims = outcome.claims
    credential = None
    if claims is not None:
        credential = (
            Credential.objects.select_related("person")
            .filter(public_id=claims.credential_id)
            .first()
        )
    if claims is None or credential is None:
        reason = outcome.refusal or explanations.UNKNOWN_CREDENTIAL
        result = VerifyResult(False, Status.ABNORMAL, str(reason), explanations.reason_text(reason))
        audit_record(
            actor=verifier,
            action="credentials.verify",
            data={"valid": False, "reason": str(reason), "verifier": verifier.kind},
            ip_address=ip_address,
        )
        return result
    disclosed = dict(claims.fields)
    disclosed.pop("s", None)  # the status when signed: online, ``status`` says the live one
    kind = str(claims.kind)
    if outcome.refusal is not None:
        status, reason = Status.ABNORMAL, str(outcome.refusal)
        valid = False
    else:
        live, extra = _live(credential)
        status, reason, valid = live.status, live.reason, True
        if verifier.authorised:
            disclosed.update(extra)
    result = VerifyResult(
        valid=valid,
        status=str(status),
        reason=reason,
        reason_text=explanations.reason_text(reason, kind=kind),
        kind=kind,
        credential_id=str(credential.public_id),
        issued_at=datetime.fromtimestamp(claims.issued_at, tz=clock.now().tzinfo),
        expires_at=datetime.fromtimestamp(claims.expires_at, tz=clock.now().tzinfo),
        disclosed=disclosed,
        authorised=verifier.authorised,
    )
    with transaction.atomic():  # one commit for both rows
        Verification.objects.create(
            credential=credential,
            verifier_kind=verifier.kind,
            verifier_label=verifier.label[:200],
            valid=valid,
            status=str(status),
            reason=reason[:40],
        )
        audit_record(
            actor=verifier,
            action="credentials.verify",
            subject=credential,
            person_id_number=credential.person.id_number,
            data={
                "valid": valid,
                "status": str(status),
                "reason": reason,
                "verifier": verifier.kind,
            },
            ip_address=ip_address,
        )
    return result
