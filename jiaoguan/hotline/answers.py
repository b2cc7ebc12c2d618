"""What the SMS and voice channels answer for a bound citizen: the same selectors and
services the portal uses, turned into the short texts of ``rules.replies``.

Every query is audited like a page view (``hotline.query``, with the person); the cancel of a
booking goes through the exams service (which audits the cancellation itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jiaoguan.audit.services import audit_event, audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.drivers.selectors import LicenseView, license_of_person, licenses_of_persons
from jiaoguan.exams import rules as exam_rules
from jiaoguan.exams.selectors import bookings_for_person
from jiaoguan.exams.services.bookings import booking_cancel
from jiaoguan.hotline.rules import replies
from jiaoguan.hotline.rules.grammar import Action, Command
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.vehicles.selectors import VehicleView, vehicles_of_person, vehicles_of_persons
from jiaoguan.violations.many import violations_of_persons
from jiaoguan.violations.rules.handling import driver_of
from jiaoguan.violations.selectors import ViolationRow, violations_of_person

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

UNHANDLED = "entered"  # ViolationRecord.Status.ENTERED


@dataclass(frozen=True)
class Answer:
    text: str
    refused: bool = False


@dataclass
class Register:
    """A batch's register reads, each kind for all its people at once (``read``): the
    licenses of those asking JF or WF, the violations of those asking WF, the vehicles of
    those asking JY. Read only for queries the secret confirmed."""

    licenses: dict[int, LicenseView] = field(default_factory=dict)
    vehicles: dict[int, list[VehicleView]] = field(default_factory=dict)
    violations: dict[int, list[ViolationRow]] = field(default_factory=dict)

    @classmethod
    def read(cls, queries: list[tuple[int | None, Command]], today: date) -> Register:
        asking = {
            command: sorted({p for p, c in queries if p and c is command}) for command in Command
        }
        wanted = sorted({*asking[Command.POINTS], *asking[Command.VIOLATIONS]})
        licenses = licenses_of_persons(person_ids=wanted, as_of=today)
        drivers = {
            p: driver_of(licenses[p].status if p in licenses else None)
            for p in asking[Command.VIOLATIONS]
        }
        return cls(
            licenses,
            vehicles_of_persons(person_ids=asking[Command.INSPECTION], as_of=today),
            violations_of_persons(drivers=drivers, as_of=today) if drivers else {},
        )


def _license(person_id: int, today: date, register: Register | None) -> LicenseView | None:
    if register is None:
        return license_of_person(person_id=person_id, as_of=today)
    return register.licenses.get(person_id)


def points(person_id: int, today: date, register: Register | None = None) -> replies.Points | None:
    license = _license(person_id, today, register)
    if license is None:
        return None
    return replies.Points(license.status.cycle_points, license.status.cycle.ends_on)


def violations(
    person_id: int, today: date, register: Register | None = None
) -> list[replies.Violation]:
    if register is not None:
        rows = register.violations.get(person_id, [])
    else:
        rows = violations_of_person(person_id=person_id, as_of=today)
    return [
        replies.Violation(
            plate=row.record.vehicle.plate_number if row.record.vehicle else "",
            occurred_on=clock.local(row.record.occurred_at).date(),
            points=row.standard.points,
            fine_yuan=(row.fine.fen // 100) if row.fine else 0,
        )
        for row in rows
        if row.record.status == UNHANDLED
    ]


def inspections(
    person_id: int, today: date, register: Register | None = None
) -> list[replies.Inspection]:
    views = (
        register.vehicles.get(person_id, [])
        if register is not None
        else vehicles_of_person(person_id=person_id, as_of=today)
    )
    return [
        replies.Inspection(
            plate=view.vehicle.plate_number,
            due_on=view.schedule.next_due.due_on,
            window_from=view.schedule.window[0],
            window_until=view.schedule.window[1],
        )
        for view in views
    ]


def next_booking(person_id: int, today: date):
    upcoming = [
        booking
        for booking in bookings_for_person(person_id=person_id)
        if booking.status == "booked" and booking.exam_on >= today
    ]
    return min(upcoming, key=lambda booking: (booking.exam_on, booking.pk), default=None)


def appointment(booking, today: date) -> replies.Appointment:
    return replies.Appointment(
        subject=str(booking.get_subject_display()),
        venue=booking.session.plan.venue.name,
        exam_on=booking.exam_on,
        cancellable=exam_rules.cancellation_allowed(booking.exam_on, today),
    )


def answer(
    *,
    user: User,
    command: Command,
    action: Action,
    channel: str,
    events: list | None = None,
    register: Register | None = None,
) -> Answer:
    """The answer to one personal query of ``user`` (bound and confirmed by the caller).
    Audits the read as ``hotline.query`` (appended to ``events`` when given, for the caller
    to write with the batch in its transaction); a cancel may be refused (the exams rule's
    message). ``register``: the batch's reads (``Register.read``) instead of this one's."""
    person = user.person
    assert person is not None
    today = clock.today()
    query = {
        "actor": user,
        "action": "hotline.query",
        "subject": person,
        "person_id_number": person.id_number,
        "data": {"channel": channel, "command": str(command), "action": str(action)},
    }
    if events is None:
        audit_record(**query)
    else:
        events.append(audit_event(**query))
    if command is Command.POINTS:
        return Answer(replies.points_text(points(person.pk, today, register)))
    if command is Command.VIOLATIONS:
        return Answer(replies.violations_text(violations(person.pk, today, register)))
    if command is Command.INSPECTION:
        return Answer(replies.inspection_text(inspections(person.pk, today, register)))
    booking = next_booking(person.pk, today)
    if booking is None or action is Action.SHOW:
        return Answer(replies.appointment_text(appointment(booking, today) if booking else None))
    shown = appointment(booking, today)
    if action is Action.CONFIRM:
        return Answer(replies.appointment_confirmed(shown))
    try:
        booking_cancel(actor=CitizenActor.of_user(user), person_id=person.pk, booking_id=booking.pk)
    except ApplicationError as error:
        return Answer(replies.refused(str(error.message)), refused=True)
    return Answer(replies.appointment_cancelled(shown))
