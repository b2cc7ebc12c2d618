"""Booking windows: create, open (commit to a seed), close (allocate every seat, publish).

Locking: preference writes hold a shared lock on the window row while they run
(``lock_window_for_submission``); the close takes the exclusive lock, so it starts only after
every in-flight submission has committed, and a submission that waited behind the close sees
the window closed and is refused. Nothing is lost or half-counted.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.exams import errors, rules, selectors
from jiaoguan.exams.models import (
    AllocationPublication,
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamSession,
    LicenseApplication,
    PreferenceList,
    WindowSession,
)
from jiaoguan.identity.actors import Actor, permission_require

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

logger = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_BATCH = 20_000


def sort_time_micros(moment: datetime) -> int:
    """A sort time in the canonical input: integer microseconds since the Unix epoch, UTC."""
    return (moment - _EPOCH) // _MICROSECOND


@transaction.atomic
def _require_planner(actor: Actor | User, region_codes: Iterable[str] = ()) -> None:
    """``exams.plan_exams``, over the province of every venue concerned."""
    permission_require(actor, "exams.plan_exams")
    for region_code in set(region_codes):
        permission_require(actor, "exams.plan_exams", province_code=region_code)


def _venue_regions(window: BookingWindow) -> list[str]:
    return list(
        WindowSession.objects.filter(window_id=window.pk).values_list(
            "session__plan__venue__region_code", flat=True
        )
    )


def window_create(
    *,
    actor: Actor | User,
    code: str,
    subject: str,
    opens_at: datetime,
    closes_at: datetime,
    sessions: Iterable[ExamSession],
) -> BookingWindow:
    """A scheduled window offering ``sessions`` (all of ``subject``, of published plans).

    The close publishes the ranking, which must come at least 3 working days (§13.7,
    configurable) before the earliest exam of the window. Needs ``exams.plan_exams`` over
    the province of every session's venue. Audits ``exams.window.created``.
    """
    _require_planner(actor)
    subject = rules.ExamSubject(subject).value
    sessions = list(sessions)
    _require_planner(actor, (session.plan.venue.region_code for session in sessions))
    if not sessions:
        raise errors.window_sessions_invalid(_("预约批次至少应包含一个场次。"))
    if any(session.subject != subject for session in sessions):
        raise errors.window_sessions_invalid(_("场次的考试科目与预约批次不一致。"))
    if any(session.plan.published_at is None for session in sessions):
        raise errors.window_sessions_invalid(_("只能纳入已公布考试计划的场次。"))
    provinces = {session.plan.venue.region_code[:2] for session in sessions}
    if len(provinces) > 1:
        raise errors.window_sessions_invalid(_("预约批次的场次应属于同一省份。"))
    if closes_at <= opens_at:
        raise errors.window_times(_("截止受理时间应晚于开始受理时间。"))
    lead = selectors.exam_parameters().results_publication_working_days
    earliest_exam = min(session.plan.exam_on for session in sessions)
    if clock.add_working_days(clock.local(closes_at).date(), lead) > earliest_exam:
        raise errors.window_times(
            _("排序结果应至少在考试日期前 %(days)s 个工作日公布，请提前截止受理时间。")
            % {"days": lead}
        )
    window = BookingWindow.objects.create(
        code=code,
        province_code=provinces.pop(),
        subject=subject,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    WindowSession.objects.bulk_create(
        WindowSession(window=window, session=session) for session in sessions
    )
    audit_record(actor=actor, action="exams.window.created", subject=window)
    return window


@transaction.atomic
def window_open(*, actor: Actor | User, window: BookingWindow) -> BookingWindow:
    """Open ``window``: draw a 32-byte seed and publish its SHA-256 (the commitment).

    The seed stays secret until the close. Refused unless the window is scheduled. Needs
    ``exams.plan_exams`` over the window's venues.
    """
    _require_planner(actor)
    _require_planner(actor, _venue_regions(window))
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
    if connection.vendor == "postgresql":  # the lock and the row in one round trip
        locked = BookingWindow.objects.raw(
            f"SELECT * FROM {BookingWindow._meta.db_table} WHERE id = %s AND status = %s FOR SHARE",
            [window_id, BookingWindow.Status.OPEN],
        )
        window = next(iter(locked), None)
        if window is None:
            raise errors.window_closed()
    else:
        window = BookingWindow.objects.get(pk=window_id)
    now = clock.now()
    if window.status != BookingWindow.Status.OPEN or not window.opens_at <= now < window.closes_at:
        raise errors.window_closed()
    return window


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _insert_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert many rows: PostgreSQL ``COPY`` fed with text in large blocks, elsewhere batched
    ``bulk_create``. Values must not contain tabs, newlines or backslashes (ids, codes, dates).
    """
    if connection.vendor == "postgresql":
        columns = ", ".join(model._meta.get_field(name).column for name in fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
        ):
            block: list[str] = []
            for row in rows:
                block.append("\t".join(map(_copy_value, row)))
                if len(block) >= _BATCH:
                    copy.write("\n".join(block) + "\n")
                    block.clear()
            if block:
                copy.write("\n".join(block) + "\n")
        return
    attributes = [model._meta.get_field(name).attname for name in fields]
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(attributes, row, strict=True))))
        if len(batch) >= _BATCH:
            model.objects.bulk_create(batch)
            batch.clear()
    model.objects.bulk_create(batch)


