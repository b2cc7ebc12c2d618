"""Inbound SMS to 12123 answered per second, through the SMPP simulator.

One process runs the SMSC simulator (tests/smpp_simulator.py) and injects mobile-originated
messages; WORKERS processes each bind a receiver link (as a carrier lets one account bind
several times) and answer every message through ``hotline.services.sms_receive``: the
number bound to its account, the PIN checked, the register read, the query audited, the
reply queued on the delivery engine and submitted back over SMPP. The run counts the replies
the simulator gets and times each from its message's injection.

The baseline, in the same run: the same links with an echo worker (each message answered at
once, no database), so the figure of the SMPP path itself is beside the platform's.

Run by run.sh: bench.py prepare ACCOUNTS | bench.py run MODE MESSAGES WORKERS
"""

import multiprocessing
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")

PIN = "2468"
PHONE_BASE = 13600000000


def setup():
    import django

    django.setup()


def prepare(accounts: int) -> None:
    """Accounts with a phone and the PIN for the first ``accounts`` licence holders."""
    setup()
    from django.db import transaction

    from jiaoguan.drivers.models import DrivingLicense
    from jiaoguan.hotline.models import HotlinePin
    from jiaoguan.hotline.secrets import pin_digest
    from jiaoguan.identity.models import User

    people = list(
        DrivingLicense.objects.filter(person__account__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)[:accounts]
    )
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                kind=User.Kind.CITIZEN,
                username=User.citizen_username(person_id),
                person_id=person_id,
                phone=str(PHONE_BASE + index),
                password="!",
            )
            for index, person_id in enumerate(people)
        )
        HotlinePin.objects.bulk_create(
            HotlinePin(user=user, pin_hash=pin_digest(user.pk, PIN)) for user in users
        )
    print(f"prepared {len(users)} accounts with phones {PHONE_BASE}… and PIN {PIN}")


def worker(port: int, mode: str, stop) -> None:
    setup()
    from django.conf import settings

    settings.SMS_GATEWAY, settings.SMPP_PORT, settings.SMPP_PASSWORD = "smpp", port, "secret"
    from jiaoguan.gateways.smpp import SmppReceiver
    from jiaoguan.gateways.sms import get_sms_gateway
    from jiaoguan.hotline.inbound import Inbox

    if mode == "echo":
        gateway = get_sms_gateway()

        def on_batch(messages, receipts):
            for sender, text, reference in messages:
                gateway.send(phone=sender, text=f"echo {text}", reference=reference)
            return [True] * len(messages)
    else:
        on_batch = Inbox()  # what manage.py hotline_smpp runs
    batch = int(os.environ.get("BATCH", "250"))
    receiver = SmppReceiver(on_batch=on_batch, max_pause=0.5, batch_size=batch)
    thread = threading.Thread(target=receiver.run, daemon=True)
    thread.start()
    stop.wait()
    receiver.stop.set()
    thread.join(5)


def run(mode: str, messages: int, workers: int) -> None:
    from tests.smpp_simulator import SmscSimulator

    smsc = SmscSimulator(port=0).start()
    stop = multiprocessing.Event()
    processes = [
        multiprocessing.Process(target=worker, args=(smsc.port, mode, stop)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    if not smsc.wait_for(lambda: smsc.receivers() == workers, timeout=60):
        raise SystemExit("the workers did not bind")
    # Commands from many numbers (a number may send 30 an hour): JF and WF with the PIN.
    texts = [f"JF {PIN}", f"WF {PIN}", f"JY {PIN}", "BZ"]
    senders = 2000 if mode != "echo" else messages
    sent_at = {}
    started = time.monotonic()
    for n in range(messages):
        source = f"86{PHONE_BASE + n % senders}"
        sent_at.setdefault(source, []).append(time.monotonic())
        smsc.mo(source, texts[n % len(texts)])
    injected = time.monotonic() - started
    done = smsc.wait_for(lambda: len(smsc.messages) >= messages, timeout=600)
    elapsed = (smsc.message_times[-1] if smsc.message_times else time.monotonic()) - started
    receipts = ""
    if mode != "echo":  # every reply's delivery receipt matched to it, before the workers stop
        setup()
        from jiaoguan.hotline.models import Reply

        def matched():
            return Reply.objects.exclude(receipt_status="").count()

        smsc.wait_for(lambda: matched() >= len(smsc.parts), timeout=30)
        receipts = f"  receipts matched {matched()}/{Reply.objects.count()}"
    stop.set()
    for process in processes:
        process.join(10)
    smsc.stop()
    answered = len(smsc.messages)
    # Latency: each reply against the earliest unanswered message of its number.
    latencies = []
    for (destination, _), at in zip(smsc.messages, smsc.message_times, strict=False):
        queue = sent_at.get(destination)
        if queue:
            latencies.append(at - queue.pop(0))
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else 0
    print(
        f"{mode:<8} {workers} workers  {messages} messages  answered {answered}"
        f"{'' if done else ' (TIMED OUT)'}  {answered / elapsed:,.0f} answered/s  "
        f"p50 {p50:.1f} ms  p99 {p99:.1f} ms  (injection took {injected:.1f} s){receipts}"
    )
    if not done:
        raise SystemExit(1)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(int(sys.argv[2]))
    else:
        multiprocessing.set_start_method("spawn")
        run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
