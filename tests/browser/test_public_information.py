"""Public information on a 375 px phone, beyond the Chinese journeys of tests/travel,
tests/guides and test_disclosure_chart: the guide search in English, an announcement list
with its masking and legal basis, and the chart page's table readable beside its chart."""

import pytest

from tests.disclosure.factories import make_register, publish_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
WIDTH = "() => [document.documentElement.scrollWidth, window.screen.width]"


def _page(browser, locale: str):
    context = browser.new_context(locale=locale, **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_an_english_search_for_renewal_finds_the_renewal_guide(
    browser, live_server, screenshot_dir
):
    context, page = _page(browser, "en-US")
    try:
        page.goto(live_server.url + "/guides/")
        page.get_by_label("Search the service guides").fill("renewal")
        page.locator("form.search.card").get_by_role("button", name="Search").click()
        results = page.locator("#guide-results")
        results.wait_for()
        titles = results.locator("a").all_inner_texts()
        assert any("License renewal" in title for title in titles), titles
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"{width}px wide on a {screen}px phone"
        page.screenshot(path=screenshot_dir / "phone-guides-english.png", full_page=True)
    finally:
        context.close()


def test_an_announcement_list_shows_masked_entries_and_their_basis(
    browser, live_server, screenshot_dir
):
    make_register()
    publish_on()
    context, page = _page(browser, "zh-CN")
    try:
        page.goto(live_server.url + "/disclosure/serious_violators/")
        text = page.locator("main").inner_text()
        assert "《中华人民共和国行政处罚法》第四十八条" in text
        assert "李*" in text
        assert "李四" not in text
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"{width}px wide on a {screen}px phone"
        page.screenshot(path=screenshot_dir / "phone-disclosure-serious.png", full_page=True)
    finally:
        context.close()


def test_the_chart_pages_table_is_visible_with_its_caption_and_headers(browser, live_server):
    make_register()
    publish_on()
    context, page = _page(browser, "zh-CN")
    try:
        page.goto(live_server.url + "/disclosure/statistics/pass-rates/")
        table = page.locator("table.disclosure")
        assert table.is_visible()
        assert table.locator("caption").count() == 1
        headers = table.locator("thead th").all_inner_texts()
        assert "驾驶培训学校" in headers, headers
        assert "合格率（%）" in " ".join(headers), headers
        assert table.locator('tbody th[scope="row"]').count() >= 1
    finally:
        context.close()