_PREFERENCES_SQL = """
SELECT p.anonymised_id, p.id, p.application_id,
       (EXTRACT(EPOCH FROM p.sort_time) * 1000000)::bigint, p.session_ids::text
FROM exams_preferencelist p
WHERE p.window_id = %s AND NOT EXISTS (
    SELECT 1 FROM exams_exambooking b
    WHERE b.application_id = p.application_id AND b.subject = %s AND b.status = %s
) AND EXISTS (
    SELECT 1 FROM exams_licenseapplication a WHERE a.id = p.application_id AND a.status = %s
)
"""


def _preference_rows(window: BookingWindow) -> list[tuple]:
    """``(anonymised_id, list id, application id, sort time µs, session ids)`` per list, in
    canonical (code point) order of the anonymised id.

    Applicants who meanwhile hold a booking of the subject (booked elsewhere since they
    listed) are left out: they cannot hold two, and they keep the one they have. So are
    applications no longer active (voided or licensed since they listed).
    """
    if connection.vendor == "postgresql":
        # One narrow query and no per-row JSON or datetime objects: the hot path of a close.
        # A server-side cursor, so the raw rows never sit in memory all at once.
        rows: list[tuple] = []
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                _PREFERENCES_SQL,
                [
                    window.pk,
                    window.subject,
                    ExamBooking.Status.BOOKED,
                    LicenseApplication.Status.ACTIVE,
                ],
            )
            while batch := cursor.fetchmany(_BATCH):
                rows.extend(
                    (aid, pk, application_id, micros, _int_list(ids))
                    for aid, pk, application_id, micros, ids in batch
                )
    else:
        rows = [
            (aid, pk, application_id, sort_time_micros(moment), tuple(ids))
            for aid, pk, application_id, moment, ids in PreferenceList.objects.filter(
                window=window, application__status=LicenseApplication.Status.ACTIVE
            )
            .exclude(
                Exists(
                    ExamBooking.objects.filter(
                        application=OuterRef("application"),
                        subject=window.subject,
                        status=ExamBooking.Status.BOOKED,
                    )
                )
            )
            .values_list("anonymised_id", "pk", "application_id", "sort_time", "session_ids")
        ]
    # Python's order (code points), not the database collation's, is the canonical one.
    rows.sort()
    return rows


def _int_list(text: str) -> tuple[int, ...]:
    inner = text[1:-1]
    return tuple(map(int, inner.split(","))) if inner.strip() else ()


