"""No dead link for any demo identity: every link of every page reached from the home page
(and /me/, the back office) answers, as each named demo account sees it."""

import pytest

from tests.crawl import IDENTITIES, crawl, demo_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_OUTBOX_VISIBLE = True
    demo_loaded()


def test_no_demo_identity_meets_a_dead_link(demo):
    dead = []
    visited = 0
    for identity in IDENTITIES:
        result = crawl(identity)
        visited += len(result.statuses)
        dead += result.dead()
    assert visited > 60  # the crawl really went through the site
    assert not dead, "\n".join(dead)
