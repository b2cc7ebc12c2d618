"""The plate race through HTTP: every client POSTs one self-composed number, all at once.

Client i asks for ``D{i % NUMBERS:04d}``; clients are shuffled so that the same number is
asked for from many connections at the same time. CONNECTIONS keep-alive HTTP/1.1
connections (plain asyncio streams, no client library) share the clients. Prints winners
(201), losers (409 ``plates.number.taken``), anything else, requests/s and the latency
percentiles of the answers.
"""

import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections import Counter


def _code(payload: bytes) -> str:
    try:
        return json.loads(payload).get("code", "")
    except ValueError:
        return payload[:60].decode(errors="replace")


async def one_connection(host, port, queue, results):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            try:
                token, vin, number, segment_id = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            body = json.dumps({"vin": vin, "segment_id": segment_id, "number": number}).encode()
            request = (
                f"POST /api/v1/plates/compose HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
            ).encode() + body
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            headers = {}
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            payload = await reader.readexactly(int(headers.get("content-length", "0")))
            elapsed = time.perf_counter() - started
            status = int(status_line.split()[1])
            code = "" if status == 201 else _code(payload)
            results.append((status, code, number, elapsed))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def warm_up(host, port, connections, requests_per_connection):
    """GET the public segment list over every connection (not timed, not counted): each
    server thread opens its database connection and PostgreSQL prepares the hot queries, as
    on a server that has been up for a while."""

    async def one(_):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for _ in range(requests_per_connection):
                writer.write(
                    f"GET /api/v1/plates/segments HTTP/1.1\r\nHost: {host}\r\n"
                    "Connection: keep-alive\r\n\r\n".encode()
                )
                await writer.drain()
                await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
        finally:
            writer.close()

    await asyncio.gather(*(one(n) for n in range(connections)))


async def main(tokens_file, segment_id, numbers, connections, host, port):
    clients = []
    with open(tokens_file) as lines:
        for index, line in enumerate(lines):
            token, vin = line.split()
            clients.append((token, vin, f"D{index % numbers:04d}", segment_id))
    random.Random(7).shuffle(clients)
    queue = asyncio.Queue()
    for client in clients:
        queue.put_nowait(client)
    await warm_up(host, port, connections, int(os.environ.get("WARMUP_PER_CONNECTION", "10")))
    results = []
    started = time.perf_counter()
    await asyncio.gather(*(one_connection(host, port, queue, results) for _ in range(connections)))
    wall = time.perf_counter() - started
    tally = Counter((status, code) for status, code, _, _ in results)
    latencies = sorted(elapsed for _, _, _, elapsed in results)
    winners = Counter(number for status, _, number, _ in results if status == 201)

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(f"clients: {len(clients)}  numbers: {numbers}  connections: {connections}")
    print(f"winners (201): {tally[(201, '')]}  distinct numbers won: {len(winners)}")
    print(f"losers (409 plates.number.taken): {tally[(409, 'plates.number.taken')]}")
    others = {k: v for k, v in tally.items() if k not in {(201, ""), (409, "plates.number.taken")}}
    print(f"other answers: {others or 'none'}")
    print(f"wall: {wall:.1f} s  requests/s: {len(results) / wall:.0f}")
    print(
        f"latency ms: p50 {percentile(50):.0f}  p90 {percentile(90):.0f}  "
        f"p99 {percentile(99):.0f}  max {latencies[-1] * 1000:.0f}  "
        f"mean {statistics.mean(latencies) * 1000:.0f}"
    )
    ok = tally[(201, "")] == numbers and len(winners) == numbers and not others
    print("RESULT:", "exactly one winner per number, every loser answered" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    tokens_file, segment_id, numbers, connections, port = sys.argv[1:6]
    sys.exit(
        asyncio.run(
            main(
                tokens_file, int(segment_id), int(numbers), int(connections), "127.0.0.1", int(port)
            )
        )
    )
