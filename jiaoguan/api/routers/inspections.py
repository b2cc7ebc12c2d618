"""机动车检验 (DOMAIN §1.3, §15): stations and their free slots (public), the citizen's own
vehicles, appointments and online marks (``/v1/me/inspections``), and the station's API
(``/v1/partner/inspections``, signed with its key of scope ``inspections.results``): the day's
queue and the results. Another person's appointment answers 404 as if it did not exist."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status
from pydantic import AwareDatetime, Field

from jiaoguan.api.auth import citizen_auth, partner_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.idempotency import idempotent
from jiaoguan.api.routers.organisations import staff_auth
from jiaoguan.api.types import InputDate, LocalTime, RowId, Text
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.inspections import rules, selectors, services
from jiaoguan.inspections.services.stations import HoursSpec, LaneSpec

public_router = Router(tags=["inspections"])
me_router = Router(tags=["inspections", "me"], auth=citizen_auth)
station_router = Router(tags=["inspections", "partner"], auth=partner_auth("inspections.results"))
org_router = Router(tags=["inspections", "organisations"], auth=staff_auth)


class InspectionStationOut(Schema):
    id: int
    name: str
    address: str
    region_code: str
    province_code: str
    phone: str


class InspectionStationsQuery(Schema):
    province_code: Text = Field("", max_length=2, description="省份代码（两位）")
    region_code: Text = Field("", max_length=6, description="区划代码（六位）")


@public_router.get("/stations", response=list[InspectionStationOut])
def stations(request, params: Query[InspectionStationsQuery]):
    """Approved inspection stations anywhere in the country (cross-province booking is
    allowed, DOMAIN §15.3), narrowed by province or region."""
    return list(
        selectors.stations_open(province_code=params.province_code, region_code=params.region_code)
    )


class InspectionSlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    lane: str
    lane_kind: str = Field(description="small, large or motorcycle")
    free: int


class InspectionSlotsQuery(Schema):
    day: InputDate
    lane_kind: Text = Field("", max_length=20, description="small, large or motorcycle")


def _slot(slot) -> dict:
    return {
        "id": slot.pk,
        "starts_at": clock.local(slot.starts_at),
        "ends_at": clock.local(slot.ends_at),
        "lane": slot.lane.name,
        "lane_kind": slot.lane.kind,
        "free": slot.free,
    }


@public_router.get(
    "/stations/{station_id}/slots", response={200: list[InspectionSlotOut], **error_responses(404)}
)
def station_slots(request, station_id: RowId, params: Query[InspectionSlotsQuery]):
    """The station's slots of ``day`` with a free place (30 minutes each, §23.2)."""
    selectors.station_open(station_id=station_id)
    return [
        _slot(slot)
        for slot in selectors.slots_free(
            station_id=station_id, day=params.day, lane_kind=params.lane_kind or None
        )
    ]


class InspectionVehicleOut(Schema):
    vehicle_id: int
    plate_number: str
    vehicle_type: str
    valid_until: date = Field(description="检验有效期至")
    window_starts_on: date = Field(description="可预约/申领检验的首日")
    window_ends_on: date
    in_window: bool
    overdue: bool
    mark_only: bool = Field(description="本次为免检申领检验标志（不上线检验）")
    mark_refusals: list[str] = Field(description="不能网上申领的原因代码；空则可以立即申领")
    lane_kind: str
    unhandled_violations: int
    appointment_id: int | None


@me_router.get("/vehicles", response=list[InspectionVehicleOut])
def my_vehicles(request):
    """The citizen's vehicles: the inspection window, mark-only or not, what blocks."""
    return [
        {
            "vehicle_id": state.vehicle_id,
            "plate_number": state.plate_number,
            "vehicle_type": state.vehicle_type,
            "valid_until": state.valid_until,
            "window_starts_on": state.window[0],
            "window_ends_on": state.window[1],
            "in_window": state.in_window,
            "overdue": state.overdue,
            "mark_only": state.mark_only,
            "mark_refusals": list(state.mark_refusals),
            "lane_kind": state.lane_kind,
            "unhandled_violations": state.unhandled_violations,
            "appointment_id": state.live_appointment.pk if state.live_appointment else None,
        }
        for state in selectors.inspection_states_of_person(person_id=request.auth.person_id)
    ]


