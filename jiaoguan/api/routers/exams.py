"""Driving-test booking: public windows and published allocations, the applicant's own
standing and preferences, and the partner endpoints for driving schools and exam systems."""

from datetime import date, datetime

from django.http import HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from jiaoguan.api.auth import citizen_auth, partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.idempotency import idempotent
from jiaoguan.api.types import LocalTime, RowId
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address
from jiaoguan.exams import errors, selectors, services
from jiaoguan.identity.selectors import organization_by_id

router = Router(tags=["exams"])


class WindowOut(Schema):
    code: str
    subject: str
    opens_at: datetime
    closes_at: datetime
    status: str
    seed_sha256: str
    seed: str | None = Field(description="revealed at the close; null before")
    input_sha256: str
    result_sha256: str


def _window(window) -> dict:
    allocated = window.status == window.Status.ALLOCATED
    return {
        "code": window.code,
        "subject": window.subject,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "status": window.status,
        "seed_sha256": window.seed_sha256,
        "seed": window.seed if allocated else None,
        "input_sha256": window.input_sha256,
        "result_sha256": window.result_sha256,
    }


class SessionOut(Schema):
    id: int
    code: str
    venue: str
    exam_on: date
    starts_at: LocalTime
    license_class: str
    capacity: int


def _session(session) -> dict:
    return {
        "id": session.pk,
        "code": session.code,
        "venue": session.plan.venue.name,
        "exam_on": session.plan.exam_on,
        "starts_at": session.starts_at,
        "license_class": session.license_class,
        "capacity": session.capacity,
    }


class WindowDetailOut(WindowOut):
    sessions: list[SessionOut]


@router.get("/windows", response=list[WindowOut])
def windows(request):
    """Booking windows that have opened, with the seed hash (and the seed once allocated)."""
    return [_window(window) for window in selectors.windows_listed()]


@router.get("/windows/{code}", response={200: WindowDetailOut, **error_responses(404)})
def window_detail(request, code: str):
    window = selectors.window_by_code(code)
    sessions = selectors.window_sessions(window)
    return {**_window(window), "sessions": [_session(s) for s in sessions]}


