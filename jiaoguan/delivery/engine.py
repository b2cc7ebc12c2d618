"""The engine: claim with a lease, send, write the outcomes in batches, sweep.

A batch of row ids (one task) costs a fixed handful of statements, not a handful per row:

1. one conditional ``UPDATE … RETURNING id`` claims every row of the batch that is queued and
   due, or ``sending`` in a dead worker's hands past its lease (``Kind.lease_seconds``); on
   PostgreSQL a row another worker claims at the same moment is waited for and its condition
   checked again, so two workers never hold a row, and only the claim's holder (same
   ``claimed_at``) writes its outcome;
2. ``Kind.load`` reads the claimed rows and ``Kind.prepare`` what their sends share;
3. ``Kind.send`` per row, carrying ``Kind.key(row)`` as idempotency key; a
   ``RetryableError`` queues the row again after ``backoff_seconds`` (failed once its attempts
   run out), a ``PermanentError`` fails it, ``Later`` defers it uncounted;
4. one ``UPDATE`` per kind of outcome writes every row's outcome (the values that differ by
   row through ``CASE id``), with the kind's ``on_done`` / ``on_failed`` in the same
   transaction — written even when a send raised unexpectedly.

A worker killed between 3 and 4 leaves its rows ``sending``: after the lease they are claimed
again and sent again under the same key, which the outside takes once. The sweeper
(``dispatch``, ``sweep``) hands out due rows not handed out within a lease, and stuck ones.
With no broker (the embedded default) the same tasks run in-process on commit.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Q

from jiaoguan.core import clock

from .backoff import backoff_seconds
from .errors import PermanentError, RetryableError
from .kinds import NOT_CLAIMED, Done, Kind, Later, Result, get, kinds

_ERROR_LENGTH = 300


@contextmanager
def _bookkeeping(kind: Kind) -> Iterator[None]:
    """A transaction for the engine's own writes; with ``Kind.fast_commit`` it does not wait
    for the disk on PostgreSQL (``synchronous_commit = off``)."""
    with transaction.atomic():
        if kind.fast_commit and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _field(kind: Kind, name: str) -> Field:
    field = kind.model._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _column(kind: Kind, name: str) -> str:
    return connection.ops.quote_name(_field(kind, name).column)


def _value(kind: Kind, name: str, value: Any) -> Any:
    return _field(kind, name).get_db_prep_save(value, connection)


def _table(kind: Kind) -> str:
    return connection.ops.quote_name(kind.model._meta.db_table)


def _pk(kind: Kind) -> str:
    return connection.ops.quote_name(kind.model._meta.pk.column)


def claim(kind: Kind | str, ids: Iterable[int], now: datetime) -> list[int]:
    """Claim the due or stuck rows among ``ids`` in one statement; the ids claimed (their
    ``claimed_at`` is ``now``, their ``attempts`` one more)."""
    kind = get(kind)
    ids = list(ids)
    if not ids:
        return []
    stuck_before = now - timedelta(seconds=kind.lease_seconds())
    status, claimed_at, pk = _column(kind, "status"), _column(kind, "claimed_at"), _pk(kind)
    attempts, not_before = _column(kind, "attempts"), _column(kind, "not_before")
    sql = (
        f"UPDATE {_table(kind)} SET {status} = %s, {claimed_at} = %s, "
        f"{attempts} = {attempts} + 1 "
        f"WHERE {pk} IN ({', '.join(['%s'] * len(ids))}) AND {not_before} <= %s "
        f"AND ({status} = %s OR ({status} = %s AND {claimed_at} < %s)) RETURNING {pk}"
    )
    params = [
        kind.sending,
        _value(kind, "claimed_at", now),
        *ids,
        _value(kind, "not_before", now),
        kind.queued,
        kind.sending,
        _value(kind, "claimed_at", stuck_before),
    ]
    with _bookkeeping(kind), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _write(
    kind: Kind, values: dict[int, dict[str, Any]], token: datetime, *, uncount: bool = False
) -> list[int]:
    """One ``UPDATE`` of the rows of ``values`` (each with the same field names) still held
    by the claim made at ``token``; the ids written. A value shared by every row is set once,
    the others through ``CASE id`` (raw SQL: the ORM's ``Case``/``When`` costs more CPU than
    the rest of the write). Runs in the caller's transaction."""
    if not values:
        return []
    names = sorted(next(iter(values.values())))
    prepared = {
        row_id: {name: _value(kind, name, fields[name]) for name in names}
        for row_id, fields in values.items()
    }
    first = next(iter(prepared.values()))
    pk, assignments, params = _pk(kind), [], []
    for name in names:
        if all(fields[name] == first[name] for fields in prepared.values()):
            assignments.append(f"{_column(kind, name)} = %s")
            params.append(first[name])
        else:
            cases = " ".join(["WHEN %s THEN %s"] * len(prepared))
            assignments.append(f"{_column(kind, name)} = CASE {pk} {cases} END")
            params.extend(
                value for row_id, fields in prepared.items() for value in (row_id, fields[name])
            )
    if uncount:
        attempts = _column(kind, "attempts")
        assignments.append(f"{attempts} = {attempts} - 1")
    status, claimed_at = _column(kind, "status"), _column(kind, "claimed_at")
    sql = (
        f"UPDATE {_table(kind)} SET {', '.join(assignments)} "
        f"WHERE {pk} IN ({', '.join(['%s'] * len(prepared))}) "
        f"AND {status} = %s AND {claimed_at} = %s RETURNING {pk}"
    )
    params.extend([*prepared, kind.sending, _value(kind, "claimed_at", token)])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


