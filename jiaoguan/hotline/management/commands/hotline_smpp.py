"""The SMPP receiver link of 12123: inbound SMS answered, delivery receipts recorded.

Runs until stopped (SIGTERM/Ctrl-C); the link is bound again with growing pauses whenever the
SMSC drops it. Replies go out through SMS_GATEWAY (``smpp`` in production).
"""

import signal

from django.core.management.base import BaseCommand

from jiaoguan.gateways.smpp import SmppReceiver
from jiaoguan.hotline.inbound import Inbox


class Command(BaseCommand):
    help = "Receive 12123 SMS over SMPP (deliver_sm) and answer them."

    def handle(self, *args, **options):
        # What the link has waiting is taken as one batch (``hotline.inbound``).
        receiver = SmppReceiver(on_batch=Inbox())
        signal.signal(signal.SIGTERM, lambda *_: receiver.stop.set())
        self.stdout.write("SMPP receiver running")
        try:
            receiver.run()
        except KeyboardInterrupt:
            receiver.stop.set()