class InspectionResultOut(Schema):
    passed: bool
    inspected_at: datetime
    failure_reason: str
    retest_until: date | None
    valid_until_after: date | None


class InspectionAppointmentOut(Schema):
    id: int
    number: str
    status: str
    plate_number: str
    station_id: int
    station_name: str
    station_address: str
    slot: InspectionSlotOut
    booked_at: datetime
    may_change: bool
    result: InspectionResultOut | None


def _appointment(appointment) -> dict:
    result = getattr(appointment, "result", None)
    return {
        "id": appointment.pk,
        "number": appointment.number,
        "status": appointment.status,
        "plate_number": appointment.vehicle.plate_number,
        "station_id": appointment.station_id,
        "station_name": appointment.station.name,
        "station_address": appointment.station.address,
        "slot": _slot(appointment.slot),
        "booked_at": clock.local(appointment.booked_at),
        "may_change": selectors.change_allowed(appointment),
        "result": None
        if result is None
        else {
            "passed": result.passed,
            "inspected_at": clock.local(result.inspected_at),
            "failure_reason": result.failure_reason,
            "retest_until": result.retest_until,
            "valid_until_after": result.valid_until_after,
        },
    }


def _mine(request, appointment_id: int) -> dict:
    appointment = selectors.appointment_of_person(
        person_id=request.auth.person_id, appointment_id=appointment_id
    )
    return _appointment(appointment)


@me_router.get("/appointments", response=list[InspectionAppointmentOut])
def my_appointments(request):
    """The citizen's appointments, newest first, with their results."""
    return [
        _appointment(appointment)
        for appointment in selectors.appointments_of_person(person_id=request.auth.person_id)[:50]
    ]


class InspectionBookIn(Schema):
    vehicle_id: RowId
    slot_id: RowId


@me_router.post(
    "/appointments",
    response={201: InspectionAppointmentOut, **error_responses(403, 404, 409, 422)},
)
def book(request, payload: InspectionBookIn):
    """Book a slot for one's vehicle; an SMS confirms it. Refusals: outside the window,
    unhandled violations, a full slot, another live appointment, a no-show bar…"""
    appointment = services.appointment_book(
        actor=request.auth, vehicle_id=payload.vehicle_id, slot_id=payload.slot_id
    )
    return Status(201, _mine(request, appointment.pk))


class InspectionChangeIn(Schema):
    slot_id: RowId


@me_router.post(
    "/appointments/{appointment_id}/change",
    response={200: InspectionAppointmentOut, **error_responses(404, 409, 422)},
)
def change(request, appointment_id: RowId, payload: InspectionChangeIn):
    """Move the appointment to another slot (any station), until 2 hours before it."""
    services.appointment_change(
        actor=request.auth, appointment_id=appointment_id, slot_id=payload.slot_id
    )
    return _mine(request, appointment_id)


@me_router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: InspectionAppointmentOut, **error_responses(404, 409)},
)
def cancel(request, appointment_id: RowId):
    """Cancel the appointment, until 2 hours before it."""
    services.appointment_cancel(actor=request.auth, appointment_id=appointment_id)
    return _mine(request, appointment_id)


class InspectionMarkIn(Schema):
    vehicle_id: RowId


class InspectionMarkOut(Schema):
    vehicle_id: int
    due_on: date
    valid_until: date
    issued_at: datetime


@me_router.post("/marks", response={201: InspectionMarkOut, **error_responses(404, 409, 422)})
def apply_mark(request, payload: InspectionMarkIn):
    """A mark-only year (DOMAIN §15.4): the mark is issued at once and the electronic mark
    (``POST /v1/me/credentials/inspection-mark/{vehicle_id}``) shows the new validity."""
    issue = services.mark_apply(actor=request.auth, vehicle_id=payload.vehicle_id)
    return Status(
        201,
        {
            "vehicle_id": issue.vehicle_id,
            "due_on": issue.due_on,
            "valid_until": issue.valid_until_after,
            "issued_at": clock.local(issue.issued_at),
        },
    )


class InspectionQueueOut(Schema):
    number: str
    plate_number: str
    vin: str
    status: str
    slot_starts_at: datetime
    lane: str


