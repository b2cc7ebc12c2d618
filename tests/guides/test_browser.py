"""The guides on a 375 px phone: a search for 换证 finds the renewal guide, in the standard
and the elderly mode (长辈模式); the point map draws the shipped base map and the points."""

import pytest

from jiaoguan.demo.guides import ensure_demo_guides

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
WIDTH = "() => [document.documentElement.scrollWidth, window.screen.width]"
FONT = "() => parseFloat(getComputedStyle(document.querySelector('#guide-results a')).fontSize)"


@pytest.mark.django_db(transaction=True)
def test_a_search_for_换证_finds_the_renewal_guide_on_a_phone(browser, live_server, screenshot_dir):
    sizes = {}
    for mode, cookies in (("standard", []), ("care", [{"name": "care_mode", "value": "1"}])):
        context = browser.new_context(locale="zh-CN", **PHONE)
        context.add_cookies([{**cookie, "url": live_server.url} for cookie in cookies])
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            page.goto(live_server.url + "/guides/")
            page.get_by_label("搜索办事指南").fill("换证")
            page.locator("form.search.card").get_by_role("button", name="搜索").click()
            results = page.locator("#guide-results")
            results.wait_for()
            first = results.locator("a").first
            assert "期满换证" in first.inner_text()
            width, screen = page.evaluate(WIDTH)
            assert width <= screen, f"{mode}: {width}px wide on a {screen}px phone"
            sizes[mode] = page.evaluate(FONT)
            page.screenshot(path=screenshot_dir / f"phone-guides-{mode}.png", full_page=True)
            first.click()
            page.wait_for_url("**/guides/license-renewal/")
            assert "身体条件证明" in page.content()
            width, screen = page.evaluate(WIDTH)
            assert width <= screen, f"{mode} guide page: {width}px wide"
        finally:
            context.close()
    assert sizes["care"] >= sizes["standard"] * 1.25, sizes


@pytest.mark.django_db(transaction=True)
def test_the_point_map_draws_the_base_map_and_the_points(browser, live_server, screenshot_dir):
    from django.contrib.staticfiles import finders

    if finders.find("vendor/leaflet/leaflet.js") is None:
        pytest.skip("Leaflet is not vendored (make vendor needs npm)")
    if finders.find("vendor/basemap/districts.geojson") is None:
        pytest.skip("the base map is not vendored (make vendor needs npm)")
    ensure_demo_guides(region_code="320100")
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems, outside = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on(
        "request",
        lambda request: not request.url.startswith(live_server.url) and outside.append(request.url),
    )
    try:
        page.goto(live_server.url + "/guides/points/map/")
        page.wait_for_selector("#guides-map[data-features='9']")
        assert page.get_attribute("#guides-map", "data-basemap-features") == "11"  # districts
        assert page.locator("#guides-map path.leaflet-interactive").count() == 9
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"{width}px wide on a {screen}px phone"
        page.locator("#guides-map path.leaflet-interactive").first.click(force=True)
        assert page.locator(".leaflet-popup-content").count() == 1
        page.screenshot(path=screenshot_dir / "phone-guides-map.png", full_page=True)
    finally:
        context.close()
    assert problems == []
    assert outside == []  # no external tiles, nothing from another host
