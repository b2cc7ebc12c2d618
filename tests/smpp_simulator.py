"""A small SMPP 3.4 SMSC simulator (asyncio), written from the specification, not from the
client library: the adapter is tested against the protocol, not against its own code.

It accepts bind_transmitter/receiver/transceiver (checking system_id and password),
submit_sm (GSM/Latin-1 or UCS-2, concatenated with a UDH, reassembled here), answers
enquire_link and unbind, sends a delivery receipt (deliver_sm, esm_class 0x04, with the
receipted_message_id and message_state TLVs) to the bound receivers for each part whose
registered_delivery asks, and injects mobile-originated messages (``mo``), split with a UDH
when longer than one SMS. ``drop()`` closes every link, as a carrier's SMSC restart does.

Run in a thread by ``SmscSimulator.start()``; everything it saw is in ``messages``
(reassembled texts), ``parts``, ``enquire_links`` and ``binds``. Bench and tests only.
"""

from __future__ import annotations

import asyncio
import itertools
import struct
import threading
import time
from dataclasses import dataclass, field

BIND_RECEIVER, BIND_TRANSMITTER, BIND_TRANSCEIVER = 0x00000001, 0x00000002, 0x00000009
SUBMIT_SM, DELIVER_SM, UNBIND, ENQUIRE_LINK = 0x00000004, 0x00000005, 0x00000006, 0x00000015
GENERIC_NACK, RESP = 0x80000000, 0x80000000
ESME_ROK, ESME_RINVBNDSTS, ESME_RBINDFAIL, ESME_RINVCMDID = 0, 0x04, 0x0D, 0x03
TLV_RECEIPTED_MESSAGE_ID, TLV_MESSAGE_STATE = 0x001E, 0x0427


def _cstring(data: bytes, at: int) -> tuple[str, int]:
    end = data.index(b"\0", at)
    return data[at:end].decode("latin-1"), end + 1


def _c(text: str) -> bytes:
    return text.encode("latin-1") + b"\0"


def pdu(command: int, sequence: int, body: bytes = b"", status: int = ESME_ROK) -> bytes:
    return struct.pack(">IIII", 16 + len(body), command, status, sequence) + body


@dataclass
class Submitted:
    source: str
    destination: str
    data_coding: int
    esm_class: int
    registered_delivery: int
    payload: bytes
    message_id: str


def parse_sm(body: bytes) -> dict:
    """submit_sm / deliver_sm mandatory fields and TLVs."""
    at = 0
    fields: dict = {}
    fields["service_type"], at = _cstring(body, at)
    fields["source_ton"], fields["source_npi"] = body[at], body[at + 1]
    fields["source"], at = _cstring(body, at + 2)
    fields["dest_ton"], fields["dest_npi"] = body[at], body[at + 1]
    fields["destination"], at = _cstring(body, at + 2)
    fields["esm_class"], fields["protocol_id"], fields["priority"] = body[at : at + 3]
    _schedule, at = _cstring(body, at + 3)
    _validity, at = _cstring(body, at)
    (
        fields["registered_delivery"],
        _replace,
        fields["data_coding"],
        _default_id,
        length,
    ) = body[at : at + 5]
    at += 5
    fields["short_message"] = body[at : at + length]
    at += length
    tlvs = {}
    while at + 4 <= len(body):
        tag, size = struct.unpack(">HH", body[at : at + 4])
        tlvs[tag] = body[at + 4 : at + 4 + size]
        at += 4 + size
    fields["tlvs"] = tlvs
    return fields


def split_udh(esm_class: int, payload: bytes) -> tuple[tuple[int, int, int] | None, bytes]:
    """(reference, total, number) of a concatenated part, and its text bytes."""
    if not esm_class & 0x40:
        return None, payload
    header_length = payload[0]
    header = payload[1 : 1 + header_length]
    at, concat = 0, None
    while at < len(header):
        iei, size = header[at], header[at + 1]
        value = header[at + 2 : at + 2 + size]
        if iei == 0x00 and size == 3:
            concat = (value[0], value[1], value[2])
        elif iei == 0x08 and size == 4:
            concat = ((value[0] << 8) | value[1], value[2], value[3])
        at += 2 + size
    return concat, payload[1 + header_length :]


