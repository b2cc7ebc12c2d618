"""The key-entity report scans over a seeded register (bench/enterprises/run.sh).

``prepare``: what the seed does not make: an account for every organisation that owns
vehicles, DRIVERS consenting drivers per account (people with a licence), camera records on a
share of the organisations' vehicles (entered over the last 90 days, some handled), a webhook
endpoint for every other account, and a few licences changed this month.
``scan``: each scan over the whole register, timed; the monthly runs (queueing the signed
webhooks to the broker, not sending them) twice (the rerun adds nothing); one organisation's
page of each report.
"""

import os
import random
import sys
import time
from datetime import timedelta

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.drivers.models import DrivingLicense  # noqa: E402
from jiaoguan.identity.actors import system_actor  # noqa: E402
from jiaoguan.identity.models import Organization  # noqa: E402
from jiaoguan.organisations import report_runs, reports, safety, services  # noqa: E402
from jiaoguan.organisations.models import (  # noqa: E402
    Account,
    DriverConsent,
    WebhookDelivery,
    WebhookEndpoint,
)
from jiaoguan.organisations.rules import webhooks  # noqa: E402
from jiaoguan.vehicles.models import Vehicle  # noqa: E402
from jiaoguan.violations.models import ViolationRecord  # noqa: E402

DRIVERS = int(os.environ.get("DRIVERS", "25"))
RECORDED_SHARE = float(os.environ.get("RECORDED_SHARE", "0.3"))


def prepare() -> None:
    rng = random.Random(2026)
    now, today = clock.now(), clock.today()
    owners = list(
        Vehicle.objects.filter(owner_organization__isnull=False)
        .values_list("owner_organization_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        WebhookDelivery.objects.all().delete()
        WebhookEndpoint.objects.all().delete()
        DriverConsent.objects.all().delete()
        ViolationRecord.objects.filter(device_id="BENCH-ENTERPRISES").delete()
        Account.objects.filter(
            decisions__isnull=True, keys__isnull=True, staff__isnull=True
        ).delete()
        have = set(Account.objects.values_list("organization_id", flat=True))
        Account.objects.bulk_create(
            Account(organization_id=org, opened_at=now, agent_name="bench")
            for org in owners
            if org not in have
        )
        accounts = list(Account.objects.filter(organization_id__in=owners).order_by("pk"))
        drivers = list(
            DrivingLicense.objects.order_by("?").values_list("person_id", flat=True)[
                : DRIVERS * len(accounts)
            ]
        )
        DriverConsent.objects.bulk_create(
            (
                DriverConsent(
                    account=account,
                    person_id=person,
                    status=DriverConsent.Status.GRANTED,
                    requested_at=now,
                    decided_at=now,
                )
                for index, account in enumerate(accounts)
                for person in drivers[index * DRIVERS : (index + 1) * DRIVERS]
            ),
            batch_size=5000,
        )
        changed = drivers[:: max(1, len(drivers) // 500)] if drivers else []
        DrivingLicense.objects.filter(person_id__in=changed).update(
            status="revoked", status_changed_on=today - timedelta(days=3)
        )
        WebhookEndpoint.objects.bulk_create(
            WebhookEndpoint(
                account=account,
                url=f"https://erp{account.pk}.example.com/hooks",
                secret=webhooks.secret_new(),
                created_at=now,
            )
            for account in accounts[::2]
        )
        reporter, _ = Organization.objects.get_or_create(
            credit_code="11320100MB0000001X",
            defaults={"name": "南京市公安局交通管理局", "kind": "enforcement_system"},
        )
        vehicles = list(
            Vehicle.objects.filter(owner_organization__isnull=False).values_list(
                "pk", "plate_number", "plate_type"
            )
        )
        records, index = [], 0
        for pk, plate, plate_type in vehicles:
            if rng.random() >= RECORDED_SHARE:
                continue
            for _ in range(rng.randint(1, 5)):
                index += 1
                days = rng.randint(0, 90)
                records.append(
                    ViolationRecord(
                        reporter=reporter,
                        device_id="BENCH-ENTERPRISES",
                        device_record_id=f"BE{index:010d}",
                        content_digest=f"{index:064d}",
                        code="1625",
                        plate_number=plate,
                        plate_type=plate_type,
                        vehicle_id=pk,
                        occurred_at=now - timedelta(days=days + 2),
                        place="南京市玄武区中山路",
                        region_code="320102",
                        status="handled" if rng.random() < 0.2 else "entered",
                        entered_on=today - timedelta(days=days),
                    )
                )
        ViolationRecord.objects.bulk_create(records, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"prepared: {len(accounts)} organisation accounts, "
        f"{DriverConsent.objects.count()} consenting drivers, "
        f"{WebhookEndpoint.objects.count()} endpoints, {len(vehicles)} organisation vehicles, "
        f"{len(records)} camera records on them, {len(changed)} licences revoked this month"
    )


def timed(label: str, call):
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    return result, elapsed


def _staff_of(organization_id: int):
    from jiaoguan.identity.actors import OrganisationStaffActor
    from jiaoguan.organisations.rules import ROLE_PERMISSIONS, Role

    return OrganisationStaffActor(
        user_id=0,
        username="bench",
        organisation_id=organization_id,
        role="viewer",
        permissions=ROLE_PERMISSIONS[Role.VIEWER],
    )


def scan() -> None:
    today = clock.today()
    total = 0.0
    print("== each scan over the whole register (every organisation at once)")
    for key, kind in reports.KINDS.items():
        rows, elapsed = timed(key, lambda kind=kind: kind.scan(today, None))
        total += elapsed
        count = sum(len(r) for r in rows.values())
        print(f"   {key:22} {elapsed:7.2f} s  {count:8d} rows  {len(rows):6d} organisations")
    print(f"   {'all scans':22} {total:7.2f} s")
    job = system_actor("organisations.report")
    print("== the monthly runs (scan + one signed webhook per endpoint queued to the broker)")
    for attempt in ("first", "rerun"):
        made, elapsed = timed(
            "run", lambda: report_runs.key_entity_reports_run(actor=job, as_of=today)
        )
        unhandled, elapsed_u = timed(
            "unhandled", lambda: services.unhandled_report_run(actor=job, as_of=today)
        )
        print(
            f"   {attempt:6} key_entity_reports_run {elapsed:7.2f} s {made}; "
            f"unhandled_report_run {elapsed_u:6.2f} s ({unhandled} deliveries)"
        )
    print("== the daily safety scores (every open account rescored)")
    for attempt in ("first", "rerun"):
        scored, elapsed = timed(
            "safety",
            lambda: safety.safety_scores_run(
                actor=system_actor("organisations.safety"), as_of=today
            ),
        )
        print(f"   {attempt:6} safety_scores_run {elapsed:7.2f} s ({scored} accounts)")
    largest = (
        Vehicle.objects.filter(owner_organization__isnull=False)
        .values("owner_organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if largest:
        org = largest["owner_organization_id"]
        print(f"== one organisation's pages (the largest fleet: {largest['n']} vehicles)")
        for key, kind in reports.KINDS.items():
            rows, elapsed = timed(key, lambda kind=kind: kind.scan(today, org))
            print(f"   {key:22} {elapsed * 1000:8.1f} ms  {len(rows.get(org, [])):6d} rows")
        staff = _staff_of(org)
        view, elapsed = timed("safety", lambda: safety.safety_of(actor=staff, as_of=today))
        print(f"   {'safety page':22} {elapsed * 1000:8.1f} ms  {len(view.events):6d} events")


if __name__ == "__main__":
    {"prepare": prepare, "scan": scan}[sys.argv[1]]()