class _Outcomes:
    """What a batch decided, written together at its end."""

    def __init__(self) -> None:
        self.done: dict[int, tuple[Any, Done]] = {}
        self.failed: dict[int, tuple[Any, str]] = {}
        self.retry: dict[int, dict[str, Any]] = {}
        self.later: dict[int, dict[str, Any]] = {}


def _attempt(kind: Kind, row: Any, context: Any, now: datetime, outcomes: _Outcomes) -> Result:
    try:
        outcome = kind.send(row, context)
    except RetryableError as error:
        message = str(error)[:_ERROR_LENGTH]
        if row.attempts >= kind.max_attempts(row):
            outcomes.failed[row.pk] = (row, message)
            return Result("failed")
        delay = backoff_seconds(
            row.attempts,
            base=kind.retry_seconds(),
            cap=kind.retry_cap_seconds,
            jitter=settings.JIAOGUAN_DELIVERY_JITTER,
        )
        outcomes.retry[row.pk] = {
            "status": kind.queued,
            "not_before": now + timedelta(seconds=delay),
            "last_error": message,
        }
        return Result("retry", retry_in=delay)
    except PermanentError as error:
        outcomes.failed[row.pk] = (row, str(error)[:_ERROR_LENGTH])
        return Result("failed")
    if isinstance(outcome, Later):
        outcomes.later[row.pk] = {"status": kind.queued, "not_before": outcome.until}
        return Result("deferred")
    outcomes.done[row.pk] = (row, outcome)
    return Result(outcome.label)


def _write_done(kind: Kind, done: dict[int, tuple[Any, Done]], token: datetime) -> None:
    """Every ``Done`` in one statement per set of field names; should one break a unique
    constraint, row by row, that one with what ``Kind.conflict`` says instead."""
    groups: dict[tuple[str, ...], dict[int, dict[str, Any]]] = {}
    for row_id, (_row, outcome) in done.items():
        groups.setdefault(tuple(sorted(outcome.fields)), {})[row_id] = outcome.fields
    for values in groups.values():
        try:
            with _bookkeeping(kind):
                _done_hook(kind, done, _write(kind, values, token))
            continue
        except IntegrityError:
            pass
        for row_id, fields in values.items():
            try:
                with _bookkeeping(kind):
                    _done_hook(kind, done, _write(kind, {row_id: fields}, token))
            except IntegrityError:
                instead = kind.conflict(row_id, fields)
                if instead is None:
                    raise
                with _bookkeeping(kind):
                    _done_hook(kind, done, _write(kind, {row_id: instead}, token))


def _done_hook(kind: Kind, done: dict[int, tuple[Any, Done]], written: list[int]) -> None:
    if written:
        kind.on_done([done[row_id] for row_id in sorted(written)])


