"""SMS over SMPP 3.4 (``SMS_GATEWAY=smpp``), the protocol carriers' SMS centres speak.

``SmppSmsGateway.send`` submits through one transmitter link per process (``smpplib``):
bound on first use, kept alive with enquire_link when idle longer than
``SMPP_ENQUIRE_SECONDS``, re-bound once when the link broke (the SMSC restarted), Chinese in
UCS-2, a text longer than one SMS (70 characters) split into concatenated parts of 67 with a
UDH, each part asking for a delivery receipt. The provider reference is ``smpp-<id>`` of the
first part. Sending is driven by the delivery engine (the SMS kinds' ``send``), so a
retryable error (no link, throttled, queue full) is retried with back-off.

``SmppReceiver`` is the long-running receiver link (``manage.py hotline_smpp``): it binds as
receiver, answers enquire_link, keeps the link alive itself, reconnects with growing pauses,
turns delivery receipts into ``on_receipt(message_id, status)`` and mobile-originated
messages (reassembled from their UDH parts) into ``on_message(sender, text, reference)``.
"""

from __future__ import annotations

import contextlib
import logging
import re
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import smpplib.client
import smpplib.consts
import smpplib.exceptions
import smpplib.gsm
import smpplib.smpp
from django.conf import settings

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError

logger = logging.getLogger(__name__)

UCS2 = smpplib.consts.SMPP_ENCODING_ISO10646
RETRYABLE_STATUSES = frozenset({0x08, 0x14, 0x58, 0x45, 0x64})  # sys error, queue full, throttled
_RECEIPT = re.compile(r"id:(?P<id>\S+).*?stat:(?P<stat>\w+)", re.S)


@dataclass(frozen=True)
class SmppConfig:
    host: str
    port: int
    system_id: str
    password: str
    source: str = "12123"
    timeout: float = 5.0
    enquire_seconds: float = 30.0

    @classmethod
    def from_settings(cls) -> SmppConfig:
        return cls(
            host=settings.SMPP_HOST,
            port=settings.SMPP_PORT,
            system_id=settings.SMPP_SYSTEM_ID,
            password=settings.SMPP_PASSWORD,
            source=settings.SMPP_SOURCE_ADDR,
            timeout=settings.SMPP_TIMEOUT,
            enquire_seconds=settings.SMPP_ENQUIRE_SECONDS,
        )


def parts(text: str) -> tuple[list[bytes], int, int]:
    """(parts, data_coding, esm_class): UCS-2; 70 characters in one SMS, else parts of 67
    behind a 6-byte concatenation UDH."""
    return smpplib.gsm.make_parts(text, encoding=UCS2)


def receipt_of(short_message: bytes) -> tuple[str, str] | None:
    """(message_id, stat) of a delivery receipt's text, or None."""
    match = _RECEIPT.search(short_message.decode("latin-1"))
    return (match["id"], match["stat"]) if match else None


@dataclass
class Reassembler:
    """Joins the UDH parts of long inbound messages (by sender, reference and count)."""

    pending: dict[tuple, dict[int, bytes]] = field(default_factory=dict)

    def add(self, sender: str, esm_class: int, coding: int, payload: bytes) -> str | None:
        if not esm_class & smpplib.consts.SMPP_GSMFEAT_UDHI:
            return _decode(coding, payload)
        size = payload[0]
        header, data = payload[1 : 1 + size], payload[1 + size :]
        if size < 5 or header[0] != 0x00:
            return _decode(coding, data)
        reference, total, number = header[2], header[3], header[4]
        key = (sender, reference, total)
        got = self.pending.setdefault(key, {})
        got[number] = data
        if len(got) < total:
            return None
        del self.pending[key]
        return _decode(coding, b"".join(got[n] for n in range(1, total + 1)))


def _decode(coding: int, data: bytes) -> str:
    if coding == UCS2:
        return data.decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def _status_error(status: int) -> RetryableProviderError | PermanentProviderError:
    detail = f"SMPP submit_sm status 0x{status:02X}"
    if status in RETRYABLE_STATUSES:
        return RetryableProviderError(detail)
    return PermanentProviderError(detail)


def _message_id(response) -> str:
    message_id = response.message_id
    return message_id.decode() if isinstance(message_id, bytes) else message_id


