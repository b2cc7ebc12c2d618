"""``jiaoguan plates verify <reference>``: recompute a random draw from its revealed seed.
``jiaoguan plates lapse``: mark holds past their last day as lapsed (run daily)."""

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.plates import selectors, services


class Command(BaseCommand):
    help = "Number plates: verify a random draw, or lapse expired holds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute a draw after its batch's seed reveal")
        verify.add_argument("reference", help="the draw reference (UUID)")
        sub.add_parser("lapse", help="mark holds past their last day as lapsed")

    def handle(self, *args, action: str, **options):
        if action == "lapse":
            count = services.holds_lapse()
            self.stdout.write(f"lapsed holds: {count}")
            return
        try:
            result = selectors.draw_verify(reference=options["reference"])
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        draw = result.draw
        self.stdout.write(f"draw:       {draw.reference}")
        self.stdout.write(f"segment:    {draw.batch.segment} (batch {draw.batch_id})")
        self.stdout.write(f"applicant:  {draw.applicant_key}")
        self.stdout.write(f"attempt:    {draw.attempt}")
        self.stdout.write(f"seed hash:  {result.seed_hash}")
        if result.seed is None:
            raise CommandError("the batch is still open: its seed is not revealed yet")
        self.stdout.write(f"seed:       {result.seed}")
        self.stdout.write(f"seed matches hash: {'yes' if result.seed_matches else 'NO'}")
        self.stdout.write(
            f"candidates: {len(draw.candidates)} offered, {len(draw.skipped)} skipped as taken"
        )
        if not (result.seed_matches and result.recomputed):
            raise CommandError("the draw does NOT match its seed")
        self.stdout.write(self.style.SUCCESS("verified: the draw matches its revealed seed"))
