"""The demo's road events: published through the services, in every feed, added once."""

import json

import pytest
from django.test import Client
from geojson_pydantic import FeatureCollection

from jiaoguan.demo.travel import ensure_demo_travel
from jiaoguan.travel.models import RoadEvent

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_published_once_and_fill_the_feed():
    lines = ensure_demo_travel(region_code="320100", number=9)
    ensure_demo_travel(region_code="320100", number=9)
    assert RoadEvent.objects.filter(source="demo").count() == 6
    assert set(RoadEvent.objects.values_list("status", flat=True)) == {"published"}
    assert "6" in lines[0]
    fog = RoadEvent.objects.get(kind="weather")
    assert (fog.speed_limit_kmh, fog.minimum_gap_m) == (40, 50)
    body = Client().get("/api/v1/travel/feeds/geojson").content
    assert len(FeatureCollection.model_validate_json(body).features) == 6
    assert len(json.loads(Client().get("/api/v1/travel/feeds/wzdx").content)["features"]) == 2
