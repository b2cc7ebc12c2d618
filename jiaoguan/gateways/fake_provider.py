"""A fake HTTP SMS provider on loopback, for the adapter's tests, the chaos test and the bench.

It speaks the API ``http_sms`` expects and can misbehave on purpose: ``error_rate`` of calls
answer HTTP 500 without sending; ``timeout_rate`` of calls send, then stall for
``stall_seconds`` (the client times out not knowing it was sent). A repeated
``client_reference`` is not sent again: the first message id comes back. ``statuses`` forces
the next answers' HTTP statuses in order (for the adapter tests). Connections are kept open
between requests (HTTP/1.1), and counted.
"""

import contextlib
import json
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSmsProvider:
    def __init__(
        self,
        *,
        error_rate: float = 0.0,
        timeout_rate: float = 0.0,
        stall_seconds: float = 3.0,
        seed: int | None = None,
    ) -> None:
        self.error_rate = error_rate
        self.timeout_rate = timeout_rate
        self.stall_seconds = stall_seconds
        self.random = random.Random(seed)
        self.statuses: list[int] = []
        self.lock = threading.Lock()
        self.sent: dict[str, str] = {}  # client reference -> message id, sent once
        self.sends = 0  # messages actually sent (to a handset)
        self.requests = 0
        self.connections = 0  # TCP connections accepted (kept open between requests)
        self._open: set = set()
        self.requests_by_reference: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/sms"

    def __enter__(self) -> "FakeSmsProvider":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def close_connections(self) -> None:
        """Close every open connection from the provider's side, as an idle timeout would."""
        with self.lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _decide(self, reference: str) -> tuple[int, str | None, bool]:
        """(status, message id or None, stall) for one call."""
        with self.lock:
            self.requests += 1
            self.requests_by_reference[reference] = self.requests_by_reference.get(reference, 0) + 1
            if self.statuses:
                status = self.statuses.pop(0)
                if status >= 300:
                    return status, None, False
            roll = self.random.random()
            if roll < self.error_rate:
                return 500, None, False
            stall = roll < self.error_rate + self.timeout_rate
            if reference and reference in self.sent:
                return 200, self.sent[reference], stall
            self.sends += 1
            message_id = f"msg-{self.sends}"
            if reference:
                self.sent[reference] = message_id
            return 200, message_id, stall

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real providers allow
            # Headers and body go out in two writes: without this, Nagle's algorithm holds
            # the body until the client's delayed ACK (40 ms) on a kept connection.
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                with provider.lock:
                    provider.connections += 1
                    provider._open.add(self.connection)

            def finish(self) -> None:
                with provider.lock:
                    provider._open.discard(self.connection)
                super().finish()

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                try:
                    payload = json.loads(self.rfile.read(length))
                    reference = str(payload.get("client_reference", ""))
                    if not payload.get("to"):
                        raise ValueError("no recipient")
                except ValueError:
                    self._answer(400, {"error": "bad request"})
                    return
                status, message_id, stall = provider._decide(reference)
                if stall:
                    time.sleep(provider.stall_seconds)
                if message_id is None:
                    self._answer(status, {"error": "provider error"})
                else:
                    self._answer(status, {"message_id": message_id})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timed out)

        return Handler
