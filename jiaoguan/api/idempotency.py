"""``Idempotency-Key`` for the partner API's writes (docs/partners.md).

A partner that may send a write twice (a timeout, a retry after a lost answer) sends the
same ``Idempotency-Key`` header with it. The first request runs and its response is stored
in the same transaction as the write; the same key again, with the same request, gets the
stored response byte for byte (``Idempotent-Replayed: true``) and writes nothing; the same
key with a different request is refused (``422 idempotency.key_reused``).

Concurrent duplicates are safe: the stored row's unique (partner key, idempotency key) is
inserted first, inside the write's transaction, so a second request with the same key waits
on the first's uncommitted row (PostgreSQL) or on the write lock (SQLite), then reads the
committed response; if the first failed and rolled back, the second runs. Refusals (4xx)
are not stored: a retry after one runs again. Without the header a route works as before.
"""

import functools
import hashlib
import json
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Status
from ninja.responses import NinjaJSONEncoder

from jiaoguan.api.models import IdempotentResponse
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
#: Visible ASCII, 1 to 100 characters (a UUID is the usual choice).
_KEY = re.compile(r"[\x21-\x7e]{1,100}")
_CONTENT_TYPE = "application/json; charset=utf-8"


def key_invalid() -> ApplicationError:
    message = _("Idempotency-Key 应为1至100个可见ASCII字符（建议使用UUID）。")
    return ApplicationError(
        "idempotency.key_invalid", message, fields={HEADER: message}, status=400
    )


def key_reused() -> ApplicationError:
    message = _("该 Idempotency-Key 已用于内容不同的请求；新的请求请使用新的键。")
    return ApplicationError("idempotency.key_reused", message, fields={HEADER: message}, status=422)


def request_digest(request) -> str:
    """SHA-256 of what makes two requests the same: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(stored: IdempotentResponse, digest: str) -> HttpResponse:
    if stored.request_digest != digest:
        raise key_reused()
    response = HttpResponse(
        bytes(stored.body), status=stored.status_code, content_type=_CONTENT_TYPE
    )
    response[REPLAYED_HEADER] = "true"
    return response


def _render(result, responses: dict) -> tuple[int, bytes]:
    status, data = (
        (result.status_code, result.value) if isinstance(result, Status) else (200, result)
    )
    payload = responses[status].model_validate(data).model_dump(by_alias=True)
    return status, json.dumps(payload, cls=NinjaJSONEncoder).encode()


def idempotent(*, responses: dict):
    """Decorate a partner route (below ``@router.post``) so that an ``Idempotency-Key`` makes
    it run once. ``responses`` maps the route's success status codes to their schemas (the
    stored body is rendered with them, as ninja would)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return view(request, *args, **kwargs)
            if not _KEY.fullmatch(key):
                raise key_invalid()
            partner_key_id = request.auth.key_id
            digest = request_digest(request)
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        claimed = IdempotentResponse.objects.create(
                            partner_key_id=partner_key_id,
                            key=key,
                            request_digest=digest,
                            method=request.method,
                            path=request.path[:200],
                            created_at=clock.now(),
                        )
                except IntegrityError:
                    stored = IdempotentResponse.objects.get(partner_key_id=partner_key_id, key=key)
                    logger.info("idempotent replay for key %r of %s", key, partner_key_id)
                    return _replay(stored, digest)
                status, body = _render(view(request, *args, **kwargs), responses)
                IdempotentResponse.objects.filter(pk=claimed.pk).update(
                    status_code=status, body=body
                )
            return HttpResponse(body, status=status, content_type=_CONTENT_TYPE)

        return wrapper

    return decorate


def idempotent_responses_purge(*, now=None) -> int:
    """Delete stored responses older than the retention (default 24 hours); returns the count.
    A key used again after that runs as a new request."""
    hours = settings.JIAOGUAN_IDEMPOTENCY_RETENTION_HOURS
    cutoff = (now or clock.now()) - timedelta(hours=hours)
    deleted, _rows = IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted
