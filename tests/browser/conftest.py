"""Browser tests drive Debian's Chromium through Playwright.

Without ``/usr/bin/chromium`` (or without Playwright) they are skipped, so a developer
machine without a browser still runs the rest of the suite; CI sets
``JIAOGUAN_REQUIRE_BROWSER=1`` so a missing browser fails the run instead of hiding it.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def browser_required() -> bool:
    return os.environ.get("JIAOGUAN_REQUIRE_BROWSER") == "1"


def require_chromium(path: Path = CHROMIUM, *, required: bool | None = None) -> str:
    """``path`` if it is an executable and Playwright imports; otherwise skip the test, or
    fail it when the browser is required (``JIAOGUAN_REQUIRE_BROWSER=1``)."""
    required = browser_required() if required is None else required

    def unavailable(reason: str):
        if required:
            pytest.fail(f"{reason}, and JIAOGUAN_REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip(reason)

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright is not installed")
    if not (path.is_file() and os.access(path, os.X_OK)):
        unavailable(f"{path} is missing (apt-get install chromium)")
    return str(path)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium; skips (or, when required, fails) without it."""
    return require_chromium()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
