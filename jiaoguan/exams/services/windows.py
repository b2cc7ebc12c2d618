"""Booking windows: create, open (commit to a seed), close (allocate every seat, publish).

Locking: preference writes hold a shared lock on the window row while they run
(``lock_window_for_submission``); the close takes the exclusive lock, so it starts only after
every in-flight submission has committed, and a submission that waited behind the close sees
the window closed and is refused. Nothing is lost or half-counted.
"""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import (
    AllocationPublication,
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamSession,
    PreferenceList,
    WindowSession,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_BATCH = 20_000


def sort_time_micros(moment: datetime) -> int:
    """A sort time in the canonical input: integer microseconds since the Unix epoch, UTC."""
    return (moment - _EPOCH) // _MICROSECOND


@transaction.atomic
def window_create(
    *,
    actor,
    code: str,
    subject: str,
    opens_at: datetime,
    closes_at: datetime,
    sessions: Iterable[ExamSession],
) -> BookingWindow:
    """A scheduled window offering ``sessions`` (all of ``subject``)."""
    subject = rules.ExamSubject(subject).value
    sessions = list(sessions)
    if any(session.subject != subject for session in sessions):
        raise errors.preferences_invalid(_("场次的考试科目与预约批次不一致。"))
    window = BookingWindow.objects.create(
        code=code, subject=subject, opens_at=opens_at, closes_at=closes_at
    )
    WindowSession.objects.bulk_create(
        WindowSession(window=window, session=session) for session in sessions
    )
    audit_record(actor=actor, action="exams.window.created", subject=window)
    return window


@transaction.atomic
def window_open(*, actor, window: BookingWindow) -> BookingWindow:
    """Open ``window``: draw a 32-byte seed and publish its SHA-256 (the commitment).

    The seed stays secret until the close. Refused unless the window is scheduled.
    """
    seed = secrets.token_bytes(rules.allocation.SEED_BYTES)
    updated = BookingWindow.objects.filter(
        pk=window.pk, status=BookingWindow.Status.SCHEDULED
    ).update(
        status=BookingWindow.Status.OPEN,
        seed=seed.hex(),
        seed_sha256=rules.seed_commitment(seed),
    )
    if not updated:
        raise errors.window_state(BookingWindow.Status.SCHEDULED.label)
    window.refresh_from_db()
    audit_record(
        actor=actor,
        action="exams.window.opened",
        subject=window,
        data={"seed_sha256": window.seed_sha256},
    )
    return window


def lock_window_for_submission(window_id: int) -> BookingWindow:
    """Shared-lock an open window for a preference write; raises ``window_closed`` otherwise.

    PostgreSQL: ``FOR SHARE`` (many submissions at once, none during the close). SQLite
    serialises write transactions anyway (``BEGIN IMMEDIATE``).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM exams_bookingwindow WHERE id = %s AND status = %s FOR SHARE",
                [window_id, BookingWindow.Status.OPEN],
            )
            if cursor.fetchone() is None:
                raise errors.window_closed()
    window = BookingWindow.objects.get(pk=window_id)
    now = clock.now()
    if window.status != BookingWindow.Status.OPEN or not window.opens_at <= now < window.closes_at:
        raise errors.window_closed()
    return window


def _insert_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert many rows: PostgreSQL ``COPY``, elsewhere batched ``bulk_create``."""
    if connection.vendor == "postgresql":
        columns = ", ".join(model._meta.get_field(name).column for name in fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    attributes = [model._meta.get_field(name).attname for name in fields]
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(attributes, row, strict=True))))
        if len(batch) >= _BATCH:
            model.objects.bulk_create(batch)
            batch.clear()
    model.objects.bulk_create(batch)


