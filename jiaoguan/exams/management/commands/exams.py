"""``jiaoguan exams open|close|verify <window>``: the booking-window batch jobs;
``jiaoguan exams lapse``: void the applications whose period ran out (the nightly task).

``verify`` recomputes a window's allocation from its published input and revealed seed and
compares the result byte for byte: from this database, or (``--input/--result/--seed``) from
files anyone downloaded from the public endpoints, with no database access needed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.exams import rules, selectors, services
from jiaoguan.identity.actors import system_actor


class Command(BaseCommand):
    help = "Open or close a booking window, or verify a published allocation byte for byte."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in [
            ("open", "open a scheduled window and publish its seed hash"),
            ("close", "close a window that is due: allocate, write results, publish"),
        ]:
            actions.add_parser(name, help=text).add_argument("window")
        actions.add_parser("lapse", help="void applications whose permit or 3 years ran out")
        verify = actions.add_parser("verify", help="recompute and compare a published result")
        verify.add_argument("window", nargs="?", help="window code (reads this database)")
        verify.add_argument("--input", type=Path, help="published input file")
        verify.add_argument("--result", type=Path, help="published result file")
        verify.add_argument("--seed", help="revealed seed (hex)")

    def handle(self, *args, action, **options):
        try:
            if action == "verify":
                self._verify(**options)
                return
            if action == "lapse":
                count = services.applications_lapse(actor=None)
                self.stdout.write(f"{count} application(s) voided")
                return
            window = selectors.window_by_code(options["window"])
            if action == "open":
                window = services.window_open(actor=system_actor("exams.command"), window=window)
                self.stdout.write(f"{window.code} open; seed sha256 {window.seed_sha256}")
            else:
                window = services.window_close(actor=system_actor("exams.command"), window=window)
                self.stdout.write(
                    f"{window.code} allocated; input sha256 {window.input_sha256}; "
                    f"result sha256 {window.result_sha256}; seed {window.seed}"
                )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None

    def _verify(self, *, window, input, result, seed, **options):
        if window:
            report = selectors.window_verify(window=selectors.window_by_code(window))
        elif input and result and seed:
            try:
                report = rules.verify(input.read_bytes(), bytes.fromhex(seed), result.read_bytes())
            except (rules.AllocationInputError, ValueError) as error:
                raise CommandError(f"Not a valid published input or seed: {error}") from None
        else:
            raise CommandError("Give a window code, or --input, --result and --seed.")
        self.stdout.write(f"expected sha256  {report.expected_sha256}")
        self.stdout.write(f"published sha256 {report.published_sha256}")
        if not report.seed_matches:
            raise CommandError(
                "The seed does not match the hash published at the window's opening."
            )
        if not report.matches:
            raise CommandError(
                f"MISMATCH: the published result differs from line {report.first_difference_line}."
            )
        self.stdout.write(
            "OK: the published result is exactly the allocation of the published input."
        )
