"""Fire the notifications at the callback endpoint through HTTP on loopback.

CONNECTIONS keep-alive HTTP/1.1 connections (plain asyncio streams, no client library) share
the bodies; each POST is form-encoded to ``/api/v1/payments/notify/sandbox``. Prints the
answers (``200 success``, ``400 failure``, anything else), requests/s and latency percentiles.
"""

import asyncio
import statistics
import sys
import time
from collections import Counter

PATH = "/api/v1/payments/notify/sandbox"


async def one_connection(host, port, queue, results):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            try:
                body = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            data = body.encode()
            request = (
                f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
                f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n"
            ).encode() + data
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
            results.append((int(status_line.split()[1]), payload.decode(errors="replace"), elapsed))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def main(bodies_file, connections, port, forged):
    with open(bodies_file) as lines:
        bodies = [line.strip() for line in lines if line.strip()]
    queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    results = []
    started = time.perf_counter()
    await asyncio.gather(
        *(one_connection("127.0.0.1", port, queue, results) for _ in range(connections))
    )
    wall = time.perf_counter() - started
    tally = Counter((status, answer) for status, answer, _ in results)
    latencies = sorted(elapsed for _, _, elapsed in results)

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(f"notifications: {len(bodies)} (forged {forged})  connections: {connections}")
    print(f"answers: {dict(tally)}")
    print(f"wall: {wall:.1f} s  requests/s: {len(results) / wall:.0f}")
    print(
        f"latency ms: p50 {percentile(50):.0f}  p90 {percentile(90):.0f}  "
        f"p99 {percentile(99):.0f}  max {latencies[-1] * 1000:.0f}  "
        f"mean {statistics.mean(latencies) * 1000:.0f}"
    )
    ok = tally[(400, "failure")] == forged and tally[(200, "success")] == len(bodies) - forged
    print("RESULT:", "every genuine notice taken, every forgery refused" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    bodies_file, connections, port, forged = sys.argv[1:5]
    sys.exit(asyncio.run(main(bodies_file, int(connections), int(port), int(forged))))
