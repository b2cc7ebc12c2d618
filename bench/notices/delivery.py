"""Delivery throughput: MESSAGES queued SMS messages through Celery workers to the fake HTTP
provider on loopback. Prints the time to hand the messages out (the sweeper, which publishes
the tasks) and the time until all are sent, counted from the start of the hand-out.

Needs the scanned bench database (run.sh does both). Environment: DATABASE_URL,
CELERY_BROKER_URL, MESSAGES (6000), CONCURRENCY (4), SMS_HTTP_URL (the provider),
NOTICES_DISPATCH_BATCH (20, ids per task).
"""

import os
import subprocess
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.identity.models import User  # noqa: E402
from jiaoguan.notices import services  # noqa: E402
from jiaoguan.notices.models import Notice, NoticeMessage  # noqa: E402

MESSAGES = int(os.environ.get("MESSAGES", "6000"))
CONCURRENCY = os.environ.get("CONCURRENCY", "4")


def prepare() -> None:
    """Citizen accounts for MESSAGES notified persons, and one queued SMS for each notice."""
    NoticeMessage.objects.all().delete()
    now = clock.now()
    with transaction.atomic():
        notices = list(
            Notice.objects.exclude(Exists(User.objects.filter(person_id=OuterRef("person_id"))))
            .order_by("id")
            .values_list("id", "person_id", "person__id_number")[: MESSAGES * 2]
        )
        seen: set[int] = set()
        chosen = []
        for notice_id, person_id, id_number in notices:
            if person_id not in seen and len(chosen) < MESSAGES:
                seen.add(person_id)
                chosen.append((notice_id, person_id, id_number))
        base = 17000000000 + User.objects.count()
        User.objects.bulk_create(
            User(
                kind=User.Kind.CITIZEN,
                username=User.citizen_username(person_id),
                person_id=person_id,
                phone=str(base + index),
                password="!",
            )
            for index, (_, person_id, id_number) in enumerate(chosen)
        )
        NoticeMessage.objects.bulk_create(
            NoticeMessage(
                notice_id=notice_id, channel="sms", not_before=now, created_at=now, status="queued"
            )
            for notice_id, _, _ in chosen
        )
    print(f"prepared {len(chosen)} messages")
    if not chosen:
        raise SystemExit("no notices to deliver: the scan found none (too little data?)")


def sent() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM notices_noticemessage WHERE status = 'sent'")
        return cursor.fetchone()[0]


def main() -> None:
    prepare()
    env = {
        **os.environ,
        "SMS_GATEWAY": "http",
        "NOTICES_QUIET_START": "00:00",
        "NOTICES_QUIET_END": "00:00",
        "NOTICES_DAILY_CAP": "0",
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jiaoguan", "worker", "--pool=prefork",
         f"--concurrency={CONCURRENCY}", "--without-mingle", "--without-gossip",
         "--without-heartbeat", "--loglevel=WARNING"],
        env=env, start_new_session=True,
    )  # fmt: skip
    # The worker's start-up is not part of the figure (a smoke run does not wait: 0).
    time.sleep(float(os.environ.get("WORKER_START_SECONDS", "8")))
    try:
        started = time.perf_counter()
        queued = services.messages_dispatch(limit=MESSAGES)
        published = time.perf_counter() - started
        while (done := sent()) < queued:
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(worker.pid, 15)
        worker.wait()
    batch = settings.JIAOGUAN_NOTICES_DISPATCH_BATCH
    print(f"handed out {queued} messages in tasks of {batch} in {published:.1f} s")
    print(f"sent {done} messages in {elapsed:.1f} s: {done / elapsed:.0f} messages/s")


if __name__ == "__main__":
    main()
