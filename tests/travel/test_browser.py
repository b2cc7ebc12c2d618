"""The 路况与施工 page on a 375 px phone, in the standard and the elderly mode (长辈模式):
nothing wider than the screen, the filters usable, the elderly mode's larger type."""

import pytest

from jiaoguan.demo.travel import ensure_demo_travel

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
WIDTH = "() => [document.documentElement.scrollWidth, window.screen.width]"
FONT = "() => parseFloat(getComputedStyle(document.querySelector('.travel-event')).fontSize)"


@pytest.mark.django_db(transaction=True)
def test_the_travel_page_fits_a_375_px_phone_in_both_modes(browser, live_server, screenshot_dir):
    ensure_demo_travel(region_code="320100", number=9)
    sizes = {}
    for mode, cookies in (("standard", []), ("care", [{"name": "care_mode", "value": "1"}])):
        context = browser.new_context(locale="zh-CN", **PHONE)
        context.add_cookies([{**cookie, "url": live_server.url} for cookie in cookies])
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            page.goto(live_server.url + "/travel/")
            assert page.locator(".travel-event").count() == 6
            width, screen = page.evaluate(WIDTH)
            assert width <= screen, f"{mode}: {width}px wide on a {screen}px phone"
            sizes[mode] = page.evaluate(FONT)
            page.screenshot(path=screenshot_dir / f"phone-travel-{mode}.png", full_page=True)
            page.get_by_label("道路").fill("G25")
            page.get_by_role("button", name="查询").click()
            assert page.locator(".travel-event").count() == 1
            assert "每小时 40 公里" in page.locator(".travel-event").inner_text()
            width, screen = page.evaluate(WIDTH)
            assert width <= screen, f"{mode} filtered: {width}px wide"
        finally:
            context.close()
    assert sizes["care"] >= sizes["standard"] * 1.25, sizes


@pytest.mark.django_db(transaction=True)
def test_the_map_draws_every_current_event_on_a_phone(browser, live_server, screenshot_dir):
    from django.contrib.staticfiles import finders

    if finders.find("vendor/leaflet/leaflet.js") is None:
        pytest.skip("Leaflet is not vendored (make vendor needs npm)")
    ensure_demo_travel(region_code="320100", number=9)
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    try:
        page.goto(live_server.url + "/travel/map/")
        page.wait_for_selector("#travel-map[data-features='6']")
        # three points as circle markers, three lines and the fog area as SVG paths
        assert page.locator("#travel-map path.leaflet-interactive").count() == 6
        width, screen = page.evaluate(WIDTH)
        assert width <= screen, f"{width}px wide on a {screen}px phone"
        page.locator("#travel-map path.leaflet-interactive").first.click(force=True)
        assert page.locator(".leaflet-popup-content").count() == 1
        page.screenshot(path=screenshot_dir / "phone-travel-map.png", full_page=True)
    finally:
        context.close()
    assert problems == []
