"""The tracking event's insert that a concurrent repeat cannot duplicate nor fail on."""

from django.db import connection
from django.db.models import Field

from jiaoguan.papers.models import TrackingEvent


def event_insert(**values) -> int | None:
    """``INSERT … ON CONFLICT (provider, event_key) DO NOTHING RETURNING id``: the new row's
    id, None when the event is stored already."""
    meta = TrackingEvent._meta
    quote = connection.ops.quote_name
    columns, params = [], []
    for name, value in values.items():
        field = meta.get_field(name)
        assert isinstance(field, Field)  # concrete columns only
        columns.append(quote(field.column))
        params.append(field.get_db_prep_save(value, connection))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('provider')}, {quote('event_key')}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None
