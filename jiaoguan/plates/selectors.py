"""Reads of number selection: parameters, public segments and statistics, holds, draws."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from jiaoguan.applications.selectors import case_is_open, party_actions
from jiaoguan.audit.purposes import purpose_stored
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE
from jiaoguan.identity.actors import Actor, SystemActor, jurisdiction_of
from jiaoguan.plates import errors, rules
from jiaoguan.plates.models import (
    Batch,
    Draw,
    NewVehicle,
    NumberSegment,
    PlateEvidence,
    PlateHold,
    PlateRequest,
    ReservedNumber,
    SelectionParameterSet,
    TemporaryPlate,
)
from jiaoguan.vehicles.selectors import plate_numbers_in_use, vehicles_registered_to_person

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person, User

_PARAMETERS_SECONDS = 60
_parameters: dict[date, tuple[float, rules.SelectionParameters]] = {}


def parameters_current(*, as_of: date | None = None) -> rules.SelectionParameters:
    """The selection parameters in force on ``as_of`` (default today); product defaults
    when the table is empty. Kept per process for a minute: every draw and self-composed
    try reads them, and an officer's edit in the admin shows within the minute."""
    day = as_of or clock.today()
    now = time.monotonic()
    cached = _parameters.get(day)
    if cached is None or now - cached[0] > _PARAMETERS_SECONDS:
        row = (
            SelectionParameterSet.objects.filter(effective_from__lte=day)
            .order_by("-effective_from")
            .first()
        )
        found = row.as_rules() if row is not None else rules.DEFAULT_PARAMETERS
        if len(_parameters) > 16:
            _parameters.clear()
        cached = _parameters[day] = (now, found)
    return cached[1]


_segments: dict[int, NumberSegment] = {}


def process_caches_clear() -> None:
    """Forget the per-process parameters and segments (tests, whose rolled-back rows may
    reuse ids)."""
    _parameters.clear()
    _segments.clear()


def segment_published(*, segment_id: int) -> NumberSegment | None:
    """A published segment by id, or None. Kept per process: a segment never changes once
    published (no service edits it and the admin shows it read-only)."""
    segment = _segments.get(segment_id)
    if segment is None:
        segment = NumberSegment.objects.filter(pk=segment_id).first()
        if segment is not None:
            if len(_segments) > 1000:
                _segments.clear()
            _segments[segment_id] = segment
    return segment


def unavailable_numbers(*, plate_type: str, numbers: list[str]) -> set[str]:
    """Which full plate numbers cannot be offered: reserved, held/lapsed/registered through
    selection, or borne by a registered vehicle. One query (a UNION), whatever the count."""
    if not numbers:
        return set()
    reserved = ReservedNumber.objects.filter(
        plate_type=plate_type, plate_number__in=numbers
    ).values_list("plate_number", flat=True)
    held = PlateHold.objects.filter(
        plate_type=plate_type, plate_number__in=numbers, state__in=PlateHold.OCCUPYING
    ).values_list("plate_number", flat=True)
    in_use = plate_numbers_in_use(plate_type=plate_type, numbers=numbers)
    # Model orderings would put ORDER BY inside the compound statement, which SQLite refuses.
    return set(reserved.order_by().union(held.order_by(), in_use.order_by()))


@dataclass(frozen=True)
class SegmentSummary:
    segment: NumberSegment
    taken: int
    open_batch: Batch | None
    #: The latest closed batches, newest first, with their revealed seeds.
    closed_batches: tuple[Batch, ...] = ()

    @property
    def available(self) -> int:
        return max(self.segment.pool_size - self.taken, 0)

    @property
    def status(self) -> str:
        """``upcoming`` before its start date, ``open`` with an open batch, else ``closed``."""
        if self.segment.starts_on > clock.today():
            return "upcoming"
        return "open" if self.open_batch is not None else "closed"


#: Closed batches shown per segment on the public page (the API lists them all).
REVEALED_SHOWN = 5


def segments_public(*, as_of: date | None = None) -> list[SegmentSummary]:
    """Every published segment (current and upcoming) with the numbers taken in each.

    "Taken" counts holds that keep a number out of the pool (held, lapsed, registered).
    """
    segments = NumberSegment.objects.annotate(
        taken=Count("holds", filter=Q(holds__state__in=PlateHold.OCCUPYING))
    ).order_by("starts_on", "id")
    open_batches = {
        batch.segment_id: batch for batch in Batch.objects.filter(closed_at__isnull=True)
    }
    closed: dict[int, list[Batch]] = {}
    for batch in Batch.objects.filter(closed_at__isnull=False).order_by("-closed_at", "-id")[
        : REVEALED_SHOWN * 20
    ]:
        shown = closed.setdefault(batch.segment_id, [])
        if len(shown) < REVEALED_SHOWN:
            shown.append(batch)
    return [
        SegmentSummary(
            segment=segment,
            taken=segment.taken,
            open_batch=open_batches.get(segment.pk),
            closed_batches=tuple(closed.get(segment.pk, ())),
        )
        for segment in segments
    ]


