# The browser fixtures of tests/browser, for this directory's phone-width test.
from tests.browser.conftest import browser, chromium_executable, screenshot_dir  # noqa: F401