class SmppLink:
    """One bound link (transmitter by default). Not thread-safe: ``SmppSmsGateway`` holds a
    lock around it."""

    def __init__(
        self,
        config: SmppConfig,
        *,
        mode: str = "transmitter",
        client_class: type[smpplib.client.Client] = smpplib.client.Client,
    ):
        self.config, self.mode, self.client_class = config, mode, client_class
        self.client: smpplib.client.Client | None = None
        self.last_used = 0.0
        self.binds = 0
        self.answered: list[list[str] | Exception] = []  # of the last ``submit_window``

    def bind(self) -> None:
        self.close()
        client = self.client_class(
            self.config.host,
            self.config.port,
            timeout=self.config.timeout,
            allow_unknown_opt_params=True,
        )
        try:
            client.connect()
            getattr(client, f"bind_{self.mode}")(
                system_id=self.config.system_id, password=self.config.password
            )
        except smpplib.exceptions.PDUError as error:
            client.disconnect()
            raise PermanentProviderError(f"SMPP bind refused: {error}") from error
        except (smpplib.exceptions.ConnectionError, OSError) as error:
            client.disconnect()
            raise RetryableProviderError(f"SMPP connect: {error}") from error
        self.client, self.last_used = client, time.monotonic()
        self.binds += 1

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.disconnect()
        self.client = None

    def _await(self, command: str, sequence: int):
        """Read until the response ``command`` to ``sequence``; answer enquire_link."""
        assert self.client is not None
        while True:
            pdu = self.client.read_pdu()
            if pdu.command == "enquire_link":
                response = smpplib.smpp.make_pdu("enquire_link_resp", client=self.client)
                response.sequence = pdu.sequence
                self.client.send_pdu(response)
            elif pdu.command in (command, "generic_nack") and pdu.sequence == sequence:
                return pdu

    def keepalive(self) -> None:
        """enquire_link when idle longer than the interval; a dead link is bound again."""
        if self.client is None:
            self.bind()
            return
        if time.monotonic() - self.last_used < self.config.enquire_seconds:
            return
        try:
            pdu = smpplib.smpp.make_pdu("enquire_link", client=self.client)
            self.client.send_pdu(pdu)
            self._await("enquire_link_resp", pdu.sequence)
            self.last_used = time.monotonic()
        except (smpplib.exceptions.ConnectionError, OSError):
            self.bind()

    def _submit_pdu(self, destination: str, piece: bytes, coding: int, esm_class: int):
        assert self.client is not None
        return self.client.send_message(
            source_addr_ton=smpplib.consts.SMPP_TON_SBSCR,
            source_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
            source_addr=self.config.source,
            dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
            dest_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
            destination_addr=destination,
            short_message=piece,
            data_coding=coding,
            esm_class=esm_class,
            registered_delivery=True,
        )

    def submit(self, destination: str, text: str) -> list[str]:
        """Submit every part; the SMSC's message ids. Raises ``ConnectionError`` (from the
        library) on a broken link and the provider errors on an error status."""
        assert self.client is not None
        pieces, coding, esm_class = parts(text)
        ids = []
        for piece in pieces:
            pdu = self._submit_pdu(destination, piece, coding, esm_class)
            response = self._await("submit_sm_resp", pdu.sequence)
            if response.status:
                raise _status_error(int(response.status))
            ids.append(_message_id(response))
        self.last_used = time.monotonic()
        return ids

    def submit_window(
        self, messages: list[tuple[str, str]], window: int
    ) -> list[list[str] | Exception]:
        """Submit every part of every (destination, text) with up to ``window`` submit_sm
        awaiting their response (one wait for many, as carriers allow); per message its ids,
        or the provider error of its first failed part. Raises ``ConnectionError`` (from the
        library) when the link broke: what was answered by then is in ``self.answered``."""
        assert self.client is not None
        results: list[list[str] | Exception] = [[] for _ in messages]
        self.answered = results
        parts_of = [parts(text) for _destination, text in messages]
        queue = [(i, n) for i, (pieces, _, _) in enumerate(parts_of) for n in range(len(pieces))]
        ids: dict[int, dict[int, str]] = {i: {} for i in range(len(messages))}
        pending: dict[int, tuple[int, int]] = {}  # sequence → (message, part)
        position = 0
        while position < len(queue) or pending:
            while position < len(queue) and len(pending) < window:
                index, number = queue[position]
                pieces, coding, esm_class = parts_of[index]
                pdu = self._submit_pdu(messages[index][0], pieces[number], coding, esm_class)
                pending[pdu.sequence] = (index, number)
                position += 1
            response = self.client.read_pdu()
            if response.command == "enquire_link":
                reply = smpplib.smpp.make_pdu("enquire_link_resp", client=self.client)
                reply.sequence = response.sequence
                self.client.send_pdu(reply)
                continue
            if response.sequence not in pending:
                continue
            index, number = pending.pop(response.sequence)
            if isinstance(results[index], Exception):
                continue
            if response.status:
                results[index] = _status_error(int(response.status))
                continue
            ids[index][number] = _message_id(response)
            if len(ids[index]) == len(parts_of[index][0]):  # every part answered
                results[index] = [ids[index][n] for n in range(len(ids[index]))]
        self.last_used = time.monotonic()
        return results