def _write_outcomes(kind: Kind, outcomes: _Outcomes, token: datetime) -> None:
    _write_done(kind, outcomes.done, token)
    if outcomes.failed:
        values = {
            row_id: {"status": kind.failed, "last_error": message}
            for row_id, (_row, message) in outcomes.failed.items()
        }
        with _bookkeeping(kind):
            written = _write(kind, values, token)
            if written:
                kind.on_failed([outcomes.failed[row_id] for row_id in sorted(written)])
    if outcomes.retry:
        with _bookkeeping(kind):
            _write(kind, outcomes.retry, token)
    if outcomes.later:
        with _bookkeeping(kind):
            _write(kind, outcomes.later, token, uncount=True)


def deliver(kind: Kind | str, ids: Iterable[int]) -> dict[int, Result]:
    """Send a batch of rows, each at most once per claim; the result of each id.

    Runs outside any transaction: the outside calls must not hold one open.
    """
    kind = get(kind)
    ids = list(ids)
    now = clock.now()
    claimed = claim(kind, ids, now)
    results = dict.fromkeys(ids, NOT_CLAIMED)
    if not claimed:
        return results
    results.update(send_claimed(kind, kind.load(claimed), now))
    return results


def claimed_fields(kind: Kind | str, now: datetime) -> dict[str, Any]:
    """The delivery fields of a row created already claimed at ``now`` (by the transaction
    that creates it, so that its first send needs no claim of its own): hand the rows to
    ``send_claimed(kind, rows, now)`` once that transaction has committed. Should the sender
    die first, the rows are stuck ``sending`` and the sweeper takes them after the lease."""
    kind = get(kind)
    return {"status": kind.sending, "claimed_at": now, "attempts": 1, "dispatched_at": now}


def send_claimed(kind: Kind | str, rows: list[Any], now: datetime) -> dict[int, Result]:
    """Send rows this worker claimed at ``now`` (``claim`` or ``claimed_fields``); the result
    of each. Runs outside any transaction: the outside calls must not hold one open."""
    kind = get(kind)
    results: dict[int, Result] = {}
    outcomes = _Outcomes()
    context = None
    try:
        context = kind.prepare(rows, now)
        for row in rows:
            results[row.pk] = _attempt(kind, row, context, now, outcomes)
    finally:
        # Written even when something unexpected stops the batch: a row already sent must
        # not wait for its lease and a resend.
        _write_outcomes(kind, outcomes, now)
        kind.finish(context, now)
    return results


def deliver_one(kind: Kind | str, row_id: int) -> Result:
    """Send one row (a batch of one; see ``deliver``)."""
    return deliver(kind, [row_id])[row_id]


def enqueue(kind: Kind | str, ids: list[int], *, countdown: float | None = None) -> None:
    """Hand ``ids`` to the workers once the current transaction commits (at once outside
    one; in-process without a broker). Stamp their ``dispatched_at`` when creating them,
    so the sweeper does not hand them out again meanwhile."""
    from .tasks import deliver as deliver_task

    name = get(kind).name
    transaction.on_commit(partial(deliver_task.apply_async, (name, list(ids)), countdown=countdown))


def dispatch(kind: Kind | str, *, limit: int | None = None) -> int:
    """The sweeper for one kind: hand every row that may go now to the workers, in tasks of
    ``Kind.batch_size()`` ids; how many.

    Handed out: queued and due rows not handed out within a lease (so a backlog still
    waiting in the broker is not queued again every minute), and rows stuck in a dead
    worker's hands past their lease. Each is stamped ``dispatched_at`` in the same
    transaction; the tasks go to the broker on commit.
    """
    kind = get(kind)
    now = clock.now()
    stuck_before = now - timedelta(seconds=kind.lease_seconds())
    limit = limit or kind.sweep_limit()
    rows = kind.model._default_manager
    with transaction.atomic():
        ids = list(
            rows.filter(
                Q(
                    Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stuck_before),
                    status=kind.queued,
                    not_before__lte=now,
                )
                | Q(status=kind.sending, claimed_at__lt=stuck_before)
            )
            .order_by("not_before", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        rows.filter(pk__in=ids).update(dispatched_at=now)
        batch = max(kind.batch_size(), 1)
        for start in range(0, len(ids), batch):
            enqueue(kind, ids[start : start + batch])
    return len(ids)


def sweep() -> dict[str, int]:
    """Every registered kind's sweeper (the one periodic task; beat runs it every minute)."""
    counts = {}
    for kind in kinds():
        counts[kind.name] = dispatch(kind)
    return counts
