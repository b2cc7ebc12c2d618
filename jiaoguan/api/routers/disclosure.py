"""Open data (开放数据): the DCAT-AP catalogue of every published list, and each list streamed
as CSV and JSON with its licence (CC BY 4.0), modification date and schema. Public: no
account, no captcha."""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router

from jiaoguan.api.errors import error_responses
from jiaoguan.core.families import ApiMount
from jiaoguan.disclosure import selectors
from jiaoguan.disclosure.lists import KIND_LABELS
from jiaoguan.disclosure.selectors import PublishedList

router = Router(tags=["open-data"])

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PREFIX = "/api/v1/open-data"
_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_CACHE = "public, max-age=300"


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _dataset_path(code: str) -> str:
    return f"{PREFIX}/datasets/{code}"


def _text(value) -> dict:
    return {"@value": str(value), "@language": "zh-Hans"}


def _moment(value: datetime | None) -> dict:
    return {"@value": value.isoformat() if value else "", "@type": "xsd:dateTime"}


def _distribution(request, published: PublishedList, extension: str, media: str) -> dict:
    url = _absolute(request, f"{_dataset_path(published.code)}.{extension}")
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _text(f"{published.declaration.title} ({extension.upper()})"),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": _MEDIA_TYPE + media},
        "dct:format": {"@id": _FILE_TYPE + extension.upper()},
        "dct:license": {"@id": LICENSE},
        "dct:modified": _moment(published.modified_at),
        "dct:conformsTo": {"@id": _absolute(request, f"{_dataset_path(published.code)}/schema")},
    }


def _dataset(request, published: PublishedList) -> dict:
    declaration = published.declaration
    return {
        "@id": _absolute(request, _dataset_path(published.code)),
        "@type": "dcat:Dataset",
        "dct:identifier": published.code,
        "dct:title": _text(declaration.title),
        "dct:description": _text(
            _("%(basis)s。公开期限：%(expiry)s。")
            % {"basis": declaration.basis, "expiry": declaration.expiry}
        ),
        "dct:license": {"@id": LICENSE},
        "dct:modified": _moment(published.modified_at),
        # The run is daily (beat); the legal cadence is in the description's basis.
        "dct:accrualPeriodicity": {"@id": _FREQUENCY + "DAILY"},
        "dct:conformsTo": {"@id": _absolute(request, f"{_dataset_path(published.code)}/schema")},
        "dcat:keyword": [_text(_("信息公开")), _text(KIND_LABELS[declaration.kind])],
        "dcat:distribution": [
            _distribution(request, published, "csv", "text/csv"),
            _distribution(request, published, "json", "application/json"),
        ],
    }


def _published_lists() -> list[PublishedList]:
    return [item for item in selectors.lists_public() if item.is_published]


@router.get("/catalog", response={200: None})
def catalog(request):
    """The DCAT-AP catalogue (JSON-LD, ``application/ld+json``): one ``dcat:Dataset`` per
    published list, each with a CSV and a JSON ``dcat:Distribution``, the CC BY 4.0 licence,
    ``dct:modified`` and the Table Schema it conforms to."""
    lists = _published_lists()
    modified = max((item.modified_at for item in lists if item.modified_at), default=None)
    document = {
        "@context": _CONTEXT,
        "@id": _absolute(request, f"{PREFIX}/catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _text(_("交通管理信息公开数据目录")),
        "dct:description": _text(
            _(
                "公安机关交通管理部门依法主动公开的公告、公示和统计数据。姓名只显示姓氏，不含身份证号码和电话号码。"
            )
        ),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _text(_("公安机关交通管理部门"))},
        "dct:license": {"@id": LICENSE},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "foaf:homepage": {"@id": _absolute(request, "/disclosure/")},
        "dcat:dataset": [_dataset(request, item) for item in lists],
    }
    if modified is not None:
        document["dct:modified"] = _moment(modified)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/ld+json; charset=utf-8"
    )
    response["Cache-Control"] = _CACHE
    return response


@router.get("/datasets/{code}/schema", response={200: None, **error_responses(404)})
def dataset_schema(request, code: str):
    """The list's Table Schema (frictionlessdata.io): every column's name, title and type."""
    published = selectors.list_public(code)
    schema = {
        "fields": [
            {"name": field.name, "title": str(field.title), "type": str(field.type)}
            | ({"description": _("已按规定部分隐藏")} if field.masking else {})
            for field in published.columns
        ],
    }
    response = HttpResponse(
        json.dumps(schema, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = _CACHE
    return response


class _Line:
    """A file-like object ``csv.writer`` writes one line into, returned at once."""

    def write(self, value: str) -> str:
        return value


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _cell(value) -> object:
    # A spreadsheet would run a cell starting like a formula (CSV injection).
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _csv_lines(published: PublishedList) -> Iterator[str]:
    writer = csv.writer(_Line())
    columns = published.columns
    yield "\ufeff" + writer.writerow([column.name for column in columns])
    for entry in selectors.list_entries_stream(published):
        yield writer.writerow([_cell(value) for value in entry.values(columns)])


def _json_chunks(request, published: PublishedList) -> Iterator[str]:
    head = {
        "dataset": published.code,
        "title": str(published.declaration.title),
        "license": LICENSE,
        "modified": published.modified_at.isoformat() if published.modified_at else None,
        "schema": _absolute(request, f"{_dataset_path(published.code)}/schema"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "entries": ['
    separator = ""
    for entry in selectors.list_entries_stream(published):
        yield separator + json.dumps(entry.as_dict(published.columns), ensure_ascii=False)
        separator = ","
    yield "]}"


def _streamed(
    published: PublishedList, chunks: Iterable[str], content_type: str, extension: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{published.code}.{extension}"'
    if published.modified_at:
        response["Last-Modified"] = http_date(published.modified_at.timestamp())
    response["Cache-Control"] = _CACHE
    return response


def _not_modified(request, published: PublishedList):
    """A 304 when the caller's ``If-Modified-Since`` is not older than the list."""
    if published.modified_at is None:
        return None
    return get_conditional_response(request, last_modified=int(published.modified_at.timestamp()))


@router.get("/datasets/{code}.csv", response={200: None, **error_responses(404)})
def dataset_csv(request, code: str):
    """The list as CSV (UTF-8 with a byte-order mark, header of field names), streamed;
    304 for an ``If-Modified-Since`` not older than the list."""
    published = selectors.list_public(code)
    if (unchanged := _not_modified(request, published)) is not None:
        return unchanged
    return _streamed(published, _csv_lines(published), "text/csv; charset=utf-8", "csv")


@router.get("/datasets/{code}.json", response={200: None, **error_responses(404)})
def dataset_json(request, code: str):
    """The list as JSON (licence, modification date, schema, then every entry), streamed;
    304 for an ``If-Modified-Since`` not older than the list."""
    published = selectors.list_public(code)
    if (unchanged := _not_modified(request, published)) is not None:
        return unchanged
    return _streamed(
        published, _json_chunks(request, published), "application/json; charset=utf-8", "json"
    )


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/open-data", router, position=170),
]
