"""Encrypted columns as a whole: converting clear rows (migrations) and rotating keys.

Both work on raw rows in batches, so they neither load models nor depend on a model's
current shape: a migration passes the table and column names it knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, transaction

from jiaoguan.core import crypto

BATCH = 2_000


@dataclass(frozen=True)
class Column:
    """One encrypted column: ``context`` is the associated data its tokens are bound to
    (``app_label.model.field``); ``index``/``purpose`` its keyed-hash column, if any."""

    table: str
    column: str
    context: str
    index: str | None = None
    purpose: str | None = None


def encrypted_columns() -> list[Column]:
    """Every ``EncryptedCharField`` of the installed models."""
    from jiaoguan.core.fields import EncryptedCharField

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                index = field.index_field
                found.append(
                    Column(
                        table=model._meta.db_table,
                        column=field.column,
                        context=field.context,
                        index=index.column if index else None,
                        purpose=index.purpose if index else None,
                    )
                )
    return found


def _rows(cursor, column: Column, after: int) -> list[tuple]:
    index = column.index or "NULL"
    cursor.execute(
        f"SELECT id, {column.column}, {index} FROM {column.table} "
        f"WHERE id > %s AND {column.column} IS NOT NULL AND {column.column} <> '' "
        "ORDER BY id LIMIT %s",
        [after, BATCH],
    )
    return cursor.fetchall()


def _batches(column: Column, using: str) -> Iterator[tuple[object, list[tuple]]]:
    after = 0
    with connections[using].cursor() as cursor:
        while rows := _rows(cursor, column, after):
            yield cursor, rows
            after = rows[-1][0]


def _write(cursor, column: Column, updates: list[tuple[str, str | None, int]]) -> None:
    """``updates``: (stored value, keyed hash, id)."""
    if not updates:
        return
    if column.index:
        sql = f"UPDATE {column.table} SET {column.column} = %s, {column.index} = %s WHERE id = %s"
        cursor.executemany(sql, updates)
    else:
        sql = f"UPDATE {column.table} SET {column.column} = %s WHERE id = %s"
        cursor.executemany(sql, [(value, pk) for value, _, pk in updates])


def _digest(column: Column, clear: str) -> str | None:
    return crypto.blind_index(clear, purpose=column.purpose) if column.purpose else None


def encrypt_clear_rows(column: Column, *, using: str = "default") -> int:
    """Encrypt the rows of ``column`` still in clear and fill their keyed hash: for the data
    migrations that introduce an encrypted column. Returns how many rows changed."""
    changed = 0
    for cursor, rows in _batches(column, using):
        updates = [
            (crypto.encrypt(value, context=column.context), _digest(column, value), pk)
            for pk, value, _ in rows
            if crypto.key_id_of(value) is None
        ]
        _write(cursor, column, updates)
        changed += len(updates)
    return changed


def decrypt_rows(column: Column, *, using: str = "default") -> int:
    """Put ``column`` back in clear (the reverse of such a migration)."""
    changed = 0
    for cursor, rows in _batches(column, using):
        updates = [
            (crypto.decrypt(value, context=column.context), stored, pk)
            for pk, value, stored in rows
            if crypto.key_id_of(value) is not None
        ]
        _write(cursor, column, updates)
        changed += len(updates)
    return changed


def rotate(*, using: str = "default") -> dict[str, int]:
    """Re-encrypt every token not sealed by the current key, and recompute every keyed hash
    that the current index key does not give, one transaction per batch. Safe to run again
    after an interruption. Returns the rows changed per column (its context)."""
    current = crypto.current_key_id()
    changed: dict[str, int] = {}
    for column in encrypted_columns():
        count = 0
        for cursor, rows in _batches(column, using):
            updates = []
            for pk, token, stored in rows:
                clear = crypto.decrypt(token, context=column.context)
                digest = _digest(column, clear)
                if crypto.key_id_of(token) != current:
                    updates.append((crypto.encrypt(clear, context=column.context), digest, pk))
                elif digest != stored:
                    updates.append((token, digest, pk))
            with transaction.atomic(using=using):
                _write(cursor, column, updates)
            count += len(updates)
        changed[column.context] = count
    return changed
