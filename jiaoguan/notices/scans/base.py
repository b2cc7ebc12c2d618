"""The one statement every scan ends in: INSERT the selected notices, skip existing ones."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import BigIntegerField, CharField, DateField, IntegerField, QuerySet, Value
from django.db.models.expressions import Combinable

from jiaoguan.notices.models import Notice, NoticeKind, ScanAnchor, ScanRun

_COLUMNS = (
    "kind_id",
    "person_id",
    "subject_id",
    "subject_label",
    "event_on",
    "amount",
    "scan_run_id",
    "created_at",
)


@dataclass(frozen=True)
class ScanContext:
    """What every scan needs: the run, its day, its moment and the kind being scanned."""

    run: ScanRun
    day: date
    now: datetime
    catch_up_days: int


def no_amount() -> Value:
    return Value(None, output_field=IntegerField())


def insert_notices(
    kind: NoticeKind,
    context: ScanContext,
    queryset: QuerySet,
    *,
    person: Combinable,
    subject: Combinable,
    event_on: Combinable,
    label: Combinable | None = None,
    amount: Combinable | None = None,
) -> int:
    """Insert one notice per row of ``queryset`` (unless it exists); return how many new.

    The expressions are evaluated in SQL against ``queryset``'s rows.
    """
    selected = queryset.annotate(
        n_kind=Value(kind.pk, output_field=BigIntegerField()),
        n_person=person,
        n_subject=subject,
        n_label=label if label is not None else Value("", output_field=CharField()),
        n_event=event_on,
        n_amount=amount if amount is not None else no_amount(),
        n_run=Value(context.run.pk, output_field=BigIntegerField()),
        n_created=Value(context.now),
    ).values(
        "n_kind", "n_person", "n_subject", "n_label", "n_event", "n_amount", "n_run", "n_created"
    )
    return insert_from_select(Notice._meta.db_table, _COLUMNS, selected)


def insert_from_select(table: str, columns: tuple[str, ...], selected: QuerySet) -> int:
    """``INSERT INTO table (columns) <selected> ON CONFLICT DO NOTHING``; rows inserted.

    ``selected`` must be a ``values()`` queryset with a WHERE clause (SQLite needs one to
    read ``ON CONFLICT`` after a SELECT) naming its values in ``columns``' order.
    """
    select_sql, params = selected.query.sql_with_params()
    sql = f"INSERT INTO {table} ({', '.join(columns)}) {select_sql} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def date_value(day: date) -> Value:
    return Value(day, output_field=DateField())


def store_anchors(anchors) -> None:
    """Insert a run's anchors and refresh the planner's statistics of the (small, freshly
    filled) table: with none, PostgreSQL scans it once per register row instead of using the
    unique index."""
    ScanAnchor.objects.bulk_create(anchors, ignore_conflicts=True, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ScanAnchor._meta.db_table}")
