"""Writes and signing of the electronic credentials (DOMAIN §9, §15.4; ADR 0015).

- ``issuer_key_rotate``: a new signing key; the old one stops signing and keeps verifying
  for one QR lifetime (plus clock skew), so nothing it signed fails before it expires.
- ``driving_license_sign`` / ``inspection_mark_sign``: the citizen's own credential as a QR
  string, re-signed on every call (the page calls again before it expires). Signing reads
  the register and writes nothing but the credential's row the first time.
- ``credential_verify``: anyone's check of a QR string: the signature offline, then the live
  status from the register; recorded for the holder and audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock, crypto
from jiaoguan.core.ids import mask_name
from jiaoguan.credentials import errors, keys
from jiaoguan.credentials.models import Credential, IssuerKey
from jiaoguan.credentials.rules import payload
from jiaoguan.credentials.rules.status import (
    ABNORMAL_LICENSE_CONDITIONS,
    LiveStatus,
    Status,
    license_live_status,
    vehicle_live_status,
)
from jiaoguan.drivers.selectors import LicenseView, license_of_person
from jiaoguan.identity.actors import CitizenActor, permission_require, system_actor
from jiaoguan.vehicles.selectors import VehicleView, vehicles_of_person

KIND_OF_MODEL = {
    Credential.Kind.DRIVING_LICENSE: payload.Kind.DRIVING_LICENSE,
    Credential.Kind.INSPECTION_MARK: payload.Kind.INSPECTION_MARK,
}


def qr_seconds() -> int:
    return max(10, int(settings.JIAOGUAN_CREDENTIALS_QR_SECONDS))


def _key_overlap() -> timedelta:
    return timedelta(seconds=qr_seconds() + 2 * payload.CLOCK_SKEW_SECONDS)


def issuer_key_rotate(*, actor: Any) -> IssuerKey:
    """Start a new signing key now (``credentials.add_issuerkey``: an officer of the key
    administration, or a system job). Keys still signing stop now and verify for one QR
    lifetime more. Audited; the key's private half is sealed (core.crypto)."""
    who = permission_require(actor, "credentials.add_issuerkey")
    now = clock.now()
    with transaction.atomic():
        overlap_until = now + _key_overlap()
        for old in IssuerKey.objects.select_for_update().filter(signs_until__gt=now):
            old.signs_until = now
            old.not_after = min(old.not_after, overlap_until)
            old.save(update_fields=["signs_until", "not_after"])
        key_id = f"jg{now:%Y%m%d%H%M}-{secrets.token_hex(3)}"
        _private, public_b64, private_b64 = keys.new_key_material()
        signs_until = now + timedelta(days=int(settings.JIAOGUAN_CREDENTIALS_KEY_SIGN_DAYS))
        key = IssuerKey.objects.create(
            key_id=key_id,
            public_key=public_b64,
            private_key_sealed=crypto.encrypt(private_b64, context=keys.sealed_context(key_id)),
            created_at=now,
            signs_until=signs_until,
            not_after=signs_until + _key_overlap(),
        )
        audit_record(actor=who, action="credentials.issuer_key.rotate", subject=key)
        transaction.on_commit(keys.forget)
    keys.forget()
    return key


def _signing_key() -> keys.SigningKey:
    key = keys.signing_key()
    if key is None:  # the first credential of an installation, or every key has lapsed
        issuer_key_rotate(actor=system_actor("credentials.keys"))
        key = keys.signing_key()
        assert key is not None
    return key


@dataclass(frozen=True)
class Signed:
    qr: str
    issued_at: datetime
    expires_at: datetime
    credential: Credential
    fields: dict[str, str]


def _credential(*, kind: str, person_id: int, vehicle_id: int | None, actor: Any) -> Credential:
    found = Credential.objects.filter(kind=kind, person_id=person_id, vehicle=vehicle_id)
    credential = found.first()
    if credential is not None:
        return credential
    try:
        with transaction.atomic():
            credential = Credential.objects.create(
                kind=kind, person_id=person_id, vehicle_id=vehicle_id
            )
            audit_record(actor=actor, action="credentials.credential.create", subject=credential)
    except IntegrityError:  # another request of the same holder created it first
        credential = found.get()
    return credential


