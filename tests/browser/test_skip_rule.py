"""The browser tests skip without Chromium, unless CI requires them (no browser needed here)."""

from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium

MISSING = Path("/nonexistent/chromium")


def test_a_missing_browser_skips_the_browser_tests():
    with pytest.raises(pytest.skip.Exception, match="missing"):
        require_chromium(MISSING, required=False)


def test_a_missing_browser_fails_when_ci_requires_it():
    with pytest.raises(pytest.fail.Exception, match="JIAOGUAN_REQUIRE_BROWSER=1"):
        require_chromium(MISSING, required=True)


def test_the_requirement_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("JIAOGUAN_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception):
        require_chromium(MISSING)
    monkeypatch.setenv("JIAOGUAN_REQUIRE_BROWSER", "0")
    with pytest.raises(pytest.skip.Exception):
        require_chromium(MISSING)
