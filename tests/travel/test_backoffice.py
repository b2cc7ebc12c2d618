"""Officer pages of travel information: publish from the form (with the closure notice and
field errors), update, withdraw with a reason, import a GeoJSON feed; the menu entry."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.travel import selectors
from jiaoguan.travel.models import RoadEvent
from tests.backoffice.test_lookup import log_in
from tests.portal.html import field_errors, parse
from tests.travel.factories import make_event, make_travel_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    officer = make_travel_officer()
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    log_in(client, officer, device)
    return officer


def _local(moment) -> str:
    return clock.local(moment).strftime("%Y-%m-%dT%H:%M")


def _form(**fields):
    data = {
        "kind": "accident",
        "title": "三车追尾",
        "road_name": "G2京沪高速",
        "direction": "southbound",
        "region_code": "320100",
        "geometry_type": "Point",
        "coordinates": "118.7969,32.0603",
        "starts_at": _local(clock.now() - timedelta(minutes=10)),
        "ends_at": _local(clock.now() + timedelta(hours=2)),
        "severity": "severe",
        "lanes_total": "3",
        "lanes_affected": "2",
        "description": "",
        "publish": "1",
    }
    data.update(fields)
    return data


def test_the_menu_shows_the_travel_entry(client, officer):
    page = client.get("/backoffice/").content.decode()
    assert "/backoffice/travel/" in page


def test_an_officer_publishes_an_event_from_the_form(client, officer):
    response = client.post("/backoffice/travel/new/", _form())
    assert response.status_code == 302
    event = RoadEvent.objects.get()
    assert (event.status, event.version, event.lanes_affected) == ("published", 1, 2)
    assert event.geometry == {"type": "Point", "coordinates": [118.7969, 32.0603]}
    assert list(selectors.events_current()) == [event]
    assert "三车追尾" in client.get("/backoffice/travel/").content.decode()


def test_a_line_and_an_area_are_read_from_the_coordinates(client, officer):
    client.post(
        "/backoffice/travel/new/",
        _form(geometry_type="LineString", coordinates="118.70,32.00 118.75,32.02\n118.8,32.05"),
    )
    client.post(
        "/backoffice/travel/new/",
        _form(geometry_type="Polygon", coordinates="118.7,32.0 118.9,32.0 118.9,32.2"),
    )
    line, area = RoadEvent.objects.order_by("pk")
    assert len(line.geometry["coordinates"]) == 3
    ring = area.geometry["coordinates"][0]
    assert ring[0] == ring[-1]
    assert len(ring) == 4


def test_a_late_closure_is_refused_next_to_the_start(client, officer):
    starts = clock.now() + timedelta(days=3)
    response = client.post(
        "/backoffice/travel/new/",
        _form(kind="closure", starts_at=_local(starts), ends_at=""),
    )
    assert response.status_code == 200
    errors = field_errors(parse(response.content.decode()), "id_starts_at")
    assert any("五日" in error or "5" in error for error in errors), errors
    assert not RoadEvent.objects.exists()


def test_bad_coordinates_are_refused_next_to_the_field(client, officer):
    response = client.post("/backoffice/travel/new/", _form(coordinates="南京"))
    assert field_errors(parse(response.content.decode()), "id_coordinates")
    response = client.post("/backoffice/travel/new/", _form(coordinates="200,32"))
    errors = field_errors(parse(response.content.decode()), "id_coordinates")
    assert any("经度" in error for error in errors), errors
    assert not RoadEvent.objects.exists()


def test_a_draft_is_saved_then_published(client, officer):
    data = _form()
    del data["publish"]
    client.post("/backoffice/travel/new/", {**data, "draft": "1"})
    event = RoadEvent.objects.get()
    assert event.status == "draft"
    client.post(f"/backoffice/travel/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == "published"


def test_an_officer_updates_and_withdraws_an_event(client, officer):
    event = make_event(actor=officer)
    page = client.get(f"/backoffice/travel/{event.pk}/")
    assert page.status_code == 200
    assert str(event.public_id) in page.content.decode()
    data = _form(title="事故已处理一半", lanes_affected="1")
    del data["publish"]
    response = client.post(f"/backoffice/travel/{event.pk}/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.version) == ("事故已处理一半", 2)
    history = client.get(f"/backoffice/travel/{event.pk}/").content.decode()
    assert "修改记录" in history
    assert "<del>" in history
    assert "事故已处理一半" in history.split("修改记录", 1)[1]
    client.post(f"/backoffice/travel/{event.pk}/withdraw/", {"reason": ""})
    event.refresh_from_db()
    assert event.status == "published"  # a reason is required
    client.post(f"/backoffice/travel/{event.pk}/withdraw/", {"reason": "已清障"})
    event.refresh_from_db()
    assert event.status == "withdrawn"
    assert AuditEvent.objects.filter(action="travel.event.withdrawn", actor_id=officer.pk).exists()


def test_another_provinces_event_is_not_found(client, officer):
    yunnan = make_travel_officer(region="530100")
    event = make_event(actor=yunnan, region_code="530100")
    assert client.get(f"/backoffice/travel/{event.pk}/").status_code == 404
    assert str(event.public_id) not in client.get("/backoffice/travel/").content.decode()


def _feed(*features):
    return SimpleUploadedFile(
        "feed.geojson",
        json.dumps({"type": "FeatureCollection", "features": list(features)}).encode(),
        content_type="application/geo+json",
    )


def _feature(reference="A-1", **properties):
    base = {
        "kind": "works",
        "title": "养护施工",
        "road_name": "S38常合高速",
        "region_code": "320100",
        "direction": "eastbound",
        "severity": "minor",
        "starts_at": clock.local(clock.now()).isoformat(),
        "ends_at": clock.local(clock.now() + timedelta(days=2)).isoformat(),
        "lanes_total": 2,
        "lanes_affected": 1,
    }
    return {
        "type": "Feature",
        "id": reference,
        "geometry": {"type": "LineString", "coordinates": [[118.9, 32.1], [119.0, 32.1]]},
        "properties": {**base, **properties},
    }


def test_importing_a_feed_publishes_then_updates_by_reference(client, officer):
    response = client.post(
        "/backoffice/travel/import/",
        {"feed_format": "geojson", "source": "js-expressway", "document": _feed(_feature())},
    )
    assert response.status_code == 302
    event = RoadEvent.objects.get()
    assert (event.source, event.source_reference, event.status) == (
        "js-expressway",
        "A-1",
        "published",
    )
    client.post(
        "/backoffice/travel/import/",
        {
            "feed_format": "geojson",
            "source": "js-expressway",
            "document": _feed(_feature(title="养护施工（延长）")),
        },
    )
    event.refresh_from_db()
    assert (RoadEvent.objects.count(), event.title, event.version) == (1, "养护施工（延长）", 2)


def test_an_import_with_one_bad_feature_imports_nothing(client, officer):
    bad = _feature("A-2", region_code="99")
    response = client.post(
        "/backoffice/travel/import/",
        {"feed_format": "geojson", "source": "js", "document": _feed(_feature(), bad)},
    )
    assert response.status_code == 200
    assert not RoadEvent.objects.exists()
    assert "地区代码" in response.content.decode()


def test_an_import_of_what_is_not_json_is_refused(client, officer):
    document = SimpleUploadedFile("x.geojson", b"\xff\xfe not json")
    data = {"feed_format": "geojson", "source": "js", "document": document}
    response = client.post("/backoffice/travel/import/", data)
    assert field_errors(parse(response.content.decode()), "id_document")


def test_a_wzdx_feed_is_imported_as_works_and_needs_a_region(client, officer):
    make_event(actor=officer, kind="works", lanes_total=3, lanes_affected=1, road_name="S38")
    feed = Client().get("/api/v1/travel/feeds/wzdx").content
    document = SimpleUploadedFile("wzdx.geojson", feed, content_type="application/geo+json")
    data = {"feed_format": "wzdx", "source": "wzdx-partner", "document": document}
    response = client.post("/backoffice/travel/import/", data)
    assert field_errors(parse(response.content.decode()), "id_region_code")
    document.seek(0)
    response = client.post("/backoffice/travel/import/", {**data, "region_code": "320100"})
    assert response.status_code == 302
    original, imported = RoadEvent.objects.order_by("pk")
    assert (imported.source, imported.source_reference) == ("wzdx-partner", str(original.public_id))
    assert (imported.kind, imported.road_name, imported.status) == ("works", "S38", "published")
    assert imported.geometry["type"] == "Point"
    assert abs(imported.ends_at - original.ends_at).total_seconds() < 1
