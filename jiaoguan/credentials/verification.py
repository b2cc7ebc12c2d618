"""``credential_verify``: anyone's check of a QR string (DOMAIN §9 "verification").

1. The signature, offline, against the published keys (``rules.payload.verify``).
2. The live status from the register: the licence's conditions (drivers rules) or the
   vehicle's inspection validity (vehicles rules). A cancelled licence is red: revocation
   needs no list, the register is asked every time.
3. What the verifier sees (selective disclosure): everyone gets what the QR itself carries
   (masked name, classes, validity; or plate, type, 检验有效期至) and the status; an
   authorised verifier (an officer signed in with a second factor, or a partner
   organisation signing with its key) also gets the full name and licence number; less
   what the holder chose to hide from that kind of verifier (``rules.disclosure``: never
   the legal minimum, nothing from officers).
4. A ``Verification`` row for the holder (“谁核验了我的证照”) when the signature held, and
   an audit event for every check: both in one statement (``audit_record_beside``).

The hot path (a valid QR from the public) reads no database row: the credential's immutable
facts are kept in this process, the live status in the cache under the holder's records
token (one cache round trip), and it writes one statement.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from jiaoguan.audit.services import audit_event, audit_record_beside, person_index_of
from jiaoguan.core import clock
from jiaoguan.core.ids import mask_id_number
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.credentials import errors, explanations, keys
from jiaoguan.credentials.disclosure import hidden_of_person
from jiaoguan.credentials.models import Credential, Verification
from jiaoguan.credentials.rules import payload
from jiaoguan.credentials.rules.disclosure import disclose
from jiaoguan.credentials.rules.status import (
    LiveStatus,
    Status,
    license_live_status,
    vehicle_live_status,
)
from jiaoguan.credentials.services import abnormal_license_conditions
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.identity.actors import OfficerActor, PartnerActor
from jiaoguan.identity.records import records_token_key
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


@dataclass(frozen=True)
class Holder:
    """A credential's immutable facts (a row never changes once created): kept in this
    process, so a verification reads no ``Credential`` row."""

    pk: int
    kind: str
    person_id: int
    vehicle_id: int | None
    public_id: str


_HOLDERS: OrderedDict[str, Holder] = OrderedDict()
HOLDERS_KEPT = 100_000


def _holder(public_id: str) -> Holder | None:
    held = _HOLDERS.get(public_id)
    if held is not None:
        return held
    row = (
        Credential.objects.filter(public_id=public_id)
        .values_list("pk", "kind", "person_id", "vehicle_id")
        .first()
    )
    if row is None:
        return None
    held = _HOLDERS[public_id] = Holder(*row, public_id=public_id)
    if len(_HOLDERS) > HOLDERS_KEPT:
        _HOLDERS.popitem(last=False)
    return held


def holders_forget() -> None:
    """Tests that reuse credential ids across databases."""
    _HOLDERS.clear()


@dataclass(frozen=True)
class Live:
    status: LiveStatus
    facts: dict[str, str]  # the register facts an authorised verifier also sees
    person_index: str  # the keyed hash of the holder's id number (the audit's index)
    person_masked: str
    hidden: dict  # the holder's choices (credentials.disclosure.hidden_of_person)


def _live(holder: Holder) -> Live:
    """The register's status now, the facts only an authorised verifier sees, and the audit's
    index of the holder: one cache round trip when kept.

    Kept in the cache for at most ``CREDENTIALS_STATUS_CACHE_SECONDS`` under the holder's
    records token (``identity.records``), which every service write to their licence, points
    or vehicles changes in its transaction and again on commit: such a change is seen by the
    next verification, and anything else (a change made around the services) within the
    cache's seconds. The cache keeps no name, id number or phone number."""
    today = clock.today().isoformat()
    seconds = int(settings.JIAOGUAN_CREDENTIALS_STATUS_CACHE_SECONDS)
    key = f"credentials.live:{holder.pk}"
    token_key = records_token_key(holder.person_id)
    kept: dict = cache.get_many([key, token_key]) if seconds else {}
    token = kept.get(token_key)
    entry = kept.get(key)
    if entry is not None and entry[0] == token and entry[1] == today:
        _token, _today, code, reason, facts, index, masked, hidden = entry
        return Live(LiveStatus(Status(code), reason), facts, index, masked, hidden)
    credential = Credential.objects.select_related("person").get(pk=holder.pk)
    status, facts = _register_status(credential, clock.today())
    id_number = credential.person.id_number
    index = person_index_of(id_number)
    masked = mask_id_number(id_number)
    hidden = hidden_of_person(holder.person_id)
    if seconds:
        entry = (token, today, str(status.status), status.reason, facts, index, masked, hidden)
        cache.set(key, entry, seconds)
    return Live(status, facts, index, masked, hidden)


