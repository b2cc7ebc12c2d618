"""``jiaoguan notices_deliver``: hand every due or stuck message to the workers once (what
beat's sweeper does every minute); in the embedded default they are delivered in-process."""

from django.core.management.base import BaseCommand

from jiaoguan.notices import services


class Command(BaseCommand):
    help = "Queue every due or stuck notice message for delivery."

    def handle(self, *args, **options):
        count = services.messages_dispatch()
        self.stdout.write(f"{count:,} messages handed to delivery")
