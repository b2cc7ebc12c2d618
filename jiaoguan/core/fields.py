"""Model fields for personal data at rest (``core.crypto``, ADR 0014).

``EncryptedCharField`` stores a token and gives back the clear value; its exact and ``in``
look-ups are answered by the companion ``KeyedHashField`` named by ``index`` (kept equal to
the keyed hash of the value whenever the value is assigned), so ``Person.objects.get(
id_number=…)``, ``filter(account__phone__in=…)`` and uniqueness work as before. Other
look-ups (``startswith``, ``contains``, ordering by value) are refused: the database cannot
see the value. ``QuerySet.update()`` of an encrypted field would leave its index behind, so
code changes such a field through ``save()`` (``update_fields`` naming both, if given).

``KeyedHashField`` stores only the keyed hash: a clear value assigned or looked up is hashed,
a stored hash passes as it is.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.query_utils import DeferredAttribute

from jiaoguan.core import crypto

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class KeyedHashField(models.CharField):
    """The keyed hash of a value of kind ``purpose`` (``crypto.blind_index``)."""

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = purpose
        kwargs["max_length"] = 64
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        kwargs.pop("max_length", None)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def digest(self, value: Any) -> Any:
        if value is None or value == "" or not isinstance(value, str) or _DIGEST.match(value):
            return value
        return crypto.blind_index(value, purpose=self.purpose)

    def get_prep_value(self, value):
        return self.digest(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        """An index is computed from its encrypted field when the row is written (creation
        assigns defaults after the values given, so the assigned hash may be stale)."""
        source = next(
            (
                field
                for field in model_instance._meta.concrete_fields
                if isinstance(field, EncryptedCharField) and field.index == self.name
            ),
            None,
        )
        if source is None:
            return super().pre_save(model_instance, add)
        clear = getattr(model_instance, source.attname)
        value = None if clear in (None, "") and self.null else self.digest(clear or "")
        setattr(model_instance, self.attname, value)
        return value


class _EncryptedAttribute(DeferredAttribute):
    """Assigning the value also assigns its keyed hash to the companion index field."""

    field: EncryptedCharField

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value
        index = self.field.index_field
        if index is not None:
            instance.__dict__[index.attname] = (
                None if value in (None, "") and index.null else index.digest(value or "")
            )


class _IndexedLookup(Lookup):
    """``exact`` and ``in`` on an encrypted field, compiled against its index column."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        field = self.lhs.target
        index = field.index_field
        if index is None or not isinstance(self.lhs, Col):
            raise ValueError(f"{field} can only be looked up by its index.")
        column, params = compiler.compile(Col(self.lhs.alias, index))
        values = list(self.rhs) if self.lookup_name == "in" else [self.rhs]
        if any(not isinstance(value, str) for value in values):
            raise ValueError(f"{field} is looked up by plain strings only.")
        if not values:
            raise EmptyResultSet
        digests = [index.digest(value) for value in values]
        if self.lookup_name == "in":
            placeholders = ", ".join(["%s"] * len(digests))
            return f"{column} IN ({placeholders})", [*params, *digests]
        return f"{column} = %s", [*params, *digests]


class _IndexedExact(_IndexedLookup):
    lookup_name = "exact"


class _IndexedIn(_IndexedLookup):
    lookup_name = "in"


class EncryptedCharField(models.CharField):
    """A short personal value (an identity or phone number) stored encrypted.

    ``max_length`` bounds the clear value (forms, validation); the column is text, since a
    token is longer. ``index`` names the model's ``KeyedHashField`` that look-ups use.
    """

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args, index: str | None = None, **kwargs):
        self.index = index
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.index:
            kwargs["index"] = self.index
        return name, path, args, kwargs

    @property
    def index_field(self) -> KeyedHashField | None:
        return self.model._meta.get_field(self.index) if self.index else None  # type: ignore[return-value]

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def db_type(self, connection):
        return connection.data_types["TextField"]

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _IndexedExact
        if lookup_name == "in":
            return _IndexedIn
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value, context=self.context)

    def get_db_prep_save(self, value, connection):
        value = self.get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value, context=self.context)


def stored_values(model: type[models.Model], fields: tuple[str, ...], row: tuple) -> tuple:
    """``row`` (values of ``fields`` of ``model``) as the database stores them, followed by
    the keyed hashes of its encrypted fields: for writers that bypass the ORM (COPY)."""
    values = list(row)
    extra = []
    for position, name in enumerate(fields):
        field = model._meta.get_field(name)
        if not isinstance(field, EncryptedCharField):
            continue
        clear = values[position]
        if clear not in (None, ""):
            values[position] = crypto.encrypt(clear, context=field.context)
        if field.index_field is not None:
            extra.append(None if clear in (None, "") else field.index_field.digest(clear))
    return (*values, *extra)


def stored_columns(model: type[models.Model], fields: tuple[str, ...]) -> list[str]:
    """The columns ``stored_values`` fills, in its order."""
    meta = model._meta
    columns: list[str] = []
    indexes: list[str] = []
    for name in fields:
        field = meta.pk if name == "id" else meta.get_field(name)
        assert isinstance(field, models.Field)
        assert field.column
        columns.append(field.column)
        if isinstance(field, EncryptedCharField) and field.index_field is not None:
            indexes.append(field.index_field.column or "")
    return columns + indexes
