"""Number plates (DOMAIN §6): public segments and statistics, draw verification and
temporary-plate status; owners' draws, picks, self-composed numbers and holds; dealers'
new vehicles and temporary plates through the signed partner API."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from jiaoguan.api.auth import citizen_auth, partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.idempotency import idempotent
from jiaoguan.api.types import InputDate, RowId, Text
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.plates import selectors, services

router = Router(tags=["plates"])
partner_router = Router(tags=["plates", "partners"])


class BatchOut(Schema):
    id: int
    opened_at: datetime
    closed_at: datetime | None
    seed_hash: str
    seed: str | None


class SegmentOut(Schema):
    id: int
    plate_type: str
    prefix: str
    pattern: str
    starts_on: date
    published_on: date
    status: str
    pool_size: int
    taken: int
    available: int
    open_batch: BatchOut | None


def _batch(batch) -> dict | None:
    if batch is None:
        return None
    return {
        "id": batch.pk,
        "opened_at": batch.opened_at,
        "closed_at": batch.closed_at,
        "seed_hash": batch.seed_hash,
        "seed": batch.revealed_seed,
    }


@router.get("/segments", response=list[SegmentOut])
def segments(request):
    """Published segments, current and upcoming, with the numbers taken in each (public)."""
    return [
        {
            "id": summary.segment.pk,
            "plate_type": summary.segment.plate_type,
            "prefix": summary.segment.prefix,
            "pattern": summary.segment.pattern,
            "starts_on": summary.segment.starts_on,
            "published_on": summary.segment.published_on,
            "status": summary.status,
            "pool_size": summary.segment.pool_size,
            "taken": summary.taken,
            "available": summary.available,
            "open_batch": _batch(summary.open_batch),
        }
        for summary in selectors.segments_public()
    ]


@router.get("/batches", response={200: list[BatchOut], **error_responses(404)})
def batches(request, segment_id: RowId):
    """A segment's batches: the seed hash from the opening, the seed once closed (public)."""
    return [_batch(batch) for batch in selectors.batches_of_segment(segment_id=segment_id)]


class VerificationOut(Schema):
    reference: str
    batch_id: int
    segment: str
    attempt: int
    applicant_key: str
    candidates: list[str]
    skipped: list[str]
    seed_hash: str
    seed: str | None
    seed_matches_hash: bool
    verified: bool


@router.get(
    "/draws/{reference}/verification", response={200: VerificationOut, **error_responses(404)}
)
def draw_verification(request, reference: str):
    """Recompute a random draw from the revealed seed (public; before the reveal, the seed
    is null and ``verified`` false)."""
    result = selectors.draw_verify(reference=reference)
    draw = result.draw
    return {
        "reference": str(draw.reference),
        "batch_id": draw.batch_id,
        "segment": str(draw.batch.segment),
        "attempt": draw.attempt,
        "applicant_key": draw.applicant_key,
        "candidates": draw.candidates,
        "skipped": draw.skipped,
        "seed_hash": result.seed_hash,
        "seed": result.seed,
        "seed_matches_hash": result.seed_matches,
        "verified": result.recomputed,
    }


class TemporaryStatusOut(Schema):
    number: str
    situation: str
    issued_on: date
    valid_until: date
    valid: bool
    void_from: date | None


@router.get("/temporary/{reference}", response={200: TemporaryStatusOut, **error_responses(404)})
def temporary_status(request, reference: str):
    """Status of a temporary plate by the reference in its QR code (public, no VIN)."""
    status = selectors.temporary_plate_status(reference=reference)
    plate = status.plate
    return {
        "number": plate.number,
        "situation": plate.get_situation_display(),
        "issued_on": plate.issued_on,
        "valid_until": plate.valid_until,
        "valid": status.valid,
        "void_from": status.void_from,
    }


# --- owners ----------------------------------------------------------------------------------


class DrawIn(Schema):
    vin: str
    segment_id: RowId


class DrawOut(Schema):
    reference: str
    candidates: list[str]
    pick_until: datetime
    prefix: str


@router.post("/draws", auth=citizen_auth, response={201: DrawOut, **error_responses(404, 409, 429)})
def draw(request, payload: DrawIn):
    """Draw random candidates for my new vehicle (uses one of its draws)."""
    made = services.selection_draw(
        actor=request.auth.user,
        vin=payload.vin,
        segment_id=payload.segment_id,
        ip_address=client_address(request),
    )
    return Status(
        201,
        {
            "reference": str(made.reference),
            "candidates": made.candidates,
            "pick_until": made.pick_until,
            "prefix": made.batch.segment.prefix,
        },
    )


class PickIn(Schema):
    number: str


class HoldOut(Schema):
    plate_number: str
    plate_type: str
    method: str
    state: str
    vin: str
    expires_on: date


def _hold(hold) -> dict:
    return {
        "plate_number": hold.plate_number,
        "plate_type": hold.plate_type,
        "method": hold.method,
        "state": hold.state,
        "vin": hold.new_vehicle.vin,
        "expires_on": hold.expires_on,
    }


@router.post(
    "/draws/{reference}/pick",
    auth=citizen_auth,
    response={201: HoldOut, **error_responses(404, 409)},
)
def pick(request, reference: str, payload: PickIn):
    """Hold one candidate of my draw."""
    hold = services.selection_pick(
        actor=request.auth.user,
        draw_reference=reference,
        number=payload.number,
        ip_address=client_address(request),
    )
    return Status(201, _hold(hold))


class ComposeIn(Schema):
    vin: Text
    segment_id: RowId
    number: Text


@router.post(
    "/compose", auth=citizen_auth, response={201: HoldOut, **error_responses(404, 409, 429)}
)
def compose(request, payload: ComposeIn):
    """Try a self-composed number for my new vehicle (409 ``plates.number.taken`` if not
    free; every valid try uses an attempt)."""
    hold = services.selection_compose(
        # The Citizen itself: its account is loaded only to audit a hold, not for a refusal.
        actor=request.auth,
        vin=payload.vin,
        segment_id=payload.segment_id,
        number=payload.number,
        ip_address=client_address(request),
    )
    return Status(201, _hold(hold))


@router.get("/holds", auth=citizen_auth, response=list[HoldOut])
def my_holds(request):
    """My pre-selected numbers, newest first."""
    return [_hold(hold) for hold in selectors.holds_of_person(person=request.auth.person)]


# --- dealers (signed partner API) ------------------------------------------------------------


class NewVehicleIn(Schema):
    vin: str
    owner_id_number: str
    plate_type: str
    prefix: str
    compulsory_insurance_until: InputDate | None = None


class NewVehicleOut(Schema):
    vin: str
    plate_type: str
    prefix: str


@partner_router.post(
    "/vehicles", auth=partner_auth("plates.temporary"), response={201: NewVehicleOut}
)
@idempotent(responses={201: NewVehicleOut})
def new_vehicle(request, payload: NewVehicleIn):
    """A dealer enters a sold vehicle so its owner can pre-select a number
    (``Idempotency-Key`` accepted)."""
    vehicle = services.new_vehicle_enter(
        actor=request.auth, ip_address=client_address(request), **payload.dict()
    )
    return Status(
        201, {"vin": vehicle.vin, "plate_type": vehicle.plate_type, "prefix": vehicle.prefix}
    )


class TemporaryIn(Schema):
    vin: str
    situation: str
    prefix: str
    compulsory_insurance_until: InputDate | None = None
    requested_until: InputDate | None = None


class TemporaryOut(Schema):
    reference: str
    number: str
    vin: str
    issued_on: date
    valid_until: date
    status_url: str


@partner_router.post(
    "/temporary", auth=partner_auth("plates.temporary"), response={201: TemporaryOut}
)
@idempotent(responses={201: TemporaryOut})
def temporary_issue(request, payload: TemporaryIn):
    """A dealer issues a temporary plate at the point of sale (unsold, sold but not yet
    registered, new car for export); validity never beyond the compulsory insurance. Send an
    ``Idempotency-Key``: a retry then returns the same plate instead of issuing another."""
    plate = services.temporary_plate_issue(
        actor=request.auth, ip_address=client_address(request), **payload.dict()
    )
    return Status(
        201,
        {
            "reference": str(plate.reference),
            "number": plate.number,
            "vin": plate.vin,
            "issued_on": plate.issued_on,
            "valid_until": plate.valid_until,
            "status_url": request.build_absolute_uri(f"/api/v1/plates/temporary/{plate.reference}"),
        },
    )


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/plates", router, position=110),
    ApiMount("/v1/partner/plates", partner_router, position=120),
]
