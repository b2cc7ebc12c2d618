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


@pytest.fixture(scope="module")
def browser(chromium_executable):
    # Playwright's sync API runs an asyncio event loop in this (the test) thread. Django's
    # ORM sees that loop and raises SynchronousOnlyOperation for every query the test makes
    # (factories, selectors, the test database teardown), although the test itself is plain
    # synchronous code and never awaits anything that touches the database. The check is a
    # false alarm here, so it is switched off for this module only, and restored after.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