_links: dict[SmppConfig, SmppLink] = {}
_lock = threading.Lock()


def destination_of(phone: str) -> str:
    """An 11-digit mainland mobile number in international form (86...)."""
    return phone if phone.startswith("86") and len(phone) == 13 else f"86{phone}"


class SmppSmsGateway:
    def __init__(self, config: SmppConfig | None = None):
        self.config = config or SmppConfig.from_settings()

    def link(self) -> SmppLink:
        with _lock:
            if self.config not in _links:
                _links[self.config] = SmppLink(self.config)
            return _links[self.config]

    def send(self, *, phone: str, text: str, reference: str = "") -> str:
        """Submit ``text`` to ``phone``; ``smpp-<first part id>``. A link found broken is
        bound again and the message submitted once more (SMPP has no idempotency key:
        ``reference`` is only logged). Raises the provider errors."""
        link = self.link()
        with _lock:
            for attempt in (1, 2):
                try:
                    link.keepalive()
                    ids = link.submit(destination_of(phone), text)
                    return f"smpp-{ids[0]}"
                except (smpplib.exceptions.ConnectionError, OSError) as error:
                    link.close()
                    if attempt == 2:
                        raise RetryableProviderError(f"SMPP link lost: {error}") from error
                    logger.warning("SMPP link lost (%s), binding again for %s", error, reference)
        raise AssertionError("unreachable")

    def send_many(self, messages: list[tuple[str, str, str]]) -> list[str | Exception]:
        """``send`` of many (phone, text, reference): their submit_sm in a window of
        ``SMPP_WINDOW`` (one wait for many); per message ``smpp-<first part id>`` or its
        provider error. A link found broken is bound again once for what it had not answered;
        SMPP has no idempotency key, so a message submitted but unanswered then may go twice
        (as with ``send``)."""
        link = self.link()
        results: list[str | Exception] = [
            RetryableProviderError("SMPP link lost") for _ in messages
        ]
        todo = list(range(len(messages)))
        with _lock:
            for _attempt in (1, 2):
                link.answered = []
                try:
                    link.keepalive()
                    answered = link.submit_window(
                        [(destination_of(messages[i][0]), messages[i][1]) for i in todo],
                        int(settings.SMPP_WINDOW),
                    )
                except (
                    smpplib.exceptions.ConnectionError,
                    OSError,
                    RetryableProviderError,
                ) as error:
                    answered = link.answered
                    link.close()
                    logger.warning("SMPP link lost (%s) in a window of %d", error, len(todo))
                done = set()
                for position, outcome in enumerate(answered):
                    if isinstance(outcome, Exception) or outcome:
                        index = todo[position]
                        results[index] = (
                            outcome if isinstance(outcome, Exception) else f"smpp-{outcome[0]}"
                        )
                        done.add(index)
                todo = [i for i in todo if i not in done]
                if not todo:
                    break
        return results


def links_close() -> None:
    with _lock:
        for link in _links.values():
            link.close()
        _links.clear()