def batches_of_segment(*, segment_id: int) -> list[Batch]:
    """A segment's batches, newest first (the seed shows only once a batch is closed)."""
    return list(Batch.objects.filter(segment_id=segment_id))


def new_vehicles_of_person(*, person: Person) -> list[NewVehicle]:
    """The person's new vehicles awaiting registration, each with its held number if any."""
    vehicles = list(NewVehicle.objects.filter(owner=person).order_by("-created_at"))
    held = {
        hold.new_vehicle_id: hold
        for hold in PlateHold.objects.filter(new_vehicle__in=vehicles, state=PlateHold.State.HELD)
    }
    for vehicle in vehicles:
        vehicle.held = held.get(vehicle.pk)
    return vehicles


def draw_of_person(*, person: Person, reference: str) -> Draw:
    """One of the person's own draws; ``plates.draw.not_found`` for anyone else's."""
    found = (
        Draw.objects.select_related("batch__segment", "new_vehicle")
        .filter(reference=reference, new_vehicle__owner=person)
        .first()
        if is_reference(reference)
        else None
    )
    if found is None:
        raise errors.draw_not_found()
    return found


def _plate_province(actor: Actor | User | None) -> str | None:
    """The plate abbreviation of the officer's province (None: every plate, for a system
    job; an impossible prefix for anyone else)."""
    who = jurisdiction_of(actor)
    if isinstance(who, SystemActor):
        return None
    return ABBREVIATION_OF_PROVINCE_CODE.get(who.province_code, "-") if who else "-"


def holds_for_officers(
    *, actor: Actor | User | None, state: str = "", limit: int = 200, ip_address: str | None = None
) -> list[PlateHold]:
    """Recent holds of the officer's province's plates, optionally of one state, for the back
    office (owners' names only). The read is audited (``plates.holds.listed``, purpose
    ``counter_service``)."""
    holds = PlateHold.objects.select_related("person", "new_vehicle", "segment")
    if (abbreviation := _plate_province(actor)) is not None:
        holds = holds.filter(plate_number__startswith=abbreviation)
    if state:
        holds = holds.filter(state=state)
    found = list(holds[:limit])
    audit_record(
        actor=actor,
        action="plates.holds.listed",
        purpose=purpose_stored("counter_service"),
        data={"state": state, "count": len(found)},
        ip_address=ip_address,
    )
    return found


def temporary_plates_recent(
    *, actor: Actor | User | None, limit: int = 200
) -> list[TemporaryPlate]:
    """Recently issued temporary plates of the officer's province, for the back office."""
    plates = TemporaryPlate.objects.select_related("dealer", "issued_by")
    if (abbreviation := _plate_province(actor)) is not None:
        plates = plates.filter(number__startswith=abbreviation)
    return list(plates[:limit])


def holds_of_person(*, person: Person) -> list[PlateHold]:
    """The person's pre-selected numbers, newest first."""
    return list(PlateHold.objects.filter(person=person).select_related("new_vehicle", "segment"))


@dataclass(frozen=True)
class DrawVerification:
    draw: Draw
    seed: str | None
    seed_hash: str
    seed_matches: bool
    recomputed: bool


def draw_verify(*, reference: str) -> DrawVerification:
    """Recompute a draw from its batch's revealed seed; ``plates.draw.not_revealed`` before.

    Anyone may call this: the draw shows only the applicant key (a hash), never a person.
    """
    draw = (
        Draw.objects.select_related("batch__segment").filter(reference=reference).first()
        if is_reference(reference)
        else None
    )
    if draw is None:
        raise errors.draw_not_found()
    batch = draw.batch
    seed = batch.revealed_seed
    if seed is None:
        return DrawVerification(draw, None, batch.seed_hash, False, False)
    return DrawVerification(
        draw=draw,
        seed=seed,
        seed_hash=batch.seed_hash,
        seed_matches=rules.seed_matches(seed, batch.seed_hash),
        recomputed=rules.verify_draw(
            seed=seed,
            applicant=draw.applicant_key,
            attempt=draw.attempt,
            pool=batch.segment.pool(),
            candidates=draw.candidates,
            skipped=draw.skipped,
        ),
    )


def is_reference(value: str) -> bool:
    """Whether ``value`` has the shape of a public reference (a UUID)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class TemporaryPlateStatus:
    plate: TemporaryPlate
    valid: bool
    void_from: date | None


def temporary_plate_status(*, reference: str, as_of: date | None = None) -> TemporaryPlateStatus:
    """Public status of a temporary plate, by the reference printed in its QR code."""
    plate = (
        TemporaryPlate.objects.filter(reference=reference).first()
        if is_reference(reference)
        else None
    )
    if plate is None:
        raise errors.temporary_not_found()
    today = as_of or clock.today()
    received = plate.plates_received_on
    return TemporaryPlateStatus(
        plate=plate,
        valid=rules.temporary_plate_valid_on(
            issued_on=plate.issued_on,
            valid_until=plate.valid_until,
            plates_received_on=received,
            today=today,
        ),
        void_from=rules.void_from(received) if received is not None else None,
    )


# --- online requests (keep, swap, spouse transfer) ----------------------------------------


def registered_vehicles_of_person(*, person: Person) -> list:
    """The person's registered vehicles that are not deregistered (for swap and spouse
    transfer requests)."""
    return vehicles_registered_to_person(person_id=person.pk)


def requests_of_person(*, person: Person) -> list[PlateRequest]:
    """The person's own requests, and those naming them as spouse, newest first."""
    requests = list(
        PlateRequest.objects.filter(Q(person=person) | Q(spouse=person))
        .select_related(
            "case", "person", "spouse", "new_vehicle", "vehicle", "other_vehicle", "hold"
        )
        .order_by("-submitted_at", "-id")
    )
    for request in requests:
        # What the person may do now, as the workflow table says (confirm, withdraw).
        request.open_actions = party_actions(case=request.case, person_id=person.pk)  # type: ignore[attr-defined]
    return requests


