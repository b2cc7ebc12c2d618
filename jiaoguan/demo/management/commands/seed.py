"""``jiaoguan seed``: load a synthetic jurisdiction (people, licenses, vehicles, organizations)."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiaoguan.core import clock
from jiaoguan.core.ids import PROVINCE_ABBREVIATIONS
from jiaoguan.demo.generator import TABLES
from jiaoguan.demo.loader import SeedRefused, seed


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: expected YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Generate and load a synthetic jurisdiction: people with identity numbers, driving "
        "licenses, points, medical certificates, vehicles and organizations. Refuses a database "
        "that already holds people unless --append."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1000, help="people to add (1000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
        parser.add_argument(
            "--province", default="苏", choices=PROVINCE_ABBREVIATIONS,
            help="plate abbreviation of the province (苏)",
        )  # fmt: skip
        parser.add_argument(
            "--as-of", type=_date, default=None,
            help="the date the data describes, YYYY-MM-DD (today in Asia/Shanghai)",
        )  # fmt: skip
        parser.add_argument(
            "--batch-size", type=int, default=20_000,
            help="people per chunk; each chunk is one transaction (20000)",
        )  # fmt: skip
        parser.add_argument(
            "--append", action="store_true",
            help="add to a database that already holds people, continuing every number",
        )  # fmt: skip

    def handle(self, *args, **options):
        persons = options["persons"]
        if persons < 0 or options["batch_size"] < 1:
            raise CommandError("--persons must be 0 or more and --batch-size at least 1")
        as_of = options["as_of"] or clock.today()
        bar = tqdm(
            total=persons, unit=" persons", unit_scale=True, desc="seed",
            disable=options["verbosity"] == 0, file=sys.stderr,
        )  # fmt: skip
        try:
            result = seed(
                persons,
                seed=options["seed"],
                province=options["province"],
                as_of=as_of,
                batch_size=options["batch_size"],
                append=options["append"],
                progress=bar.update,
            )
        except SeedRefused as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Seeded {options['province']} as of {as_of.isoformat()} (seed {options['seed']}):"
        )
        width = max(len(table) for table, _ in TABLES)
        for table, label in TABLES:
            self.stdout.write(f"  {table:<{width}}  {result.counts[table]:>10,}  {label}")
        self.stdout.write(
            f"  {'total':<{width}}  {result.rows:>10,}  rows in {result.seconds:.1f} s "
            f"({result.rows_per_second:,.0f} rows/s)"
        )
