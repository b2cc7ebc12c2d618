"""Addresses the site sends a browser back to (a pay page's ``return_url``): never off-site.

Accepted: a same-site path (``/me/decisions/…``; not ``//host`` nor ``/\\host``), or an
absolute ``http(s)`` address whose host is one of ``ALLOWED_HOSTS`` (the site's own names;
``*`` is never taken as "any") or ``JIAOGUAN_RETURN_URL_HOSTS`` (configured extra hosts, such
as the app's web host). Anything else is refused with ``core.return_url.invalid`` (422).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import ApplicationError


def allowed_return_hosts(*, also: str | None = None) -> list[str]:
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    hosts += list(getattr(settings, "JIAOGUAN_RETURN_URL_HOSTS", []))
    if also:
        hosts.append(also)
    return hosts


def is_same_site_path(url: str) -> bool:
    parts = urlsplit(url)
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and not parts.scheme
        and not parts.netloc
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def is_allowed_return_url(url: str, *, also_host: str | None = None) -> bool:
    """True for a same-site path or an absolute address on an allowed host."""
    if not url:
        return False
    if is_same_site_path(url):
        return True
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "\\" in url:
        return False
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    allowed = allowed_return_hosts(also=also_host)
    return validate_host(host, allowed) or validate_host(parts.hostname, allowed)


def return_url_invalid() -> ApplicationError:
    return ApplicationError(
        "core.return_url.invalid",
        _("返回地址只能是本站的页面。"),
        fields={"return_url": _("请填写以 / 开头的本站路径。")},
        status=422,
    )


def checked_return_url(url: str) -> str:
    """``url`` unchanged when allowed (empty allowed too), else ``core.return_url.invalid``."""
    if url and not is_allowed_return_url(url):
        raise return_url_invalid()
    return url


def absolute_return_url(request, url: str) -> str:
    """The absolute form of an allowed ``url`` for an acquirer that needs one: a same-site
    path is joined to this request's site. Raises ``core.return_url.invalid``."""
    if not is_allowed_return_url(url, also_host=request.get_host()):
        raise return_url_invalid()
    return request.build_absolute_uri(url) if is_same_site_path(url) else url
