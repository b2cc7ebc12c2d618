"""The open-data catalogue (DCAT-AP, JSON-LD) and the streamed CSV and JSON downloads."""

import csv
import io
import json

import pytest

from jiaoguan.disclosure.lists import ENTRY_FIELDS, published_lists
from tests.disclosure.factories import DAY, make_register, publish_on

pytestmark = pytest.mark.django_db

CATALOG = "/api/v1/open-data/catalog"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def published():
    make_register()
    return publish_on()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_catalog_is_a_dcat_catalog_of_every_published_list(client, published):
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert document["dct:license"] == {"@id": CC_BY}
    assert document["dct:publisher"]["@type"] == "foaf:Agent"
    assert {"dct:title", "dct:description", "dct:modified"} <= set(document)
    datasets = {dataset["dct:identifier"]: dataset for dataset in document["dcat:dataset"]}
    assert set(datasets) == {declaration.code for declaration in published_lists()}
    for code, dataset in datasets.items():
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:license"] == {"@id": CC_BY}
        assert dataset["dct:modified"]["@type"] == "xsd:dateTime"
        assert dataset["dct:conformsTo"]["@id"].endswith(f"/datasets/{code}/schema")
        formats = {}
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dct:license"] == {"@id": CC_BY}
            assert distribution["dcat:accessURL"] == distribution["dcat:downloadURL"]
            assert distribution["dct:conformsTo"] == dataset["dct:conformsTo"]
            formats[distribution["dct:format"]["@id"].rsplit("/", 1)[1]] = distribution[
                "dcat:downloadURL"
            ]["@id"]
        assert set(formats) == {"CSV", "JSON"}
        assert formats["CSV"] == f"http://testserver/api/v1/open-data/datasets/{code}.csv"


def test_catalog_lists_nothing_before_the_first_run(client, db):
    document = json.loads(client.get(CATALOG).content)
    assert document["dcat:dataset"] == []
    assert "dct:modified" not in document


def test_csv_download_is_streamed_with_header_basis_and_expiry(client, published):
    response = client.get("/api/v1/open-data/datasets/licenses_void.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="licenses_void.csv"' in response["Content-Disposition"]
    assert "Last-Modified" in response
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert {row["name"] for row in rows} == {"欧阳**", "*"}
    for row in rows:
        assert row["legal_basis"] == "《机动车驾驶证申领和使用规定》第七十九条第二款"
        assert row["published_on"] == DAY.isoformat()
        assert row["expires_on"] == "2028-11-19"


def test_json_download_carries_licence_modification_schema_and_entries(client, published):
    response = client.get("/api/v1/open-data/datasets/vehicles_inspection_overdue.json")
    assert response.status_code == 200
    assert response.streaming
    document = json.loads(_body(response))
    assert document["license"] == CC_BY
    assert document["modified"]
    assert document["schema"].endswith("/datasets/vehicles_inspection_overdue/schema")
    assert [entry["plate_number"] for entry in document["entries"]] == ["苏A***02", "苏A***03"]
    assert document["entries"][0]["legal_basis"]


def test_schema_names_every_column_with_its_type(client, published):
    for declaration in published_lists():
        response = client.get(f"/api/v1/open-data/datasets/{declaration.code}/schema")
        assert response.status_code == 200
        fields = json.loads(response.content)["fields"]
        names = [field["name"] for field in fields]
        assert names == [*declaration.field_names, *(field.name for field in ENTRY_FIELDS)]
        assert all(field["type"] in {"string", "integer", "number", "date"} for field in fields)


def test_every_download_has_the_schema_columns(client, published):
    for declaration in published_lists():
        text = _body(client.get(f"/api/v1/open-data/datasets/{declaration.code}.csv")).decode()
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert header == [*declaration.field_names, *(field.name for field in ENTRY_FIELDS)]
        document = json.loads(
            _body(client.get(f"/api/v1/open-data/datasets/{declaration.code}.json"))
        )
        for entry in document["entries"]:
            assert list(entry) == header


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/open-data/datasets/nothing.csv",
        "/api/v1/open-data/datasets/nothing.json",
        "/api/v1/open-data/datasets/nothing/schema",
    ],
)
def test_an_unknown_dataset_is_a_404_with_a_code(client, published, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "disclosure.list.not_found"


def test_expired_and_withdrawn_entries_are_not_downloaded(client, published):
    from jiaoguan.disclosure.models import Entry

    Entry.objects.filter(dataset="licenses_void").update(expires_on=DAY.replace(year=2025))
    document = json.loads(_body(client.get("/api/v1/open-data/datasets/licenses_void.json")))
    assert document["entries"] == []


def test_a_download_not_modified_since_the_callers_copy_is_a_304(client, published):
    url = "/api/v1/open-data/datasets/licenses_void.csv"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    older = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
