"""Study heartbeats per second, through ``education.services.study_heartbeat`` (issue 16).

Prepares LEARNERS drivers, each with a points-reduction application and a passed face check,
then runs WORKERS processes; each takes its share of the learners and sends BEATS heartbeats
per learner, round robin, as fast as it can, timing every call (one transaction each: lock
the application, insert the heartbeat, bring the running total on the application up to date
and save it; the other heartbeats are not read back).
Prints the total rate and the latency percentiles. In-process service calls: no HTTP, no
session, no JSON (the API adds those; not measured here).

Run: DATABASE_URL=… python bench/education/bench.py [LEARNERS] [BEATS] [WORKERS]
"""

import multiprocessing
import os
import statistics
import sys
import time
from datetime import date, timedelta

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.db import connection  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.drivers.services import license_class_grant, points_record_add  # noqa: E402
from jiaoguan.education import services  # noqa: E402
from jiaoguan.education.models import ReductionApplication  # noqa: E402
from jiaoguan.identity.actors import system_actor  # noqa: E402
from jiaoguan.identity.models import Person, User  # noqa: E402

LEARNERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
BEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 100
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 4


def _check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def prepare() -> list[tuple[int, int]]:
    """(user id, application id) of each learner; created once, reused by later runs."""
    actor = system_actor("bench")
    found = list(
        ReductionApplication.objects.filter(status="studying").values_list(
            "person__account__pk", "pk"
        )[:LEARNERS]
    )
    for n in range(len(found), LEARNERS):
        first17 = f"320100{date(1980, 1, 1) + timedelta(days=n):%Y%m%d}{n % 1000:03d}"
        person = Person.objects.create(
            id_number=first17 + _check_digit(first17),
            name="学员",
            gender="male",
            birth_date=date(1980, 1, 1) + timedelta(days=n),
            region_code="320100",
        )
        license_ = license_class_grant(
            actor=actor, person=person, license_class="C1", obtained_on=date(2012, 5, 8),
            issuing_authority="bench",
        )  # fmt: skip
        day = clock.today() - timedelta(days=10)
        points_record_add(
            actor=actor, license_id=license_.pk, points=3, recorded_on=day, committed_on=day,
            description="bench", fine_paid=True,
        )  # fmt: skip
        user = User.objects.create(
            username=User.citizen_username(person.pk), kind=User.Kind.CITIZEN, person=person,
            phone=f"166{n:08d}",
        )  # fmt: skip
        application = services.reduction_apply(actor=user)
        services.face_check_submit(actor=user, application_id=application.pk, photo=b"bench")
        ReductionApplication.objects.filter(pk=application.pk).update(
            next_face_check_at=clock.now() + timedelta(days=1)
        )
        found.append((user.pk, application.pk))
    return found


def work(share: list[tuple[int, int]], queue) -> None:
    connection.close()
    users = {pk: User.objects.get(pk=pk) for pk, _ in share}
    latencies = []
    start = time.perf_counter()
    for beat in range(BEATS):
        for user_id, application_id in share:
            t = time.perf_counter()
            services.study_heartbeat(
                actor=users[user_id], application_id=application_id, tab=f"tab{beat % 2}",
                visible=True,
            )  # fmt: skip
            latencies.append(time.perf_counter() - t)
    queue.put((latencies, time.perf_counter() - start))


def main() -> None:
    learners = prepare()
    connection.close()
    queue = multiprocessing.Queue()
    shares = [learners[i::WORKERS] for i in range(WORKERS)]
    started = time.perf_counter()
    processes = [multiprocessing.Process(target=work, args=(s, queue)) for s in shares if s]
    for p in processes:
        p.start()
    results = [queue.get() for _ in processes]
    for p in processes:
        p.join()
    wall = time.perf_counter() - started
    latencies = sorted(x for r, _ in results for x in r)
    n = len(latencies)
    q = statistics.quantiles(latencies, n=100)
    print(f"learners {len(learners)}, beats each {BEATS}, workers {len(processes)}")
    print(f"heartbeats {n} in {wall:.1f} s: {n / wall:.0f}/s")
    print(f"latency ms: p50 {q[49] * 1000:.1f}  p95 {q[94] * 1000:.1f}  p99 {q[98] * 1000:.1f}")


if __name__ == "__main__":
    main()