def decode(data_coding: int, data: bytes) -> str:
    return data.decode("utf-16-be") if data_coding == 0x08 else data.decode("latin-1")


def sm_body(
    *,
    source: str,
    destination: str,
    text_bytes: bytes,
    data_coding: int,
    esm_class: int = 0,
    tlvs: dict[int, bytes] | None = None,
) -> bytes:
    body = (
        _c("")
        + bytes([1, 1])
        + _c(source)
        + bytes([1, 1])
        + _c(destination)
        + bytes([esm_class, 0, 0])
        + _c("")
        + _c("")
        + bytes([0, 0, data_coding, 0, len(text_bytes)])
        + text_bytes
    )
    for tag, value in (tlvs or {}).items():
        body += struct.pack(">HH", tag, len(value)) + value
    return body


@dataclass
class _Link:
    writer: asyncio.StreamWriter
    mode: int = 0
    sequence: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def receives(self) -> bool:
        return self.mode in (BIND_RECEIVER, BIND_TRANSCEIVER)


class SmscSimulator:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        system_id: str = "jiaoguan",
        password: str = "secret",
        receipt_delay: float = 0.0,
    ):
        self.host, self.port = host, port
        self.system_id, self.password = system_id, password
        self.receipt_delay = receipt_delay
        self.messages: list[tuple[str, str]] = []  # (destination, reassembled text)
        self.message_times: list[float] = []  # time.monotonic() of each entry of messages
        self.parts: list[Submitted] = []
        self.binds: list[tuple[int, str]] = []
        self.enquire_links = 0
        self.delivered_responses: list[int] = []  # deliver_sm_resp statuses
        self._pending: dict[tuple, dict[int, bytes]] = {}
        self._ids = itertools.count(1)
        self._mo_reference = itertools.count(1)
        self._turn = itertools.count()
        self._links: list[_Link] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    # -- running --------------------------------------------------------------------------
    def start(self) -> SmscSimulator:
        self._thread = threading.Thread(target=self._run, daemon=True, name="smsc-simulator")
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the SMPP simulator did not start")
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, self.host, self.port)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.run_until_complete(self._server.wait_closed())
        self._loop.close()

    def stop(self) -> None:
        if self._loop is None or self._loop.is_closed():
            return

        async def close() -> None:
            for link in list(self._links):
                link.writer.close()
            if self._server is not None:
                self._server.close()
            self._loop.stop()  # type: ignore[union-attr]

        asyncio.run_coroutine_threadsafe(close(), self._loop)
        if self._thread is not None:
            self._thread.join(5)

    def drop(self) -> None:
        """Close every link (the SMSC restarted)."""

        async def close() -> None:
            for link in list(self._links):
                link.writer.close()
            self._links.clear()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)  # type: ignore[arg-type]

    def wait_for(self, predicate, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.01)
        return predicate()

    def receivers(self) -> int:
        return sum(1 for link in self._links if link.receives)

    # -- mobile-originated ------------------------------------------------------------------
    def mo(self, source: str, text: str, destination: str = "12123") -> None:
        """A subscriber texts ``destination``: deliver_sm to every bound receiver."""
        asyncio.run_coroutine_threadsafe(
            self._mo(source, text, destination),
            self._loop,  # type: ignore[arg-type]
        ).result(5)

    async def _mo(self, source: str, text: str, destination: str) -> None:
        encoded, coding = (
            (text.encode("latin-1"), 0x03) if text.isascii() else (text.encode("utf-16-be"), 8)
        )
        if len(encoded) <= 140:
            bodies = [
                sm_body(
                    source=source, destination=destination, text_bytes=encoded, data_coding=coding
                )
            ]
        else:
            reference = next(self._mo_reference) % 256
            chunks = [encoded[i : i + 134] for i in range(0, len(encoded), 134)]
            bodies = [
                sm_body(
                    source=source,
                    destination=destination,
                    text_bytes=bytes([5, 0, 3, reference, len(chunks), n]) + chunk,
                    data_coding=coding,
                    esm_class=0x40,
                )
                for n, chunk in enumerate(chunks, start=1)
            ]
        for body in bodies:
            await self._to_receivers(DELIVER_SM, body)

    async def _to_receivers(self, command: int, body: bytes) -> None:
        """To one bound receiver, taking them in turn (as an SMSC shares one account's
        traffic between its binds)."""
        receivers = [link for link in self._links if link.receives]
        if receivers:
            link = receivers[next(self._turn) % len(receivers)]
            link.writer.write(pdu(command, next(link.sequence), body))
            await link.writer.drain()

    # -- the protocol --------------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link = _Link(writer)
        self._links.append(link)
        try:
            while True:
                header = await reader.readexactly(16)
                length, command, status, sequence = struct.unpack(">IIII", header)
                body = await reader.readexactly(length - 16) if length > 16 else b""
                await self._handle(link, command, status, sequence, body)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            if link in self._links:
                self._links.remove(link)
            writer.close()

    async def _handle(self, link: _Link, command: int, status: int, sequence: int, body: bytes):
        reply = link.writer.write
        if command in (BIND_RECEIVER, BIND_TRANSMITTER, BIND_TRANSCEIVER):
            system_id, at = _cstring(body, 0)
            password, _ = _cstring(body, at)
            if (system_id, password) != (self.system_id, self.password):
                reply(pdu(command | RESP, sequence, _c("SMSC"), ESME_RBINDFAIL))
                return
            link.mode = command
            self.binds.append((command, system_id))
            reply(pdu(command | RESP, sequence, _c("SMSC")))
        elif command == ENQUIRE_LINK:
            self.enquire_links += 1
            reply(pdu(ENQUIRE_LINK | RESP, sequence))
        elif command == UNBIND:
            reply(pdu(UNBIND | RESP, sequence))
        elif command == DELIVER_SM | RESP:
            self.delivered_responses.append(status)
        elif command == ENQUIRE_LINK | RESP:
            pass
        elif command == SUBMIT_SM:
            if link.mode not in (BIND_TRANSMITTER, BIND_TRANSCEIVER):
                reply(pdu(SUBMIT_SM | RESP, sequence, _c(""), ESME_RINVBNDSTS))
                return
            await self._submit(link, sequence, body)
        else:
            reply(pdu(GENERIC_NACK, sequence, status=ESME_RINVCMDID))
        await link.writer.drain()

    async def _submit(self, link: _Link, sequence: int, body: bytes) -> None:
        fields = parse_sm(body)
        message_id = f"{next(self._ids):08X}"
        part = Submitted(
            fields["source"],
            fields["destination"],
            fields["data_coding"],
            fields["esm_class"],
            fields["registered_delivery"],
            fields["short_message"],
            message_id,
        )
        self.parts.append(part)
        concat, data = split_udh(part.esm_class, part.payload)
        if concat is None:
            self.messages.append((part.destination, decode(part.data_coding, data)))
            self.message_times.append(time.monotonic())
        else:
            reference, total, number = concat
            key = (part.destination, reference, total)
            pending = self._pending.setdefault(key, {})
            pending[number] = data
            if len(pending) == total:
                whole = b"".join(pending[n] for n in range(1, total + 1))
                del self._pending[key]
                self.messages.append((part.destination, decode(part.data_coding, whole)))
                self.message_times.append(time.monotonic())
        link.writer.write(pdu(SUBMIT_SM | RESP, sequence, _c(message_id)))
        if part.registered_delivery & 0x01:
            asyncio.get_running_loop().call_later(
                self.receipt_delay, lambda: asyncio.ensure_future(self._receipt(part))
            )

    async def _receipt(self, part: Submitted) -> None:
        stamp = time.strftime("%y%m%d%H%M")
        text = (
            f"id:{part.message_id} sub:001 dlvrd:001 submit date:{stamp} done date:{stamp} "
            f"stat:DELIVRD err:000 text:"
        ).encode("latin-1")
        body = sm_body(
            source=part.destination,
            destination=part.source,
            text_bytes=text,
            data_coding=0,
            esm_class=0x04,
            tlvs={TLV_RECEIPTED_MESSAGE_ID: _c(part.message_id), TLV_MESSAGE_STATE: bytes([2])},
        )
        await self._to_receivers(DELIVER_SM, body)
