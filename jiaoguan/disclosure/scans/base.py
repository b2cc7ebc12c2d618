"""The statement every disclosure scan ends in: INSERT the selected entries, skip existing ones."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BigIntegerField, CharField, DateField, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import JSONObject

from jiaoguan.disclosure.models import Entry, PublicationRun

_COLUMNS = (
    "dataset",
    "subject_key",
    "data",
    "sort_key",
    "published_on",
    "expires_on",
    "run_id",
)


@dataclass(frozen=True)
class ScanContext:
    """What every scan needs: the run and its day."""

    run: PublicationRun
    day: date


@dataclass(frozen=True)
class Selection:
    """What a scan selects: rows of ``queryset`` (which must have a WHERE clause) and the
    SQL expressions of each entry's key, fields (masked), sort key and expiry."""

    queryset: QuerySet
    key: Combinable
    fields: dict[str, Combinable]
    sort: Combinable
    expires_on: Combinable


Scan = Callable[[ScanContext, int], list[Selection]]


def date_value(day: date) -> Value:
    return Value(day, output_field=DateField())


def selected_rows(code: str, context: ScanContext, selection: Selection) -> QuerySet:
    """``selection`` as the values() queryset of the entry columns, in ``_COLUMNS``' order."""
    return selection.queryset.annotate(
        e_dataset=Value(code, output_field=CharField()),
        e_key=selection.key,
        e_data=JSONObject(**selection.fields),
        e_sort=selection.sort,
        e_published=date_value(context.day),
        e_expires=selection.expires_on,
        e_run=Value(context.run.pk, output_field=BigIntegerField()),
    ).values("e_dataset", "e_key", "e_data", "e_sort", "e_published", "e_expires", "e_run")


def selected_keys(selection: Selection) -> QuerySet:
    return selection.queryset.annotate(e_key=selection.key).values("e_key")


def insert_entries(code: str, context: ScanContext, selection: Selection) -> int:
    """``INSERT INTO disclosure_entry … SELECT … ON CONFLICT DO NOTHING``; rows inserted."""
    select_sql, params = selected_rows(code, context, selection).query.sql_with_params()
    table = Entry._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(_COLUMNS)}) {select_sql} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
