"""A statistics page on a phone: the chart drawn from the figures, the table beside it."""

import pytest

from tests.disclosure.factories import make_register, publish_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pass_rates_page_draws_its_chart_and_keeps_its_table(
    browser, live_server, screenshot_dir
):
    from jiaoguan.portal.views.disclosure import charts_available

    if not charts_available():
        pytest.skip("ECharts is not vendored (make vendor)")
    make_register()
    publish_on()
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/disclosure/statistics/pass-rates/")
    page.wait_for_selector(".chart canvas")
    assert page.locator("table.disclosure tbody tr").count() >= 1
    assert "合格率" in page.locator("table.disclosure thead").inner_text()
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner
    page.screenshot(path=str(screenshot_dir / "disclosure-pass-rates-375.png"), full_page=True)
    context.close()
