"""A sandbox's call to this platform's own endpoint without an HTTP server (the embedded
default): the request handed to the view that serves the URL's path, as the server would,
without the middleware."""

from __future__ import annotations

import io
import urllib.parse
from collections.abc import Mapping


def post_inprocess(
    url: str, body: bytes, *, content_type: str, headers: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """POST ``body`` to the view of ``url``'s path in this process; its status and text
    (404 when no view serves the path)."""
    from django.core.handlers.wsgi import WSGIRequest
    from django.urls import Resolver404, resolve

    parts = urllib.parse.urlsplit(url)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": parts.hostname or "127.0.0.1",
        "SERVER_PORT": str(parts.port or 80),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    try:
        match = resolve(parts.path)
    except Resolver404:
        return 404, "not found"
    response = match.func(WSGIRequest(environ), *match.args, **match.kwargs)
    return response.status_code, response.content.decode(errors="replace")
