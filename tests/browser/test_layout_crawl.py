"""Every portal and back-office page fits a phone: crawled as each demo identity at 390 px in
the standard mode, the elderly mode (长辈模式), English, and the elderly mode in English, a
page fails when it is wider than the screen or a link or button of its header is cut off.

The pages are found by the dead-link crawl (tests/crawl.py, Django's test client, fast);
the browser only opens and measures them, one view at most twice per identity."""

from urllib.parse import urlsplit

import pytest

from tests.crawl import CHECKED_ONLY_PREFIXES, IDENTITIES, crawl, demo_loaded, logged_in_client

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}
MODES = {
    "standard": {},
    "care": {"care_mode": "1"},
    "english": {"django_language": "en"},
    "care-english": {"care_mode": "1", "django_language": "en"},
}
#: What is wrong with a page on this screen: wider than it, or header controls cut off.
#: (On a phone the browser zooms out to show a page wider than the screen, so innerWidth
#: grows with the page: the screen's width is the measure.)
MEASURE = """() => {
  const width = window.screen.width;
  const problems = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) {
    const wide = [...document.querySelectorAll("main *, header *")]
      .filter(e => e.getBoundingClientRect().right > width + 1)
      .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
    problems.push(`${page}px wide (${[...new Set(wide)].slice(0, 4).join(", ")})`);
  }
  for (const control of document.querySelectorAll("header a, header button")) {
    const box = control.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1)) {
      problems.push(`header control cut off: ${control.textContent.trim()}`);
    }
  }
  return problems;
}"""


def _pages(identity) -> tuple[list[str], object]:
    client = logged_in_client(identity)
    pages = [
        path
        for path in crawl(identity, client).pages()
        if not urlsplit(path).path.startswith(CHECKED_ONLY_PREFIXES)
    ]
    return pages, client


@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_phone_in_every_mode(browser, live_server, settings, screenshot_dir):
    settings.DEMO_OUTBOX_VISIBLE = True
    demo_loaded()
    problems = []
    measured = 0
    shared: set[tuple[bool, str]] = set()
    for identity in IDENTITIES:
        pages, client = _pages(identity)
        # A page outside /me/ looks the same to every logged-in citizen: measured once.
        logged_in = identity.username is not None
        pages = [
            path for path in pages if path.startswith("/me/") or (logged_in, path) not in shared
        ]
        shared |= {(logged_in, path) for path in pages}
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        for mode, cookies in MODES.items():
            values = dict(cookies)
            if session is not None:
                values[settings.SESSION_COOKIE_NAME] = session.value
            context = browser.new_context(locale="zh-CN", **PHONE)
            context.add_cookies(
                [{"name": k, "value": v, "url": live_server.url} for k, v in values.items()]
            )
            tab = context.new_page()
            tab.set_default_timeout(10_000)
            try:
                for path in pages:
                    tab.goto(live_server.url + path)
                    measured += 1
                    for problem in tab.evaluate(MEASURE):
                        problems.append(f"{identity.name} · {mode} · {path}: {problem}")
                        name = f"crawl-{mode}-{path.strip('/').replace('/', '_') or 'home'}.png"
                        tab.screenshot(path=screenshot_dir / name, full_page=True)
            finally:
                context.close()
    assert measured > 150
    assert not problems, "\n".join(problems)
