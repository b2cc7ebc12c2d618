"""``jiaoguan notices_scan [--day YYYY-MM-DD]``: run the daily notice scans now (what beat runs
every morning), print what each kind found and how long it took."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services


class Command(BaseCommand):
    help = "Run the daily notice scans for a day (default today) and queue their messages."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day: date | None = None, **options):
        started = time.perf_counter()
        try:
            run = services.scans_run(actor=system_actor("notices.scan"), day=day)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        elapsed = time.perf_counter() - started
        for code, count in run.counts.items():
            self.stdout.write(f"{code:20} {count:>9,}")
        self.stdout.write(
            f"scan {run.scan_date}: {run.notices_created:,} notices, "
            f"{run.messages_created:,} messages in {elapsed:.1f} s"
        )
