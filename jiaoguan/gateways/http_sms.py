"""An HTTP SMS provider adapter.

The provider API (the common shape of Chinese SMS platforms' HTTP interfaces):

- ``POST {SMS_HTTP_URL}`` with JSON ``{"to", "text", "client_reference"}`` and the header
  ``Authorization: Bearer {SMS_HTTP_TOKEN}``;
- ``2xx`` with JSON ``{"message_id": "..."}``: accepted. A repeated ``client_reference``
  returns the first acceptance's ``message_id`` without sending again;
- delivery receipts come back later (see ``notices`` receipts).

Timeouts: ``SMS_HTTP_TIMEOUT_SECONDS`` (default 5) for connect and for each read. Errors are
sorted by ``errors.classify_status``; a timeout or a refused connection is retryable.

Connections are kept open (HTTP/1.1 keep-alive), one per provider, thread and process, so a
delivery worker does not pay a TCP handshake per message. A kept connection the provider has
closed in the meantime fails before any answer; the request is then sent once more on a new
connection. That resend is safe because the ``client_reference`` makes the provider send a
message once however often it is asked.
"""

import http.client
import json
import os
import threading
from urllib.parse import urlsplit

from django.conf import settings

from jiaoguan.gateways.errors import (
    PermanentProviderError,
    RetryableProviderError,
    classify_status,
)

_kept = threading.local()

# Errors of a kept connection the other end closed while it was idle: nothing was answered.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def _connections() -> dict:
    # Keyed by process too: a connection opened before a fork must not be shared by children.
    if getattr(_kept, "pid", None) != os.getpid():
        _kept.pid, _kept.connections = os.getpid(), {}
    return _kept.connections


class HttpSmsGateway:
    def __init__(
        self, *, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url or settings.SMS_HTTP_URL
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.timeout = timeout or settings.SMS_HTTP_TIMEOUT_SECONDS
        parts = urlsplit(self.url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or (443 if self._https else 80)
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """A kept connection to the provider (and True), or a new one (and False)."""
        key = (self._https, self._host, self._port, self.timeout)
        kept = _connections().get(key)
        if kept is not None:
            return kept, True
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self.timeout)
        _connections()[key] = connection
        return connection, False

    def _forget(self, connection: http.client.HTTPConnection) -> None:
        connection.close()
        key = (self._https, self._host, self._port, self.timeout)
        if _connections().get(key) is connection:
            del _connections()[key]

    def _post(self, body: bytes) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}",
        }
        while True:
            connection, reused = self._connection()
            try:
                connection.request("POST", self._path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except _STALE:
                self._forget(connection)
                if reused:
                    continue  # closed while idle: once more on a new connection
                raise
            except BaseException:
                self._forget(connection)
                raise
            if response.will_close:
                self._forget(connection)
            return response.status, answer

    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        body = json.dumps({"to": phone, "text": text, "client_reference": reference}).encode()
        try:
            status, answer = self._post(body)
        except TimeoutError as error:
            raise RetryableProviderError("timeout") from error
        except (ConnectionError, OSError, http.client.HTTPException) as error:
            raise RetryableProviderError(f"connection: {error}") from error
        if not 200 <= status < 300:
            raise classify_status(status, answer.decode(errors="replace"))
        try:
            message_id = json.loads(answer)["message_id"]
        except (ValueError, KeyError, TypeError) as error:
            raise PermanentProviderError("unreadable answer from the provider") from error
        return str(message_id)