def allocation_input_build(
    window: BookingWindow,
) -> tuple[rules.AllocationInput, list[tuple], list[tuple]]:
    """The canonical, anonymised input of ``window`` from the database; per applicant (in
    canonical order) ``(preference_list_id, application_id, session_ids)``; per session (in
    canonical order) ``(session_id, exam_on)``.

    Seats offered per session: its capacity less the seats still booked from earlier windows
    (cancelled seats come back here, never first come). Stored on ``WindowSession``.
    """
    offered = []
    window_sessions = (
        WindowSession.objects.filter(window=window)
        .select_related("session__plan")
        .annotate(
            booked=Count(
                "session__bookings", filter=Q(session__bookings__status=ExamBooking.Status.BOOKED)
            )
        )
    )
    code_of = {}
    session_info = {}
    for window_session in window_sessions:
        session = window_session.session
        window_session.seats_offered = max(0, session.capacity - window_session.booked)
        offered.append(window_session)
        code_of[session.pk] = session.code
        session_info[session.code] = (session.pk, session.plan.exam_on)
    WindowSession.objects.bulk_update(offered, ["seats_offered"])
    rows = list(
        PreferenceList.objects.filter(window=window)
        .values_list("anonymised_id", "pk", "application_id", "sort_time", "session_ids")
        .iterator(chunk_size=_BATCH)
    )
    # Python's order (code points), not the database collation's, is the canonical one.
    rows.sort()
    applicants = []
    keys = []
    for anonymised, pk, application_id, moment, session_ids in rows:
        applicants.append(
            (anonymised, sort_time_micros(moment), tuple(code_of[s] for s in session_ids))
        )
        keys.append((pk, application_id, session_ids))
    allocation_input = rules.AllocationInput.build(
        window=window.code,
        seed_sha256=window.seed_sha256,
        sessions=[(ws.session.code, ws.seats_offered or 0) for ws in offered],
        applicants=applicants,
    )
    session_rows = [session_info[code] for code, _seats in allocation_input.sessions]
    return allocation_input, keys, session_rows


def window_close(*, actor, window: BookingWindow) -> BookingWindow:
    """Close ``window``: allocate every seat, write every result and booking, reveal the seed
    and publish the canonical input and result.

    One transaction holding the window row's exclusive lock (see the module docstring).
    Refused before ``closes_at`` or unless the window is open. Audits
    ``exams.window.allocated`` with both digests.
    """
    with transaction.atomic():
        window = BookingWindow.objects.select_for_update().get(pk=window.pk)
        if window.status != BookingWindow.Status.OPEN:
            raise errors.window_state(BookingWindow.Status.OPEN.label)
        now = clock.now()
        if now < window.closes_at:
            raise errors.window_not_due()
        allocation_input, keys, session_rows = allocation_input_build(window)
        seed = bytes.fromhex(window.seed)
        allocation = rules.allocation_run(allocation_input, seed)
        input_bytes = rules.serialize_input(allocation_input)
        result_bytes = rules.serialize_result(allocation_input, seed, allocation)
        del allocation_input
        _write_results(window, now, allocation, keys, session_rows)
        AllocationPublication.objects.create(
            window=window, input_data=input_bytes, result_data=result_bytes
        )
        window.status = BookingWindow.Status.ALLOCATED
        window.input_sha256 = hashlib.sha256(input_bytes).hexdigest()
        window.result_sha256 = hashlib.sha256(result_bytes).hexdigest()
        window.allocated_at = now
        window.save(update_fields=["status", "input_sha256", "result_sha256", "allocated_at"])
        audit_record(
            actor=actor,
            action="exams.window.allocated",
            subject=window,
            data={
                "applicants": len(keys),
                "placed": sum(1 for s in allocation.placed if s >= 0),
                "input_sha256": window.input_sha256,
                "result_sha256": window.result_sha256,
            },
        )
    return window


def _write_results(window, now, allocation, keys, session_rows) -> None:
    reason = AllocationResult.Reason
    subject = window.subject
    tiebreaks = allocation.tiebreaks

    def results():
        for rank, (applicant, session) in enumerate(
            zip(allocation.order, allocation.placed, strict=True), start=1
        ):
            list_id, _application, session_ids = keys[applicant]
            if session < 0:
                choice, why, session_id = (
                    0,
                    reason.ALL_FULL if session_ids else reason.NO_PREFERENCE,
                    None,
                )
            else:
                session_id = session_rows[session][0]
                choice = session_ids.index(session_id) + 1
                why = reason.FIRST_CHOICE if choice == 1 else reason.LOWER_CHOICE
            yield (
                window.pk,
                list_id,
                rank,
                f"{tiebreaks[applicant]:016x}",
                session_id,
                choice,
                why,
            )

    _insert_rows(
        AllocationResult,
        ["window", "preference_list", "rank", "tiebreak", "session", "choice", "reason"],
        results(),
    )

    def bookings():
        for applicant, session in zip(allocation.order, allocation.placed, strict=True):
            if session >= 0:
                session_id, exam_on = session_rows[session]
                yield (
                    keys[applicant][1],
                    session_id,
                    subject,
                    exam_on,
                    window.pk,
                    ExamBooking.Status.BOOKED,
                    ExamBooking.Outcome.PENDING,
                    now,
                )

    _insert_rows(
        ExamBooking,
        [
            "application",
            "session",
            "subject",
            "exam_on",
            "window",
            "status",
            "outcome",
            "created_at",
        ],
        bookings(),
    )