def _sign(credential: Credential, fields: dict[str, str]) -> Signed:
    key = _signing_key()
    now = clock.now().replace(microsecond=0)
    expires = now + timedelta(seconds=qr_seconds())
    qr = payload.sign(
        private_key=key.private_key,
        key_id=key.key_id,
        kind=KIND_OF_MODEL[Credential.Kind(credential.kind)],
        credential_id=credential.public_id,
        issued_at=int(now.timestamp()),
        expires_at=int(expires.timestamp()),
        fields=fields,
    )
    return Signed(qr=qr, issued_at=now, expires_at=expires, credential=credential, fields=fields)


def license_fields(view: LicenseView) -> dict[str, str]:
    """What an electronic licence's QR itself discloses: the masked name, the classes and the
    validity, and the status at signing. Nothing else travels in the QR (anyone who scans it
    can read it)."""
    return {
        "n": mask_name(view.holder_name),
        "c": " ".join(code for code, _on in view.classes),
        "v": view.valid_until.isoformat() if view.valid_until else "long_term",
        # the status when signed, for verifiers offline (online, the register's live one wins)
        "s": "abnormal" if license_is_abnormal(view) else "normal",
    }


def mark_fields(view: VehicleView) -> dict[str, str]:
    """What an electronic inspection mark's QR discloses: plate, vehicle type and
    检验有效期至 (the plate is on the vehicle already)."""
    vehicle = view.vehicle
    return {
        "p": vehicle.plate_number,
        "t": vehicle.vehicle_type,
        "v": vehicle.inspection_valid_until.isoformat(),
        "s": "normal",  # a mark is signed only while the inspection is valid
    }


def driving_license_sign(*, actor: CitizenActor) -> Signed:
    """The citizen's electronic driving licence, signed now. Raises ``credentials.license.none``
    (404) without a licence, ``credentials.license.ended`` (409) for a cancelled or revoked
    one (revocation: no new QR; an old one turns red on verification)."""
    view = license_of_person(person_id=actor.person_id, as_of=clock.today())
    if view is None:
        raise errors.no_license()
    if view.status.overall in ("cancelled", "revoked"):
        raise errors.license_ended()
    credential = _credential(
        kind=Credential.Kind.DRIVING_LICENSE,
        person_id=actor.person_id,
        vehicle_id=None,
        actor=actor,
    )
    return _sign(credential, license_fields(view))


def _vehicle_status(view: VehicleView) -> LiveStatus:
    return vehicle_live_status(
        [entry.condition for entry in view.schedule.status.conditions],
        inspection_valid_until=view.vehicle.inspection_valid_until,
        as_of=clock.today(),
    )


def abnormal_license_conditions() -> tuple[str, ...]:
    """The licence conditions shown red: the setting, else the product default."""
    configured = settings.JIAOGUAN_CREDENTIALS_ABNORMAL_LICENSE_CONDITIONS
    return tuple(configured) or ABNORMAL_LICENSE_CONDITIONS


def license_is_abnormal(view: LicenseView) -> bool:
    """Whether the holder's own QR is drawn red (as a verifier would see it)."""
    status = license_live_status(view.status.conditions, abnormal=abnormal_license_conditions())
    return status.status is Status.ABNORMAL


def mark_may_be_shown(view: VehicleView) -> bool:
    """Whether the vehicle's inspection is valid now, so it has an electronic mark."""
    return _vehicle_status(view).status is Status.NORMAL


def inspection_mark_sign(*, actor: CitizenActor, vehicle_id: int) -> Signed:
    """The electronic inspection mark of one of the citizen's own vehicles, signed now.
    Raises ``credentials.vehicle.not_owned`` (403) for a vehicle that is not theirs (or
    does not exist: the same answer), ``credentials.mark.inspection_not_valid`` (409) when
    the inspection is not currently valid."""
    views = vehicles_of_person(person_id=actor.person_id, as_of=clock.today())
    view = next((v for v in views if v.vehicle.pk == vehicle_id), None)
    if view is None:
        raise errors.vehicle_not_owned()
    if _vehicle_status(view).status is not Status.NORMAL:
        raise errors.inspection_not_valid()
    credential = _credential(
        kind=Credential.Kind.INSPECTION_MARK,
        person_id=actor.person_id,
        vehicle_id=vehicle_id,
        actor=actor,
    )
    return _sign(credential, mark_fields(view))
