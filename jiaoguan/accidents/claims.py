"""Claims (报案) at the parties' insurers, and the insurers' callbacks.

``claims_open`` runs in the transaction that makes the agreement (or the determination): one
claim per party (the unique party makes a second opening a no-op), filed after commit
through the delivery engine (kind ``accidents.claim_filing``, ``accidents.deliveries``)
under the claim's ``reference``, which the insurer takes once however often it is sent.

``claim_callback_receive`` takes an insurer's callback: verified by the gateway (a forged or
stale one answers 400 and is audited), stored once by ``(provider, event_key)``, and applied
once (only the transaction that stored it moves the claim, by conditional updates that only
go forward: ``accidents.rules.claims``).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from jiaoguan.accidents import insurers
from jiaoguan.accidents.events import ClaimProgressed
from jiaoguan.accidents.models import Accident, Claim, ClaimEvent, Party
from jiaoguan.accidents.rules import claims as rules
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.events import publish
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.insurer.base import CallbackInvalid, ClaimUpdate, InboundCallback
from jiaoguan.identity.actors import system_actor

logger = logging.getLogger(__name__)

FILING = "accidents.claim_filing"  # the delivery kind (accidents.deliveries)
CLAIMS_JOB = "accidents.claims"


def callback_url_of(provider: str) -> str:
    """Where insurers reached through ``provider`` call back."""
    path = reverse("api:accident_claim_events", kwargs={"provider": provider})
    return settings.JIAOGUAN_INSURER_CALLBACK_BASE_URL.rstrip("/") + path


def claims_open(*, accident: Accident, document_number: str) -> list[Claim]:
    """Open each party's claim (in the caller's transaction, which holds the accident's
    row lock), routed by the party's insurer's record (``insurers``: the insurer of the
    policy in the register, or the one the party named). A party whose insurer has no
    record, or takes no claims online here, gets a claim marked ``offline`` (the page says
    to take the document to the insurer). The filings are handed to the workers on commit.
    Audits ``accidents.claim.open``."""
    now = clock.now()
    opened: list[Claim] = []
    for party in Party.objects.filter(accident=accident).order_by("role"):
        insurer = insurers.insurer_of_name(party.insurer)
        code = insurer.code if insurer else ""
        online = insurers.takes_claims_online(insurer)
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    accident=accident,
                    party=party,
                    reference=uuid.uuid4(),
                    insurer=insurer,
                    provider=insurer.provider if online and insurer else "",
                    insurer_code=code,
                    document_number=document_number,
                    status=Claim.Status.QUEUED if online else Claim.Status.OFFLINE,
                    not_before=now,
                    dispatched_at=now if online else None,
                    created_at=now,
                )
        except IntegrityError:  # this party's claim is open already
            continue
        if online:
            delivery.enqueue(FILING, [claim.pk])
        audit_record(
            actor=system_actor(CLAIMS_JOB),
            action="accidents.claim.open",
            subject=claim,
            data={"party": party.role, "insurer": code, "online": online},
        )
        opened.append(claim)
    return opened


@dataclass(frozen=True)
class CallbackAnswer:
    outcome: str  # applied, stale, duplicate, rejected, unknown_claim, failed
    status: int
    body: dict[str, Any]


def _reject(provider: str, reason: str, ip_address: str | None, detail: str = "") -> None:
    logger.warning("insurer callback from %s refused: %s %s", provider, reason, detail)
    with transaction.atomic():
        audit_record(
            actor=system_actor(CLAIMS_JOB),
            action="accidents.claim.callback_reject",
            data={"provider": provider, "reason": reason, "detail": detail[:100]},
            ip_address=ip_address,
        )


def claim_callback_receive(
    *, provider: str, callback: InboundCallback, ip_address: str | None = None
) -> CallbackAnswer:
    """Verify, store once and apply an insurer's callback. Answers 200 for a callback taken
    (new or repeated: the insurer stops sending), 400 for one that is not the insurer's or
    not readable, 404 for a claim we never filed with that insurer (both audited), 503 when
    it could not be processed (the insurer sends it again). Never raises."""
    gateway = insurers.callback_gateway_for(provider)
    if gateway is None:
        _reject(provider, "unknown_provider", ip_address)
        return CallbackAnswer("rejected", 404, {"error": "unknown_provider"})
    try:
        update = gateway.verify_callback(callback)
    except CallbackInvalid as invalid:
        _reject(provider, invalid.reason, ip_address, invalid.detail)
        return CallbackAnswer("rejected", 400, {"error": invalid.reason})
    try:
        with transaction.atomic():
            outcome = claim_update_apply(update=update)
    except Exception:
        logger.exception("insurer callback from %s not taken", provider)
        return CallbackAnswer("failed", 503, {"error": "processing_error"})
    if outcome == "unknown_claim":
        _reject(provider, "unknown_claim", ip_address, update.reference)
        return CallbackAnswer(outcome, 404, {"error": "unknown_claim"})
    return CallbackAnswer(outcome, 200, {"ok": True, "outcome": outcome})


def claim_update_apply(*, update: ClaimUpdate) -> str:
    """Store a verified update once and apply it (in the caller's transaction): answers
    ``duplicate`` (stored already: nothing changes), ``unknown_claim``, ``applied`` (the
    claim moved forward) or ``stale`` (stored and its facts kept, but the claim is already
    further on). Concurrent deliveries of one update: the second insert waits for the
    first's commit and meets its row. Audits ``accidents.claim.update``."""
    reference = _uuid(update.reference)
    claim = (
        None
        if reference is None
        else Claim.objects.filter(reference=reference, insurer_code=update.insurer_code)
        .only("pk")
        .first()
    )
    if claim is None:
        return "unknown_claim"
    progress = rules.Progress(update.status.value)
    try:
        with transaction.atomic():
            event = ClaimEvent.objects.create(
                claim=claim,
                provider=update.provider[:20],
                event_key=update.event_key[:64],
                progress=progress.value,
                occurred_at=update.occurred_at,
                claim_number=update.claim_number[:40],
                amount_fen=update.amount_fen,
                note=update.note[:200],
                received_at=clock.now(),
            )
    except IntegrityError:
        return "duplicate"
    rows = Claim.objects.filter(pk=claim.pk)
    moved = rows.filter(progress_rank__lt=rules.rank(progress)).update(
        progress=progress.value,
        progress_rank=rules.rank(progress),
        last_event_at=update.occurred_at,
        insurer_note=update.note[:200],
    )
    if update.claim_number:
        rows.filter(claim_number="").update(claim_number=update.claim_number[:40])
    if progress is rules.Progress.ASSESSED and update.amount_fen is not None:
        rows.update(assessed_fen=update.amount_fen)
    if progress is rules.Progress.PAID and update.amount_fen is not None:
        rows.update(paid_fen=update.amount_fen)
    if moved:
        ClaimEvent.objects.filter(pk=event.pk).update(moved=True)
        if progress in rules.NOTIFIED:
            _progressed(claim.pk, progress, update)
    outcome = "applied" if moved else "stale"
    audit_record(
        actor=system_actor(CLAIMS_JOB),
        action="accidents.claim.update",
        subject=event,
        data={"claim": claim.pk, "progress": progress.value, "outcome": outcome},
    )
    return outcome


def _progressed(claim_id: int, progress: rules.Progress, update: ClaimUpdate) -> None:
    """Tell the claim's party (``events.ClaimProgressed``: a notice)."""
    party = Party.objects.filter(claim__pk=claim_id).values(
        "person_id", "vehicle_id", "plate_number"
    )[0]
    publish(
        ClaimProgressed(
            claim_id=claim_id,
            progress=progress.value,
            amount_fen=update.amount_fen if progress is not rules.Progress.REJECTED else None,
            at=update.occurred_at,
            **party,
        )
    )


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def claim_filed(*, claim_ids: list[int]) -> None:
    """After filings are written (``accidents.deliveries``): audited once each."""
    for claim_id in claim_ids:
        audit_record(
            actor=system_actor(CLAIMS_JOB),
            action="accidents.claim.file",
            subject=Claim(pk=claim_id),
        )
