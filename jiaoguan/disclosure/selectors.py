"""Reading what is published: the lists with their state, a list's live entries, paged or
streamed. Public: nothing here needs an actor, and nothing reads the register itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from jiaoguan.core import clock
from jiaoguan.disclosure import errors
from jiaoguan.disclosure.lists import (
    ENTRY_FIELDS,
    LISTS,
    ListDeclaration,
    ListField,
    list_declaration,
)
from jiaoguan.disclosure.models import Dataset, Entry, PublicationRun

#: Entries per page on the public pages.
PAGE_SIZE = 50
#: Rows read per round trip when a whole list is streamed.
STREAM_CHUNK = 2000


@dataclass(frozen=True)
class PublishedList:
    declaration: ListDeclaration
    modified_at: datetime | None
    entry_count: int

    @property
    def code(self) -> str:
        return self.declaration.code

    @property
    def is_published(self) -> bool:
        return self.declaration.scanned and self.modified_at is not None

    @property
    def columns(self) -> tuple[ListField, ...]:
        """The list's own fields, then the basis, publication and expiry of each entry."""
        return self.declaration.fields + ENTRY_FIELDS

    @property
    def page_columns(self) -> tuple[ListField, ...]:
        """The columns of its page: the basis, the same for every entry, is shown once above."""
        return self.declaration.fields + tuple(
            field for field in ENTRY_FIELDS if field.name != "legal_basis"
        )


@dataclass(frozen=True)
class PublishedEntry:
    data: dict
    legal_basis: str
    published_on: date
    expires_on: date

    def _row(self) -> dict:
        return {
            **self.data,
            "legal_basis": self.legal_basis,
            "published_on": self.published_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
        }

    def values(self, columns: tuple[ListField, ...]) -> list:
        row = self._row()
        return [row.get(column.name) for column in columns]

    def as_dict(self, columns: tuple[ListField, ...]) -> dict:
        """The entry's fields in the schema's order (PostgreSQL's jsonb keeps its own)."""
        row = self._row()
        return {column.name: row.get(column.name) for column in columns}


def lists_public() -> list[PublishedList]:
    """Every list of ``disclosure.lists`` (published or not yet), in its order."""
    datasets = {dataset.code: dataset for dataset in Dataset.objects.all()}
    result = []
    for declaration in sorted(LISTS, key=lambda item: item.position):
        dataset = datasets.get(declaration.code)
        result.append(
            PublishedList(
                declaration=declaration,
                modified_at=dataset.modified_at if dataset else None,
                entry_count=dataset.entry_count if dataset else 0,
            )
        )
    return result


def list_public(code: str) -> PublishedList:
    """One published list; ``disclosure.list.not_found`` for an unknown or unpublished code."""
    declaration = list_declaration(code)
    dataset = Dataset.objects.filter(code=code).first() if declaration else None
    if declaration is None or not declaration.scanned or dataset is None:
        raise errors.list_not_found()
    return PublishedList(declaration, dataset.modified_at, dataset.entry_count)


def list_declared(code: str) -> PublishedList:
    """A list with a scan, published or not yet (``modified_at`` None before the first run);
    ``disclosure.list.not_found`` for a code without one."""
    declaration = list_declaration(code)
    if declaration is None or not declaration.scanned:
        raise errors.list_not_found()
    dataset = Dataset.objects.filter(code=code).first()
    return PublishedList(
        declaration,
        dataset.modified_at if dataset else None,
        dataset.entry_count if dataset else 0,
    )


def _live(code: str, today: date | None = None) -> QuerySet[Entry]:
    today = today or clock.today()
    return Entry.objects.filter(
        dataset=code, withdrawn_on__isnull=True, published_on__lte=today, expires_on__gte=today
    ).order_by("sort_key", "id")


def _entry(row: tuple, basis: str) -> PublishedEntry:
    data, published_on, expires_on = row
    return PublishedEntry(data, basis, published_on, expires_on)


def list_entries_page(published: PublishedList, *, page: int | str | None) -> Page:
    """One page of the list's live entries (``PublishedEntry``), ``PAGE_SIZE`` a page; a page
    number out of range gives the nearest page."""
    basis = str(published.declaration.basis)
    rows = _live(published.code).values_list("data", "published_on", "expires_on")
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(page)
    current.object_list = [_entry(row, basis) for row in current.object_list]  # type: ignore[misc]  # a page of entries instead of rows
    return current


def list_entries_stream(published: PublishedList) -> Iterator[PublishedEntry]:
    """Every live entry of the list, read ``STREAM_CHUNK`` rows at a time (a server-side
    cursor on PostgreSQL), for the downloads."""
    basis = str(published.declaration.basis)
    rows = _live(published.code).values_list("data", "published_on", "expires_on")
    for row in rows.iterator(chunk_size=STREAM_CHUNK):
        yield _entry(row, basis)


def statistic_rows(code: str, *, limit: int = 500) -> list[PublishedEntry]:
    """The newest live entries of a statistic (newest month first), for its page; none
    before the first run."""
    published = list_declared(code)
    basis = str(published.declaration.basis)
    rows = (
        _live(code)
        .order_by("-sort_key", "id")
        .values_list("data", "published_on", "expires_on")[:limit]
    )
    return [_entry(row, basis) for row in rows]


def publication_runs_recent(*, limit: int = 20) -> QuerySet[PublicationRun]:
    """The latest publication runs, newest first (the officers' page)."""
    return PublicationRun.objects.order_by("-started_at", "-id")[:limit]
