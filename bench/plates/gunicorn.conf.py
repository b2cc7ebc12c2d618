"""Gunicorn settings of the plate race (and a sensible start for production on 2 cores).

- ``gthread`` workers keep HTTP/1.1 connections alive (a sync worker closes every
  connection after one answer, so each request pays a new TCP connection and waits in the
  listen backlog) and overlap one request's database round trips with another's Python.
- ``preload_app``: Django, the URLconf with the API's schemas and the translation catalogs
  are loaded once in the master before forking, so no worker's first requests pay for it.
"""

import os

preload_app = True
worker_class = os.environ.get("WORKER_CLASS", "gthread")
workers = int(os.environ.get("WORKERS", "2"))
threads = int(os.environ.get("THREADS", "4"))
keepalive = 5
backlog = 2048


def when_ready(server):
    """Build the URL resolver (ninja's schemas) and load the catalogs before forking."""
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018
    for language in ("zh-hans", "en"):
        translation.activate(language)
        str(translation.gettext("请先登录。"))
    translation.deactivate()