class _HoldingClient(smpplib.client.Client):
    """A client that keeps each deliver_sm for the receiver's batch instead of answering it
    at once: its deliver_sm_resp goes out once the batch is taken (``SmppReceiver``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: list = []

    def _message_received(self, pdu):  # the library's hook for deliver_sm
        self.held.append(pdu)


Message = tuple[str, str, str]  # (sender, text, reference)
Receipt = tuple[str, str]  # (message id, stat)


class SmppReceiver:
    """The receiver link: inbound messages and delivery receipts, until ``stop`` is set.

    Deliver_sm arrive in bursts: what is already waiting on the link (up to ``batch_size``)
    is read and handed over as one batch, ``on_batch(messages, receipts)``, which returns for
    each message whether it was taken; only then are the deliver_sm answered, ``ESME_ROK``
    for what was taken (and every receipt), ``ESME_RX_T_APPN`` (temporary error: the SMSC
    delivers it again) for a message that was not, or for the whole batch when ``on_batch``
    raised. Nothing is acknowledged before it is taken. ``on_message`` and ``on_receipt``,
    one at a time, are the simple form of ``on_batch``. Idle, ``on_batch([], [])`` runs about
    once a second (the caller's retries), and enquire_link keeps the link alive.
    """

    def __init__(
        self,
        *,
        on_message: Callable[[str, str, str], object] | None = None,
        on_receipt: Callable[[str, str], object] | None = None,
        on_batch: Callable[[list[Message], list[Receipt]], list[bool]] | None = None,
        config: SmppConfig | None = None,
        max_pause: float = 30.0,
        batch_size: int = 250,
    ):
        self.config = config or SmppConfig.from_settings()
        self.on_message, self.on_receipt = on_message, on_receipt
        self.on_batch = on_batch or self._one_by_one
        self.batch_size = batch_size
        self.reassembler = Reassembler()
        self.stop = threading.Event()
        self.bound = threading.Event()
        self.max_pause = max_pause
        self.binds = 0

    def _one_by_one(self, messages: list[Message], receipts: list[Receipt]) -> list[bool]:
        for receipt in receipts:
            if self.on_receipt is not None:
                self.on_receipt(*receipt)
        for message in messages:
            if self.on_message is not None:
                self.on_message(*message)
        return [True] * len(messages)

    def _read(self, pdu, messages: list[Message], receipts: list[Receipt]) -> int | None:
        """The index in ``messages`` of the message this PDU completes, if any."""
        payload = pdu.short_message or b""
        sender = (
            (pdu.source_addr or b"").decode()
            if isinstance(pdu.source_addr, bytes)
            else str(pdu.source_addr or "")
        )
        if int(pdu.esm_class or 0) & 0x04:  # an SMSC delivery receipt
            receipt = receipt_of(payload)
            if receipt is not None:
                receipts.append(receipt)
            return None
        text = self.reassembler.add(
            sender, int(pdu.esm_class or 0), int(pdu.data_coding or 0), payload
        )
        if text is None:
            return None
        messages.append((sender, text, f"mo-{sender}-{pdu.sequence}-{time.time_ns()}"))
        return len(messages) - 1

    def _take(self, client: _HoldingClient) -> None:
        """Hand over the held deliver_sm as one batch, then answer each."""
        held, client.held = client.held, []
        messages: list[Message] = []
        receipts: list[Receipt] = []
        completes = [self._read(pdu, messages, receipts) for pdu in held]
        try:
            taken = self.on_batch(messages, receipts)
        except Exception:
            logger.exception("SMPP batch of %d not taken", len(messages))
            taken = [False] * len(messages)
        for pdu, index in zip(held, completes, strict=True):
            ok = index is None or taken[index]
            status = smpplib.consts.SMPP_ESME_ROK if ok else smpplib.consts.SMPP_ESME_RX_T_APPN
            response = smpplib.smpp.make_pdu("deliver_sm_resp", client=client, status=status)
            response.sequence = pdu.sequence
            client.send_pdu(response)

    def _serve(self, link: SmppLink) -> None:
        client = link.client
        assert isinstance(client, _HoldingClient)
        socket = client._socket  # the library keeps no buffer of its own: select tells the truth
        wait = min(1.0, self.config.enquire_seconds)
        idle_since = time.monotonic()
        while not self.stop.is_set():
            readable, _, _ = select.select([socket], [], [], wait)
            if not readable:
                self.on_batch([], [])
                if time.monotonic() - idle_since >= self.config.enquire_seconds:
                    client.send_pdu(smpplib.smpp.make_pdu("enquire_link", client=client))
                    idle_since = time.monotonic()
                continue
            client.read_once()
            while len(client.held) < self.batch_size and select.select([socket], [], [], 0)[0]:
                client.read_once()
            idle_since = time.monotonic()
            if client.held:
                self._take(client)

    def run(self) -> None:
        pause = 0.1
        while not self.stop.is_set():
            link = SmppLink(
                SmppConfig(**{**self.config.__dict__, "timeout": self.config.enquire_seconds}),
                mode="receiver",
                client_class=_HoldingClient,
            )
            try:
                link.bind()
                self.binds += 1
                self.bound.set()
                pause = 0.1
                self._serve(link)
            except (smpplib.exceptions.ConnectionError, RetryableProviderError, OSError) as error:
                logger.warning("SMPP receiver link lost: %s", error)
            finally:
                self.bound.clear()
                link.close()
            self.stop.wait(pause)
            pause = min(self.max_pause, pause * 2)
