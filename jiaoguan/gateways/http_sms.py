"""An HTTP SMS provider adapter.

The provider API (the common shape of Chinese SMS platforms' HTTP interfaces):

- ``POST {SMS_HTTP_URL}`` with JSON ``{"to", "text", "client_reference"}`` and the header
  ``Authorization: Bearer {SMS_HTTP_TOKEN}``;
- ``2xx`` with JSON ``{"message_id": "..."}``: accepted. A repeated ``client_reference``
  returns the first acceptance's ``message_id`` without sending again;
- delivery receipts come back later (see ``notices`` receipts).

Timeouts: ``SMS_HTTP_TIMEOUT_SECONDS`` (default 5) for connect and read together. Errors are
sorted by ``errors.classify_status``; a timeout or a refused connection is retryable.
"""

import json
import socket
import urllib.error
import urllib.request

from django.conf import settings

from jiaoguan.gateways.errors import (
    PermanentProviderError,
    RetryableProviderError,
    classify_status,
)


class HttpSmsGateway:
    def __init__(
        self, *, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url or settings.SMS_HTTP_URL
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.timeout = timeout or settings.SMS_HTTP_TIMEOUT_SECONDS

    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        body = json.dumps({"to": phone, "text": text, "client_reference": reference}).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise classify_status(error.code, detail) from error
        except TimeoutError as error:
            raise RetryableProviderError("timeout") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise RetryableProviderError("timeout") from error
            raise RetryableProviderError(f"connection: {error.reason}") from error
        except (ConnectionError, OSError) as error:
            raise RetryableProviderError(f"connection: {error}") from error
        try:
            message_id = json.loads(answer)["message_id"]
        except (ValueError, KeyError, TypeError) as error:
            raise PermanentProviderError("unreadable answer from the provider") from error
        return str(message_id)