@station_router.get("/queue", response=list[InspectionQueueOut])
def station_queue(request, day: InputDate):
    """The station's appointments of ``day`` in service order: by slot, then booking time
    (booked vehicles go before walk-ins in their slot)."""
    return [
        {
            "number": appointment.number,
            "plate_number": appointment.vehicle.plate_number,
            "vin": appointment.vehicle.vin,
            "status": appointment.status,
            "slot_starts_at": clock.local(appointment.slot.starts_at),
            "lane": appointment.slot.lane.name,
        }
        for appointment in selectors.station_queue(actor=request.auth, day=day)
    ]


class InspectionItemIn(Schema):
    code: Text = Field(max_length=30, description=", ".join(sorted(rules.ITEM_CODES)))
    passed: bool


class InspectionResultIn(Schema):
    appointment_number: Text = Field(max_length=20)
    passed: bool
    items: list[InspectionItemIn] = Field(max_length=rules.MAX_ITEMS)
    odometer_km: int = Field(ge=0, le=rules.MAX_ODOMETER_KM)
    operator: Text = Field(min_length=1, max_length=50, description="检验员")
    inspected_at: AwareDatetime = Field(description="检验时间（带时区）")
    failure_reason: Text = Field("", max_length=500)


class InspectionResultRecordedOut(Schema):
    appointment_number: str
    passed: bool
    valid_until: date | None = Field(description="合格后的检验有效期至")
    retest_until: date | None
    odometer_flagged: bool


@station_router.post(
    "/results",
    response={200: InspectionResultRecordedOut, **error_responses(404, 409, 422)},
)
@idempotent(responses={200: InspectionResultRecordedOut})
def report_result(request, payload: InspectionResultIn):
    """The station reports an appointment's inspection (``Idempotency-Key`` accepted; the
    same report again answers the stored result). A pass moves the register's 检验有效期至
    at once; a fail gives the retest window; a lower odometer than before is flagged."""
    result = services.result_record(
        actor=request.auth,
        appointment_number=payload.appointment_number,
        passed=payload.passed,
        items=[rules.Item(item.code, item.passed) for item in payload.items],
        odometer_km=payload.odometer_km,
        operator=payload.operator,
        inspected_at=payload.inspected_at,
        failure_reason=payload.failure_reason,
    )
    return {
        "appointment_number": payload.appointment_number,
        "passed": result.passed,
        "valid_until": result.valid_until_after,
        "retest_until": result.retest_until,
        "odometer_flagged": result.odometer_flagged,
    }


class InspectionLaneIn(Schema):
    name: Text = Field(min_length=1, max_length=50)
    kind: Text = Field(max_length=20, description="small, large or motorcycle")
    capacity: int = Field(ge=1, le=50, description="每时段可检车辆数")


class InspectionHoursIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 星期一 … 6 星期日")
    opens: LocalTime
    closes: LocalTime


class InspectionStationIn(Schema):
    name: Text = Field(min_length=1, max_length=100)
    address: Text = Field(min_length=1, max_length=200)
    region_code: Text = Field(min_length=6, max_length=6)
    phone: Text = Field("", max_length=20)
    lanes: list[InspectionLaneIn] = Field(min_length=1, max_length=20)
    hours: list[InspectionHoursIn] = Field(min_length=1, max_length=7)


class InspectionStationRegisteredOut(Schema):
    id: int
    name: str
    status: str


@org_router.post(
    "", response={201: InspectionStationRegisteredOut, **error_responses(403, 409, 422)}
)
def station_register(request, payload: InspectionStationIn):
    """The administrator of an inspection-station organisation registers its station (lanes,
    weekly hours); an officer of its province approves it, which opens its slots."""
    station = services.station_register(
        actor=request.auth,
        name=payload.name,
        address=payload.address,
        region_code=payload.region_code,
        phone=payload.phone,
        lanes=[LaneSpec(lane.name, lane.kind, lane.capacity) for lane in payload.lanes],
        hours=[HoursSpec(item.weekday, item.opens, item.closes) for item in payload.hours],
    )
    return Status(201, {"id": station.pk, "name": station.name, "status": station.status})


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/inspections", public_router, position=182),
    ApiMount("/v1/me/inspections", me_router, position=183),
    ApiMount("/v1/partner/inspections", station_router, position=184),
    ApiMount("/v1/org/inspection-station", org_router, position=186),
]
