"""Posting a webhook to a receiver's URL (the organisations' signed reports).

One ``POST`` with the given body and headers; a 2xx answer is accepted. Timeouts, refused
connections, 408/425/429 and 5xx are ``RetryableProviderError`` (the delivery engine retries
them under the same ``webhook-id``), other answers ``PermanentProviderError``."""

import urllib.error
import urllib.request

from jiaoguan.gateways.errors import RetryableProviderError, classify_status

#: Seconds a receiver has to answer one attempt.
TIMEOUT_SECONDS = 10.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a receiver answers, it does not redirect
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def webhook_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` to ``url``; the receiver's status (2xx), or the classified error."""
    request = urllib.request.Request(  # the scheme is checked when the endpoint is created
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "jiaoguan-webhooks/1",
            **headers,
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        raise classify_status(error.code, error.reason or "") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise RetryableProviderError(f"receiver unreachable: {error}") from None