def _published(request, code: str, part: str) -> HttpResponse:
    window = selectors.window_by_code(code)
    data = selectors.publication_bytes(window=window, part=part)
    response = HttpResponse(data, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{window.code}-{part}.tsv"'
    return response


@router.get("/windows/{code}/published/input", response={200: None, **error_responses(404)})
def published_input(request, code: str):
    """The anonymised canonical input of the allocation (text, byte for byte)."""
    return _published(request, code, "input")


@router.get("/windows/{code}/published/result", response={200: None, **error_responses(404)})
def published_result(request, code: str):
    """The canonical result of the allocation (text, byte for byte)."""
    return _published(request, code, "result")


class VerifyOut(Schema):
    window: str
    matches: bool
    seed_matches: bool
    expected_sha256: str
    published_sha256: str
    first_difference_line: int


@router.get("/windows/{code}/verify", response={200: VerifyOut, **error_responses(404)})
def verify(request, code: str):
    """Recompute the allocation from the published input and seed; compare byte for byte."""
    window = selectors.window_by_code(code)
    report = selectors.window_verify(window=window)
    return {
        "window": window.code,
        "matches": report.matches,
        "seed_matches": report.seed_matches,
        "expected_sha256": report.expected_sha256,
        "published_sha256": report.published_sha256,
        "first_difference_line": report.first_difference_line,
    }


class StandingOut(Schema):
    window: str
    anonymised_id: str | None
    session_ids: list[int]
    sort_time: datetime | None
    ahead: int = Field(description="applicants with an earlier sort time")
    tied: int = Field(description="others with the same sort time (the seed orders them)")
    total: int
    rank: int | None = Field(description="final rank, after the allocation")
    session: SessionOut | None
    choice: int | None
    reason: str | None
    reason_text: str | None


@router.get(
    "/windows/{code}/me", auth=citizen_auth, response={200: StandingOut, **error_responses(404)}
)
def my_standing(request, code: str):
    """The caller's own list, current position by sort time, and result with its reason."""
    window = selectors.window_by_code(code)
    standing = selectors.applicant_standing(window=window, person_id=request.auth.person_id)
    listed, result = standing.preference_list, standing.result
    return {
        "window": window.code,
        "anonymised_id": listed.anonymised_id if listed else None,
        "session_ids": listed.session_ids if listed else [],
        "sort_time": listed.sort_time if listed else None,
        "ahead": standing.ahead,
        "tied": standing.tied,
        "total": standing.total,
        "rank": result.rank if result else None,
        "session": _session(result.session) if result and result.session else None,
        "choice": result.choice if result else None,
        "reason": result.reason if result else None,
        "reason_text": result.get_reason_display() if result else None,
    }


class PreferencesIn(Schema):
    session_ids: list[int] = Field(description="session ids, best first")


@router.put(
    "/windows/{code}/preferences",
    auth=citizen_auth,
    response={200: StandingOut, **error_responses(404, 409, 429)},
)
def submit_preferences(request, code: str, payload: PreferencesIn):
    """Submit or change the caller's ranked sessions while the window is open. When in the
    window it is sent makes no difference."""
    window = selectors.window_by_code(code)
    citizen = request.auth
    services.preferences_submit(
        actor=citizen.user,
        person=citizen.person,
        window_id=window.pk,
        session_ids=payload.session_ids,
        ip_address=client_address(request),
    )
    return my_standing(request, code)


class BookingOut(Schema):
    id: int
    subject: str
    exam_on: date
    session: SessionOut
    status: str
    outcome: str
    attempts: list[dict]


def _booking(booking) -> dict:
    return {
        "id": booking.pk,
        "subject": booking.subject,
        "exam_on": booking.exam_on,
        "session": _session(booking.session),
        "status": booking.status,
        "outcome": booking.outcome,
        "attempts": [
            {"number": a.number, "passed": a.passed, "score": a.score}
            for a in booking.attempts.all()
        ],
    }


@router.get("/bookings", auth=citizen_auth, response=list[BookingOut])
def my_bookings(request):
    """The caller's bookings and results."""
    return [_booking(b) for b in selectors.bookings_for_person(person_id=request.auth.person_id)]


@router.post(
    "/bookings/{booking_id}/cancel",
    auth=citizen_auth,
    response={200: BookingOut, **error_responses(404, 409)},
)
def cancel_booking(request, booking_id: RowId):
    """Cancel one's own booking, at the latest the day before the exam."""
    citizen = request.auth
    booking = services.booking_cancel(
        actor=citizen.user, person_id=citizen.person_id, booking_id=booking_id
    )
    return _booking(booking)


class SubjectProgressOut(Schema):
    subject: str
    label: str
    passed: bool
    bookings_used: int
    bookings_left: int | None = Field(description="null: no limit")


class LocationChangeOut(Schema):
    sequence: int
    from_region_code: str
    to_region_code: str
    changed_at: datetime


class MyApplicationOut(Schema):
    number: str
    license_class: str
    basis: str
    accepted_at: datetime
    status: str
    void_reason: str | None = Field(description="why the application became void")
    void_reason_text: str | None
    voided_on: date | None
    permit_issued_on: date | None
    permit_valid_until: date | None
    completion_deadline: date | None = Field(
        description="military or foreign license holders: last day to finish (art. 45)"
    )
    period_ends_on: date | None = Field(description="last day the remaining subjects count")
    exam_region_code: str
    location_changes: list[LocationChangeOut]
    location_changes_left: int | None = Field(description="null: the class may not change")
    subjects: list[SubjectProgressOut]


def _my_application(overview) -> dict:
    application, permit = overview.application, overview.permit
    return {
        "number": application.number,
        "license_class": application.license_class,
        "basis": application.basis,
        "accepted_at": application.accepted_at,
        "status": application.status,
        "void_reason": application.void_reason or None,
        "void_reason_text": application.get_void_reason_display() or None,
        "voided_on": application.voided_on,
        "permit_issued_on": permit.issued_on if permit else None,
        "permit_valid_until": permit.valid_until if permit else None,
        "completion_deadline": overview.completion_deadline,
        "period_ends_on": overview.period_ends_on,
        "exam_region_code": application.exam_region_code,
        "location_changes": [
            {
                "sequence": change.sequence,
                "from_region_code": change.from_region_code,
                "to_region_code": change.to_region_code,
                "changed_at": change.changed_at,
            }
            for change in overview.location_changes
        ],
        "location_changes_left": overview.location_changes_left,
        "subjects": [
            {
                "subject": progress.subject.value,
                "label": progress.label,
                "passed": progress.passed,
                "bookings_used": progress.bookings_used,
                "bookings_left": progress.bookings_left,
            }
            for progress in overview.subjects
        ],
    }


@router.get(
    "/application", auth=citizen_auth, response={200: MyApplicationOut, **error_responses(404, 409)}
)
def my_application(request):
    """The caller's current license application: subjects passed and bookings left, the
    learner permit and the last day of the period, the exam location and its changes, and
    why it became void if it did."""
    overview = selectors.application_overview(person_id=request.auth.person_id)
    if overview is None:
        raise errors.no_application()
    return _my_application(overview)


class LocationIn(Schema):
    region_code: str = Field(
        pattern=r"^[0-9]{6}$", description="6-digit region code of the new city"
    )
    residence_address: str = Field(min_length=1, max_length=200, description="the new residence")


@router.post(
    "/application/location",
    auth=citizen_auth,
    response={200: MyApplicationOut, **error_responses(404, 409)},
)
def change_location(request, payload: LocationIn):
    """Change the exam location (small classes, after passing some subjects, at most 3
    times; art. 39)."""
    citizen = request.auth
    services.exam_location_change(
        actor=citizen.user,
        person=citizen.person,
        region_code=payload.region_code,
        residence_address=payload.residence_address,
        ip_address=client_address(request),
    )
    return my_application(request)


class ApplicationIn(Schema):
    id_number: str = Field(max_length=18)
    name: str = Field(max_length=50)
    license_class: str = Field(max_length=2)
    held_classes: str = Field("", max_length=40)
    basis: str = Field(
        "ordinary",
        max_length=20,
        description="ordinary, military_license or foreign_license (3 years to finish)",
    )
    exam_region_code: str = Field(
        "", max_length=6, description="exam location; default the school's region"
    )


class ApplicationOut(Schema):
    number: str
    license_class: str
    accepted_at: datetime
    status: str
    basis: str
    exam_region_code: str


@router.post(
    "/partner/applications",
    auth=partner_auth("exams.applications"),
    response={201: ApplicationOut},
)
@idempotent(responses={201: ApplicationOut})
def partner_application(request, payload: ApplicationIn):
    """A driving school submits a learner's license application. Send an
    ``Idempotency-Key`` to make a retry safe."""
    partner = request.auth
    application = services.license_application_submit(
        actor=partner,
        person=selectors.person_for_application(id_number=payload.id_number, name=payload.name),
        license_class=payload.license_class,
        held_classes=payload.held_classes,
        driving_school=organization_by_id(partner.organization_id),
        basis=payload.basis,
        exam_region_code=payload.exam_region_code,
    )
    return Status(
        201,
        {
            "number": application.number,
            "license_class": application.license_class,
            "accepted_at": application.accepted_at,
            "status": application.status,
            "basis": application.basis,
            "exam_region_code": application.exam_region_code,
        },
    )


class ResultIn(Schema):
    application_number: str = Field(max_length=20)
    session_code: str = Field(max_length=40)
    attempt: int = Field(ge=1, le=2, description="1, or 2 for the retake")
    passed: bool | None = Field(description="null: the candidate was absent")
    score: int | None = Field(None, ge=0, le=100)
    taken_at: datetime


class ResultOut(Schema):
    booking_id: RowId
    status: str
    outcome: str


@router.post("/partner/results", auth=partner_auth("exams.results"), response=ResultOut)
@idempotent(responses={200: ResultOut})
def partner_result(request, payload: ResultIn):
    """An exam system reports one attempt's result (``Idempotency-Key`` accepted)."""
    booking = services.exam_result_record(
        actor=request.auth,
        application_number=payload.application_number,
        session_code=payload.session_code,
        attempt=payload.attempt,
        passed=payload.passed,
        score=payload.score,
        taken_at=payload.taken_at,
    )
    return {"booking_id": booking.pk, "status": booking.status, "outcome": booking.outcome}


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/exams", router, position=100),
]
