"""Write generated rows to the database fast.

PostgreSQL: one ``COPY ... FROM STDIN`` per table and chunk through psycopg 3 (``write_row``),
then ``setval`` of each id sequence, all in one transaction per chunk. SQLite: ``bulk_create``.
Primary keys are allocated by the generator from the current maximum id, so child rows carry
their parents' keys without a round trip; tables are written in dependency order.

This bypasses the services on purpose: it is seed data, not business. No audit events are
recorded. On SQLite, ``auto_now_add`` fields (organization ``registered_at``, certificate
``submitted_at``) receive the load time instead of the generated value.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models import Max, Q

from jiaoguan.core.fields import stored_columns, stored_values
from jiaoguan.demo.generator import DEFAULT_MIX, TABLES, Batch, Counters, Generator, Mix

PersonsProgress = Callable[[int], object]


class SeedRefused(Exception):
    """The database already holds people and ``append`` was not asked for."""


@dataclass
class LoadResult:
    counts: dict[str, int] = field(default_factory=lambda: {t: 0 for t, _ in TABLES})
    seconds: float = 0.0
    end: Counters | None = None

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _model(label: str):
    return apps.get_model(label)


def current_counters(province: str, *, using: str = "default") -> Counters:
    """Counters that continue after what the database holds (for ``--append``).

    Primary keys continue after the maximum id. Plate spaces continue after the number of this
    province's plates of that space already registered.
    """
    counters = Counters()
    for table, label in TABLES:
        top = _model(label).objects.using(using).aggregate(top=Max("pk"))["top"]
        counters.next_id[table] = (top or 0) + 1
    vehicles = _model("vehicles.Vehicle").objects.using(using)
    ours = vehicles.filter(plate_number__startswith=province)
    counters.plates["ordinary"] = ours.filter(plate_type__in=("01", "02", "07", "08")).count()
    counters.plates["coach"] = ours.filter(plate_type="16").count()
    for energy in "DF":
        # Small NEV: the energy letter is the serial's first character (3rd of the plate);
        # large NEV: the last character.
        small = ours.filter(plate_type="52").filter(plate_number__regex=rf"^..{energy}")
        counters.plates[f"nev_small_{energy}"] = small.count()
        large = ours.filter(Q(plate_type="51"), plate_number__endswith=energy)
        counters.plates[f"nev_large_{energy}"] = large.count()
    return counters


def _load_postgresql(batch: Batch, using: str) -> None:
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor
        cursor.execute("SET LOCAL synchronous_commit = off")
        for table, label in TABLES:
            rows = getattr(batch, table)
            if not rows:
                continue
            model = _model(label)
            db_table = model._meta.db_table
            fields = type(rows[0])._fields
            columns = ", ".join(quote(c) for c in stored_columns(model, fields))
            with cursor.copy(f"COPY {quote(db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(stored_values(model, fields, row))
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "GREATEST((SELECT MAX(id) FROM " + quote(db_table) + "), 1))",
                (db_table,),
            )


def _load_orm(batch: Batch, using: str, batch_size: int) -> None:
    for table, label in TABLES:
        rows = getattr(batch, table)
        if not rows:
            continue
        model = _model(label)
        objects = [model(**row._asdict()) for row in rows]
        model.objects.using(using).bulk_create(objects, batch_size=batch_size)


def load(
    batches: Iterable[Batch | tuple[Batch, Counters]],
    *,
    batch_size: int = 2000,
    progress: PersonsProgress | None = None,
    using: str = "default",
) -> LoadResult:
    """Write each batch in its own transaction, in dependency order.

    ``batches`` yields ``Batch`` objects (or ``(batch, counters)`` pairs, as
    ``Generator.batches`` does). ``batch_size`` is the ``bulk_create`` batch size on SQLite;
    PostgreSQL streams each table of a batch in one COPY. ``progress`` is called with the
    number of people written after each batch commits.
    """
    result = LoadResult()
    started = time.perf_counter()
    vendor = connections[using].vendor
    for item in batches:
        batch, end = item if isinstance(item, tuple) else (item, None)
        with transaction.atomic(using=using):
            if vendor == "postgresql":
                _load_postgresql(batch, using)
            else:
                _load_orm(batch, using, batch_size)
        for table, count in batch.counts().items():
            result.counts[table] += count
        result.end = end or result.end
        if progress is not None:
            progress(len(batch.persons))
    if vendor != "postgresql":
        _reset_sequences_orm(using)
    result.seconds = time.perf_counter() - started
    return result


def _reset_sequences_orm(using: str) -> None:
    """SQLite picks max(id) + 1 by itself; other backends get Django's reset SQL."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        return
    models = [_model(label) for _, label in TABLES]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def seed(
    persons: int,
    *,
    seed: int = 2026,
    province: str = "苏",
    as_of: date | None = None,
    batch_size: int = 20_000,
    append: bool = False,
    progress: PersonsProgress | None = None,
    mix: Mix = DEFAULT_MIX,
    using: str = "default",
) -> LoadResult:
    """Generate and load ``persons`` people with their licenses, vehicles and organizations.

    Refuses (``SeedRefused``) when the database already holds people, unless ``append``: then
    every number continues after what is there. ``batch_size`` is the number of people per
    chunk (one transaction each), which also bounds memory.
    """
    person_model = _model("identity.Person")
    if not append and person_model.objects.using(using).exists():
        raise SeedRefused(
            "the database already holds people; use --append to add more, or start from an "
            "empty database"
        )
    generator = Generator(seed=seed, province=province, as_of=as_of, mix=mix)
    start = current_counters(province, using=using)
    chunks = generator.batches(persons, start=start, chunk_size=batch_size)
    return load(chunks, batch_size=min(batch_size, 2000), progress=progress, using=using)