def _in_jurisdiction(actor: Actor | User | None, requests: QuerySet[PlateRequest]):
    """The requests about plates of the officer's province (all for a system job)."""
    who = jurisdiction_of(actor)
    if who is None:
        return requests.none()
    if isinstance(who, SystemActor):
        return requests
    abbreviation = ABBREVIATION_OF_PROVINCE_CODE.get(who.province_code)
    if abbreviation is None:
        return requests.none()
    return requests.filter(
        Q(kind=PlateRequest.Kind.KEEP_PREVIOUS, previous_number__startswith=abbreviation)
        | (
            ~Q(kind=PlateRequest.Kind.KEEP_PREVIOUS)
            & Q(vehicle__plate_number__startswith=abbreviation)
        )
    )


def requests_for_officers(
    *, actor: Actor | User | None, state: str = "", limit: int = 200, ip_address: str | None = None
) -> list[PlateRequest]:
    """Requests for the back office, waiting ones first (oldest first), then decided ones:
    those of the officer's province (jurisdiction). The read is audited
    (``plates.requests.listed``, purpose ``application_review``)."""
    requests = _in_jurisdiction(
        actor,
        PlateRequest.objects.select_related(
            "case__assigned_to", "person", "spouse", "new_vehicle", "vehicle", "other_vehicle"
        ),
    )
    if state:
        found = list(requests.filter(state=state).order_by("submitted_at", "id")[:limit])
    else:
        found = list(
            requests.order_by(
                Case(When(state__in=PlateRequest.PENDING, then=0), default=1),
                "submitted_at",
                "id",
            )[:limit]
        )
    audit_record(
        actor=actor,
        action="plates.requests.listed",
        purpose=purpose_stored("application_review"),
        data={"state": state, "count": len(found)},
        ip_address=ip_address,
    )
    return found


def request_for_officer(
    *, actor: Actor | User | None, reference: str, ip_address: str | None = None
) -> PlateRequest:
    """One request with its documents' metadata, for the officer deciding it (of their
    province). Audited (``plates.request.viewed``, purpose ``application_review``)."""
    request = (
        _in_jurisdiction(actor, PlateRequest.objects.all())
        .select_related(
            "case__assigned_to",
            "person",
            "spouse",
            "new_vehicle",
            "vehicle",
            "other_vehicle",
            "decided_by",
            "hold",
        )
        .prefetch_related(
            Prefetch("evidence", PlateEvidence.objects.defer("content")), "case__transitions"
        )
        .filter(reference=reference)
        .first()
        if is_reference(reference)
        else None
    )
    if request is None:
        raise errors.request_not_found()
    request.pending = case_is_open(case=request.case)
    audit_record(
        actor=actor,
        action="plates.request.viewed",
        subject=request,
        person_id_number=request.person.id_number,
        purpose=purpose_stored("application_review", str(request.reference)),
        ip_address=ip_address,
    )
    return request


def evidence_for_officer(
    *, actor: Actor | User, reference: str, evidence_id: int, ip_address: str | None = None
) -> PlateEvidence:
    """A document of a request, read by an officer deciding it; audited
    (``plates.evidence.viewed``) like every officer read of a person's record."""
    if not (
        actor.has_perm("plates.view_platerequest") or actor.has_perm("plates.change_platerequest")
    ):
        raise errors.officer_only()
    evidence = (
        PlateEvidence.objects.select_related("request__person")
        .filter(
            pk=evidence_id,
            request__reference=reference,
            request__in=_in_jurisdiction(actor, PlateRequest.objects.all()),
        )
        .first()
        if is_reference(reference)
        else None
    )
    if evidence is None:
        raise errors.request_not_found()
    audit_record(
        actor=actor,
        action="plates.evidence.viewed",
        subject=evidence,
        person_id_number=evidence.request.person.id_number,
        purpose=purpose_stored("application_review", str(evidence.request.reference)),
        ip_address=ip_address,
    )
    return evidence


def segments_with_numbers_taken() -> QuerySet[NumberSegment]:
    """Every published segment annotated with ``taken``: the numbers its holds keep out of the
    pool (held, lapsed, registered), as a queryset for the disclosure scans."""
    taken = (
        PlateHold.objects.filter(segment_id=OuterRef("pk"), state__in=PlateHold.OCCUPYING)
        .order_by()
        .values("segment_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return NumberSegment.objects.annotate(
        taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0)
    )