def _authorised_extra(holder: Holder, facts: dict[str, str]) -> dict[str, str]:
    """What an authorised verifier sees beyond the QR: read from the register each time
    (authorised checks are the few; the cache keeps no name or id number)."""
    person = Credential.objects.select_related("person").get(pk=holder.pk).person
    if holder.kind == Credential.Kind.DRIVING_LICENSE:
        return {"name": person.name, "license_number": person.id_number, **facts}
    return {**facts, "owner_name": person.name}


def _outcome(qr: str) -> payload.Outcome:
    now = int(clock.now().timestamp())
    outcome = payload.verify(qr, keys=keys.verifying_keys(), now=now)
    if outcome.refusal is payload.Refusal.UNKNOWN_KEY:  # perhaps a key newer than our copy
        outcome = payload.verify(qr, keys=keys.verifying_keys(refresh=True), now=now)
    return outcome


def _wait_for_disk() -> bool:
    return not settings.JIAOGUAN_CREDENTIALS_VERIFY_ASYNC_COMMIT


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
    holder = _holder(str(claims.credential_id)) if claims is not None else None
    if claims is None or holder is None:
        reason = outcome.refusal or explanations.UNKNOWN_CREDENTIAL
        result = VerifyResult(False, Status.ABNORMAL, str(reason), explanations.reason_text(reason))
        refused = audit_event(
            actor=verifier,
            action="credentials.verify",
            data={"valid": False, "reason": str(reason), "verifier": verifier.kind},
            ip_address=ip_address,
        )
        audit_record_beside(None, refused, wait_for_disk=_wait_for_disk())
        return result
    disclosed = dict(claims.fields)
    disclosed.pop("s", None)  # the status when signed: online, ``status`` says the live one
    kind = str(claims.kind)
    live = _live(holder)
    if outcome.refusal is not None:
        status, reason = Status.ABNORMAL, str(outcome.refusal)
        valid = False
    else:
        status, reason, valid = live.status.status, live.status.reason, True
        if verifier.authorised:
            disclosed.update(_authorised_extra(holder, live.facts))
        disclosed = disclose(
            disclosed,
            verifier_kind=verifier.kind,
            kind=kind,
            hidden=live.hidden.get(verifier.kind, {}).get(kind, ()),
        )
    now = clock.now()
    result = VerifyResult(
        valid=valid,
        status=str(status),
        reason=reason,
        reason_text=explanations.reason_text(reason, kind=kind),
        kind=kind,
        credential_id=holder.public_id,
        issued_at=datetime.fromtimestamp(claims.issued_at, tz=now.tzinfo),
        expires_at=datetime.fromtimestamp(claims.expires_at, tz=now.tzinfo),
        disclosed=disclosed,
        authorised=verifier.authorised,
    )
    record = Verification(
        credential_id=holder.pk,
        verifier_kind=verifier.kind,
        verifier_label=verifier.label[:200],
        valid=valid,
        status=str(status),
        reason=reason[:40],
    )
    event = audit_event(
        actor=verifier,
        action="credentials.verify",
        data={"valid": valid, "status": str(status), "reason": reason, "verifier": verifier.kind},
        ip_address=ip_address,
    )
    event.subject_type, event.subject_id = Credential._meta.label_lower, str(holder.pk)
    event.person_index, event.person_masked = live.person_index, live.person_masked
    audit_record_beside(record, event, wait_for_disk=_wait_for_disk())  # one statement
    return result
