"""``jiaoguan payments reconcile <date> [--provider alipay]``: compare an acquirer's daily
statement with our orders and refunds, print the differences (exit 1 when there are any).
``jiaoguan payments sweep``: hand out due sandbox notifications and pending refunds again."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.payment import sandbox
from jiaoguan.payments import services


class Command(BaseCommand):
    help = "Payments: reconcile a day with an acquirer's statement, or sweep stuck work."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reconcile = sub.add_parser("reconcile", help="compare a day's statement with our records")
        reconcile.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD (Asia/Shanghai)")
        reconcile.add_argument(
            "--provider", default=None, help="an enabled provider (default: the only one enabled)"
        )
        sub.add_parser("sweep", help="re-queue due sandbox notifications and pending refunds")

    def handle(self, *args, action: str, **options):
        if action == "sweep":
            notifications = sandbox.notifications_dispatch()
            refunds = services.refunds_dispatch()
            self.stdout.write(f"notifications: {notifications}, refunds: {refunds}")
            return
        try:
            run = services.reconciliation_run(
                actor=None, day=options["day"], provider=options["provider"]
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        if run.status == run.Status.FAILED:
            raise CommandError(f"statement not read: {run.error}")
        self.stdout.write(
            f"{run.provider} {run.day}: {run.statement_lines} statement lines, "
            f"{run.matched} matched, {run.differences_count} differences (run {run.pk})"
        )
        for difference in run.differences.all()[:200]:
            self.stdout.write(
                f"  {difference.kind:14} {difference.entry:8} {difference.order_number} "
                f"{difference.provider_reference} ours={difference.ours_fen} "
                f"theirs={difference.theirs_fen}"
            )
        if run.differences_count:
            raise CommandError(f"{run.differences_count} differences")
        self.stdout.write(self.style.SUCCESS("consistent: no differences"))
