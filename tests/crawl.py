"""Crawl the portal and the back office as each demo identity, following every link.

Shared by the dead-link test (tests/portal/test_crawl.py, Django's test client) and the
layout crawl in a real browser (tests/browser/test_layout_crawl.py): both load the demo
jurisdiction (``jiaoguan demo --no-serve``), log in as each named demo account and follow
the links of every page reached, same origin only. URLs of one view are visited a few
times at most (two records of one kind look alike), so the crawl stays small.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from io import StringIO
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

#: Paths whose links are checked but not followed: the API (JSON, its own tests) and the
#: Django admin (its pages are Django's, not ours).
CHECKED_ONLY_PREFIXES = ("/api/", "/admin/")
#: Paths never requested: static files, the language switch and the sandbox acquirer
#: (both reached through forms).
SKIPPED_PREFIXES = ("/static/", "/sandbox-pay/", "/i18n/")
#: At most this many URLs of the same view (named URL pattern) are visited.
PER_VIEW = 2
#: A crawl never visits more pages than this (a runaway loop would fail, not hang).
PAGE_LIMIT = 120

_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """A demo identity: its name in reports, where its crawl starts, how it logs in."""

    name: str
    starts: tuple[str, ...]
    username: str | None = None  # None: anonymous
    officer: bool = False
    #: Pages whose links are followed; a page outside is checked but not crawled further (an
    #: officer's crawl covers the back office and the public pages it links to, not the
    #: citizen's portal behind them).
    scope: tuple[str, ...] = ("/",)


IDENTITIES = (
    Identity("anonymous", ("/", "/exams/", "/plates/", "/calculators/", "/login/")),
    Identity("张伟", ("/", "/me/"), username="13900000001"),
    Identity("李秀英", ("/", "/me/"), username="13900000002"),
    Identity("王芳", ("/", "/me/"), username="13900000003"),
    Identity("赵磊", ("/", "/me/", "/exams/windows/DEMO-1/"), username="13900000004"),
    Identity("jc0001", ("/backoffice/",), username="jc0001", officer=True, scope=("/backoffice/",)),
)


@dataclass
class Crawl:
    identity: Identity
    #: path → HTTP status of every page visited
    statuses: dict[str, int] = field(default_factory=dict)
    #: path → the page that linked to it first
    linked_from: dict[str, str] = field(default_factory=dict)

    def dead(self) -> list[str]:
        return [
            f"{self.identity.name}: {path} → {status} (linked from {self.linked_from.get(path)})"
            for path, status in self.statuses.items()
            if status >= 400
        ]

    def pages(self) -> list[str]:
        """The HTML pages that answered 200."""
        return [path for path, status in self.statuses.items() if status == 200]


#: The data migrations that ship reference data: a transactional test starts from tables an
#: earlier one flushed, so they run again (each is idempotent).
REFERENCE_DATA = (
    "jiaoguan.violations.migrations.0002_representative_codes",
    "jiaoguan.exams.migrations.0002_default_parameters",
    "jiaoguan.plates.migrations.0002_default_parameters",
)


def reference_data_loaded() -> None:
    from importlib import import_module

    from django.apps import apps

    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate
    from jiaoguan.violations.models import ViolationCode

    for module in REFERENCE_DATA:
        if module.startswith("jiaoguan.violations") and ViolationCode.objects.exists():
            continue
        import_module(module).load(apps, None)
    reference.load(NoticeKind, NoticeTemplate)


def demo_loaded() -> None:
    """The demo jurisdiction and its named accounts, as ``make demo`` prepares them (with the
    shipped reference data, which a transactional test may find flushed)."""
    reference_data_loaded()
    call_command("demo", no_serve=True, stdout=StringIO())


def logged_in_client(identity: Identity) -> Client:
    """A test client logged in as the identity (the officer with a verified second factor)."""
    from jiaoguan.identity.models import User

    client = Client()
    if identity.username is None:
        return client
    if identity.officer:
        from django_otp import login as otp_login
        from django_otp.plugins.otp_totp.models import TOTPDevice

        officer = User.objects.get(username=identity.username)
        client.force_login(officer)
        # Mark the session verified with the officer's device, as the TOTP log-in does.
        request = _session_request(client)
        request.user = officer
        otp_login(request, TOTPDevice.objects.get(user=officer))
        request.session.save()
        return client
    citizen = User.objects.get(phone=identity.username, kind=User.Kind.CITIZEN)
    client.force_login(citizen)
    return client


def _session_request(client: Client):
    from importlib import import_module

    from django.conf import settings
    from django.http import HttpRequest

    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.session = engine.SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return request


def _view_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def links_of(html: str, base: str) -> list[str]:
    """The same-origin paths an HTML page links to (no fragments; query strings kept)."""
    found = []
    for raw in _HREF.findall(html):
        href = urldefrag(unescape(raw.strip()))[0]
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "otpauth:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            if parts.netloc not in ("testserver", "127.0.0.1", "localhost"):
                continue
            href = parts.path + (f"?{parts.query}" if parts.query else "")
        elif not href.startswith("/"):
            href = base.rsplit("/", 1)[0] + "/" + href
        found.append(href)
    return found


def crawl(identity: Identity, client: Client | None = None) -> Crawl:
    """Visit every page reachable by links from the identity's start pages (GET only)."""
    client = client or logged_in_client(identity)
    result = Crawl(identity)
    queue = deque(identity.starts)
    per_view: dict[str | None, int] = {}
    seen = set(queue)
    while queue and len(result.statuses) < PAGE_LIMIT:
        path = queue.popleft()
        response = client.get(path)
        status = response.status_code
        if status in (301, 302):
            target = response["Location"]
            # A redirect to a log-in page is a dead end for this identity, not a page.
            # (Anonymous visitors are sent to log in on purpose: that is the way in.)
            login = ("/login/", "/backoffice/login/", "/admin/login/")
            if target.startswith(login):
                result.statuses[path] = 302 if identity.username is None else 403
                continue
            status = 200
            if status == 200 and target not in seen and not target.startswith(SKIPPED_PREFIXES):
                seen.add(target)
                result.linked_from.setdefault(target, path)
                queue.append(target)
            result.statuses[path] = status if status != 200 else 302
            continue
        result.statuses[path] = status
        if (
            status != 200
            or "text/html" not in response.get("Content-Type", "")
            or path.startswith(CHECKED_ONLY_PREFIXES)
            or not path.startswith(identity.scope)
        ):
            continue
        for link in links_of(response.content.decode(), path):
            if link in seen or link.startswith(SKIPPED_PREFIXES):
                continue
            key = _view_key(urlsplit(link).path) or link
            if per_view.get(key, 0) >= PER_VIEW:
                continue
            per_view[key] = per_view.get(key, 0) + 1
            seen.add(link)
            result.linked_from[link] = path
            queue.append(link)
    return result
