import re

import pytest
from django.core.management.commands import flush
from hypothesis import HealthCheck, settings

from jiaoguan.audit.sqlite import audit_unlocked
from jiaoguan.gateways.models import OutboxMessage

_flush = flush.Command.handle


def _flush_unlocked(self, *args, **options):
    """Emptying the whole database between transactional tests may delete audit events: on
    PostgreSQL the flush's TRUNCATE passes the row trigger, on SQLite this lets it pass."""
    with audit_unlocked():
        return _flush(self, *args, **options)


flush.Command.handle = _flush_unlocked  # type: ignore[method-assign]

# Property tests judge the rules, not the machine: on two cores shared with Celery workers,
# a browser and PostgreSQL, an example may take longer than Hypothesis's 200 ms deadline or
# its generation may look "too slow", and neither says anything about the rule under test.
settings.register_profile(
    "jiaoguan", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("jiaoguan")


@pytest.fixture
def sms_code():
    """The last code the outbox SMS gateway "sent" to a phone."""

    def read(phone: str) -> str:
        body = OutboxMessage.objects.filter(recipient=phone).values_list("body", flat=True)[0]
        return re.search(r"(\d{6})", body).group(1)

    return read


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached records are keyed by primary keys that a rolled-back test may reuse."""
    from django.core.cache import cache

    from jiaoguan.guides.selectors import GUIDES_VERSION
    from jiaoguan.hotline import wording
    from jiaoguan.plates import selectors as plates
    from jiaoguan.travel import feeds as travel_feeds

    cache.clear()
    plates.process_caches_clear()
    travel_feeds.process_caches_clear()
    wording.forget()
    GUIDES_VERSION.forget()
    yield
    cache.clear()
    plates.process_caches_clear()
    travel_feeds.process_caches_clear()
    wording.forget()
    GUIDES_VERSION.forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request or a task that activated another
    (English) in this thread must not decide the next test's translated texts."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.postgres`` tests need PostgreSQL's row locking and real concurrency."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """Build the URLconf (and the API's schemas) before any test freezes time: pydantic
    cannot build a schema for freezegun's fake ``date`` class."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
