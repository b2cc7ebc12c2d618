"""``jiaoguan disclosure_publish [--day YYYY-MM-DD]``: run the disclosure scans now (what beat
runs every morning), print what each list holds and how long it took."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.disclosure import services
from jiaoguan.identity.actors import system_actor


class Command(BaseCommand):
    help = "Publish the disclosure lists for a day (default today)."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day: date | None = None, **options):
        started = time.perf_counter()
        try:
            run = services.publication_run(actor=system_actor("disclosure.publish"), day=day)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        elapsed = time.perf_counter() - started
        for code, counts in run.counts.items():
            self.stdout.write(
                f"{code:30} {counts['published']:>9,} published, {counts['added']:>9,} new"
            )
        self.stdout.write(f"publication {run.publication_date}: {elapsed:.1f} s")