def allocation_input_build(
    window: BookingWindow,
) -> tuple[rules.AllocationInput, list[tuple], list[tuple], list[tuple[int, ...]]]:
    """The canonical, anonymised input of ``window`` from the database, and beside it: per
    applicant (canonical order) ``(preference_list_id, application_id)``; per
    session (canonical order) ``(session_id, exam_on)``; per applicant its preferences as
    session positions.

    Seats offered per session: its capacity less the seats still booked from earlier windows
    (cancelled seats come back here, never first come). Stored on ``WindowSession``.
    """
    booked = (
        ExamBooking.objects.filter(session=OuterRef("session_id"), status=ExamBooking.Status.BOOKED)
        .values("session")
        .annotate(seats=Count("pk"))
        .values("seats")
    )
    capacity = ExamSession.objects.filter(pk=OuterRef("session_id")).values("capacity")
    WindowSession.objects.filter(window=window).update(
        seats_offered=Greatest(Subquery(capacity) - Coalesce(Subquery(booked), 0), 0)
    )
    window_sessions = list(
        WindowSession.objects.filter(window=window).select_related("session__plan")
    )
    window_sessions.sort(key=lambda ws: ws.session.code)
    codes = [ws.session.code for ws in window_sessions]
    position = {ws.session_id: n for n, ws in enumerate(window_sessions)}
    applicants = []
    keys = []
    indices = []
    for aid, pk, application_id, micros, session_ids in _preference_rows(window):
        preferred = tuple(map(position.__getitem__, session_ids))
        indices.append(preferred)
        applicants.append((aid, micros, tuple(codes[n] for n in preferred)))
        keys.append((pk, application_id))
    allocation_input = rules.AllocationInput(
        window=window.code,
        seed_sha256=window.seed_sha256,
        sessions=tuple((ws.session.code, ws.seats_offered or 0) for ws in window_sessions),
        applicants=tuple(applicants),
    )
    allocation_input.check()
    session_rows = [(ws.session_id, ws.session.plan.exam_on) for ws in window_sessions]
    return allocation_input, keys, session_rows, indices


def window_close(*, actor: Actor | User, window: BookingWindow) -> BookingWindow:
    """Close ``window``: allocate every seat, write every result and booking, reveal the seed
    and publish the canonical input and result.

    One transaction holding the window row's exclusive lock (see the module docstring).
    Refused before ``closes_at`` or unless the window is open. Audits
    ``exams.window.allocated`` with both digests. Needs ``exams.plan_exams`` over the
    window's venues.
    """
    _require_planner(actor)
    _require_planner(actor, _venue_regions(window))
    with transaction.atomic():
        window = BookingWindow.objects.select_for_update().get(pk=window.pk)
        if window.status != BookingWindow.Status.OPEN:
            raise errors.window_state(BookingWindow.Status.OPEN.label)
        now = clock.now()
        if now < window.closes_at:
            raise errors.window_not_due()
        lap = _Lap(window.code)
        allocation_input, keys, session_rows, indices = allocation_input_build(window)
        lap("read preference lists and seats")
        seed = bytes.fromhex(window.seed)
        allocation = rules.allocation_run(allocation_input, seed, preference_indices=indices)
        lap("allocate")
        input_bytes = rules.serialize_input(allocation_input)
        result_bytes = rules.serialize_result(allocation_input, seed, allocation)
        del allocation_input
        lap("serialize input and result")
        _write_results(window, now, allocation, keys, indices, session_rows)
        applicant_count = len(keys)
        del keys, indices
        lap("write results and bookings")
        AllocationPublication.objects.create(
            window=window, input_data=input_bytes, result_data=result_bytes
        )
        lap("store the publication")
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
                "applicants": applicant_count,
                "placed": sum(1 for s in allocation.placed if s >= 0),
                "input_sha256": window.input_sha256,
                "result_sha256": window.result_sha256,
            },
        )
    lap("commit (deferred foreign-key checks)")
    return window


class _Lap:
    """Logs how long each phase of a close took (operators watch big closes)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        logger.info("window %s: %s in %.2f s", self.code, phase, now - self.last)
        self.last = now


def _write_results(window, now, allocation, keys, indices, session_rows) -> None:
    reason = AllocationResult.Reason
    subject = window.subject
    tiebreaks = allocation.tiebreaks

    def results():
        for rank, (applicant, session) in enumerate(
            zip(allocation.order, allocation.placed, strict=True), start=1
        ):
            list_id = keys[applicant][0]
            if session < 0:
                choice, why, session_id = (
                    0,
                    reason.ALL_FULL if indices[applicant] else reason.NO_PREFERENCE,
                    None,
                )
            else:
                session_id = session_rows[session][0]
                choice = indices[applicant].index(session) + 1
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
