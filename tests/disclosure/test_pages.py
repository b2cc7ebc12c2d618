"""The public pages: the index, each list paged, the statistics tables; phone width and the
elderly mode come from the portal's base template and stylesheet."""

import pytest

from jiaoguan.disclosure import selectors
from jiaoguan.disclosure.lists import LISTS, published_lists
from jiaoguan.disclosure.models import Entry
from tests.disclosure.factories import make_register, publish_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    register = make_register()
    publish_on()
    return register


def test_index_names_every_list_with_its_basis_and_says_what_is_missing(client, published):
    page = client.get("/disclosure/").content.decode()
    for declaration in LISTS:
        assert str(declaration.title) in page
        assert str(declaration.basis) in page
        if not declaration.scanned:
            assert str(declaration.missing) in page
    assert "/api/v1/open-data/catalog" in page
    assert 'name="viewport"' in page


def test_each_list_page_shows_its_columns_basis_expiry_and_downloads(client, published):
    for declaration in published_lists():
        response = client.get(f"/disclosure/{declaration.code}/")
        assert response.status_code == 200
        page = response.content.decode()
        for field in declaration.fields:
            assert f'<th scope="col">{field.title}</th>' in page
        assert str(declaration.expiry) in page
        assert f"/api/v1/open-data/datasets/{declaration.code}.csv" in page


def test_a_list_page_shows_masked_values_only(client, published):
    page = client.get("/disclosure/licenses_void/").content.decode()
    assert "欧阳**" in page
    assert "欧阳小明" not in page


def test_list_pages_are_paged(client, published, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    first = client.get("/disclosure/vehicles_inspection_overdue/").content.decode()
    assert "苏A***02" in first
    assert "苏A***03" not in first
    assert 'rel="next"' in first
    second = client.get("/disclosure/vehicles_inspection_overdue/?page=2").content.decode()
    assert "苏A***03" in second
    assert client.get("/disclosure/vehicles_inspection_overdue/?page=x").status_code == 200


def test_an_unknown_list_is_404_and_the_event_lists_are_pages(client, published):
    assert client.get("/disclosure/nothing/").status_code == 404
    page = client.get("/disclosure/serious_violators/").content.decode()
    assert "《中华人民共和国行政处罚法》第四十八条" in page
    assert "李*" in page


def test_pass_rates_page_is_a_table_with_a_bar_beside_each_rate(client, published):
    page = client.get("/disclosure/statistics/pass-rates/").content.decode()
    assert "<caption>" in page
    assert '<th scope="row">' in page
    assert 'value="50.00"' in page
    assert "50.00" in page


def test_plates_taken_page_lists_each_segment(client, published):
    page = client.get("/disclosure/statistics/plates/").content.decode()
    (entry,) = Entry.objects.filter(dataset="plate_segments")
    assert entry.data["prefix"] in page
    assert "<caption>" in page


def test_pages_answer_in_the_elderly_mode(client, published):
    client.post("/care-mode/", {"on": "1", "next": "/disclosure/"})
    for path in (
        "/disclosure/",
        "/disclosure/licenses_void/",
        "/disclosure/statistics/pass-rates/",
        "/disclosure/statistics/plates/",
    ):
        page = client.get(path).content.decode()
        assert 'class="care"' in page, path


def test_statistics_pages_answer_with_an_empty_table_before_the_first_run(client, db):
    for path in ("/disclosure/statistics/pass-rates/", "/disclosure/statistics/plates/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "目前没有公开的条目。" in response.content.decode()
    assert client.get("/disclosure/").status_code == 200


@pytest.mark.parametrize("available", [True, False])
def test_a_chart_is_drawn_from_the_table_data_only_with_the_vendored_library(
    client, published, monkeypatch, available
):
    from jiaoguan.portal.views import disclosure as views

    monkeypatch.setattr(views, "charts_available", lambda: available)
    for path in ("/disclosure/statistics/pass-rates/", "/disclosure/statistics/plates/"):
        page = client.get(path).content.decode()
        assert ("vendor/echarts/echarts.min.js" in page) is available, path
        assert ('id="chart-data" type="application/json"' in page) is available, path
        assert "<table" in page  # the accessible table is there either way
    if available:
        page = client.get("/disclosure/statistics/pass-rates/").content.decode()
        assert '"values": [50.0]' in page
        assert 'aria-hidden="true"' in page


def test_no_inline_script_runs_on_the_statistics_pages(client, published, monkeypatch):
    import re

    from jiaoguan.portal.views import disclosure as views

    monkeypatch.setattr(views, "charts_available", lambda: True)
    page = client.get("/disclosure/statistics/pass-rates/").content.decode()
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("code", ["new_driver_rates", "exam_placement_fairness"])
def test_the_other_statistics_have_a_table_and_a_chart_page(client, published, monkeypatch, code):
    from jiaoguan.portal.views import disclosure as views

    monkeypatch.setattr(views, "charts_available", lambda: True)
    page = client.get(f"/disclosure/statistics/{code}/").content.decode()
    assert '<th scope="col">' in page
    assert 'id="chart-data" type="application/json"' in page
    assert client.get("/disclosure/statistics/licenses_void/").status_code == 404
