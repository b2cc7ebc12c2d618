"""The public 路况与施工 page: current events with region, road and kind filters, errors by
the field, linked from the service centre; in the elderly mode too."""

import pytest

from jiaoguan.travel import services
from tests.portal.html import field_errors, parse
from tests.travel.factories import make_event, make_travel_officer

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    tree = parse(response.content.decode())
    return [
        element.text for element in tree.find_all("section") if "travel-event" in element.classes
    ]


def test_the_page_lists_current_events_and_is_linked_from_the_service_centre(client):
    event = make_event(title="追尾事故", road_name="G2京沪高速")
    assert "/travel/" in client.get("/guides/").content.decode()
    page = client.get("/travel/")
    assert page.status_code == 200
    (card,) = _titles(page)
    assert "追尾事故" in card
    assert "G2京沪高速" in card
    assert str(event.public_id) in page.content.decode()


def test_region_road_and_kind_filters(client):
    make_event(title="南京事故", region_code="320100", road_name="G2京沪高速")
    make_event(title="苏州拥堵", region_code="320500", road_name="S17苏嘉杭高速", kind="congestion")
    assert len(_titles(client.get("/travel/", {"region": "320000"}))) == 2
    (only,) = _titles(client.get("/travel/", {"region": "320500"}))
    assert "苏州拥堵" in only
    (only,) = _titles(client.get("/travel/", {"road": "京沪"}))
    assert "南京事故" in only
    (only,) = _titles(client.get("/travel/", {"kind": "congestion"}))
    assert "苏州拥堵" in only
    assert _titles(client.get("/travel/", {"region": "320100", "road": "苏嘉杭"})) == []


def test_a_malformed_region_is_shown_next_to_the_field(client):
    make_event()
    response = client.get("/travel/", {"region": "南京"})
    assert response.status_code == 200
    assert field_errors(parse(response.content.decode()), "id_region")
    assert _titles(response) == []


def test_withdrawn_and_draft_events_are_not_listed(client):
    officer = make_travel_officer()
    event = make_event(actor=officer, title="已撤销")
    make_event(actor=officer, title="草稿", publish=False)
    services.event_withdraw(actor=officer, event=event)
    assert _titles(client.get("/travel/")) == []


def test_the_fog_limit_is_shown_and_the_page_works_in_the_elderly_mode(client):
    make_event(kind="weather", visibility_m=80, ends_at=None, title="团雾")
    client.cookies["care_mode"] = "1"
    response = client.get("/travel/")
    html = response.content.decode()
    assert 'class="care"' in html
    (card,) = _titles(response)
    assert "每小时 40 公里" in card
    assert "跟车距离 50 米以上" in card
    assert "至另行通知" in card


def test_the_page_in_english(client):
    make_event(kind="closure", emergency=True, ends_at=None)
    client.cookies["django_language"] = "en"
    (card,) = _titles(client.get("/travel/"))
    assert "Road closure" in card


def test_the_map_page_draws_the_feed_with_the_vendored_library_or_says_it_cannot(
    client, monkeypatch
):
    from jiaoguan.portal.views import travel as travel_pages

    make_event(title="团雾路段", kind="weather", visibility_m=120)
    assert "/travel/map/" in client.get("/travel/").content.decode()
    monkeypatch.setattr(travel_pages.finders, "find", lambda path: "/vendored/leaflet.js")
    html = client.get("/travel/map/").content.decode()
    assert 'id="travel-map"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert 'data-feed="/api/v1/travel/feeds/geojson"' in html
    assert "团雾路段" in html
    monkeypatch.setattr(travel_pages.finders, "find", lambda path: None)
    html = client.get("/travel/map/").content.decode()
    assert 'id="travel-map"' not in html
    assert "团雾路段" in html
