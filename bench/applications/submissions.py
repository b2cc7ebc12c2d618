"""Papers applications submitted per second, beside the bare ``/api/v1/health`` in the same
run: each citizen (a licence in its renewal window, a hospital's medical certificate, an
address-book entry) submits the renewal form ``/me/papers/license-renewal/`` as a phone
does, in two presses: the first sends the SMS code, the second carries it and opens the
case (eligibility, fee quote, the case on the workflow, the application, the audit). Django's
test client drives the whole request stack (middleware, session, CSRF off as for the test
client, templates) in one process, one connection, no network server; p50/p99 per submission
(both presses).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jg_applications \
        .venv/bin/python bench/applications/submissions.py [--citizens 200] [--health 2000]

Creates a test database (``test_<name>``) and drops it afterwards.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.test")
os.environ.setdefault("POSTAL_SANDBOX_AUTOPUSH", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGE = "/me/papers/license-renewal/"
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--health", type=int, default=2000)
    args = parser.parse_args()
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _p(timings: list[float], q: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * q) - 1)] * 1000


def run(args) -> None:
    from jiaoguan.gateways.models import OutboxMessage
    from jiaoguan.papers.models import PaperApplication
    from tests.papers.factories import make_renewal_ready
    from tests.papers.postal_factories import make_address

    clients = []
    for index in range(args.citizens + 1):  # the first one warms up the page, untimed
        citizen, _license = make_renewal_ready(name=f"张伟{index}")
        entry = make_address(person=citizen.person, is_default=True)
        client = Client(REMOTE_ADDR=f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}")
        client.force_login(citizen)
        clients.append((client, citizen, entry))

    health = Client()
    for _ in range(20):  # warm-up: the first request imports the routers
        health.get("/api/v1/health")
    health_timings = []
    began = time.perf_counter()
    for _ in range(args.health):
        t0 = time.perf_counter()
        assert health.get("/api/v1/health").status_code == 200
        health_timings.append(time.perf_counter() - t0)
    health_elapsed = time.perf_counter() - began

    timings = []
    began = 0.0
    for number, (client, citizen, entry) in enumerate(clients):
        if number == 1:
            timings, began = [], time.perf_counter()
        data = {"action": "submit", "fulfilment": "post", "address_id": entry.pk, "agree": "on"}
        t0 = time.perf_counter()
        asked = client.post(PAGE, data, **PHONE)
        assert asked.status_code == 200, asked.status_code
        body = OutboxMessage.objects.filter(recipient=citizen.phone).values_list("body", flat=True)
        code = re.search(r"(\d{6})", body[0]).group(1)
        done = client.post(PAGE, {**data, "sms_code": code}, **PHONE)
        assert done.status_code == 302, done.content[:2000]
        timings.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - began
    opened = PaperApplication.objects.count()
    assert opened == args.citizens + 1, opened
    bare = args.health / health_elapsed
    rate = args.citizens / elapsed
    print(
        f"{connection.vendor}: bare /api/v1/health {args.health} in {health_elapsed:.2f} s = "
        f"{bare:.0f}/s (p50 {statistics.median(health_timings) * 1000:.1f} ms, "
        f"p99 {_p(health_timings, 0.99):.1f} ms)"
    )
    print(
        f"{connection.vendor}: {args.citizens} confirmed submissions (2 requests each) in "
        f"{elapsed:.2f} s = {rate:.1f} submissions/s (p50 {statistics.median(timings) * 1000:.1f}"
        f" ms, p99 {_p(timings, 0.99):.1f} ms); {opened - 1} cases opened; "
        f"ratio to bare {rate / bare:.3f}"
    )


if __name__ == "__main__":
    main()
