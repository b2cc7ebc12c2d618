"""``jiaoguan credentials_rotate_key``: start a new issuer signing key now (ADR 0015).

The key in use stops signing and keeps verifying for one QR lifetime, so no QR shown at the
moment fails. Run it on a schedule shorter than ``CREDENTIALS_KEY_SIGN_DAYS`` (a key that
lapses is replaced on first use anyway), after a personal-data key rotation, or at once if
a signing key may have leaked."""

from django.core.management.base import BaseCommand

from jiaoguan.credentials.services import issuer_key_rotate
from jiaoguan.identity.actors import system_actor


class Command(BaseCommand):
    help = "Start a new signing key for the electronic credentials; the old one keeps verifying."

    def handle(self, *args, **options):
        key = issuer_key_rotate(actor=system_actor("credentials.rotate_key"))
        self.stdout.write(
            f"{key.key_id}: signs until {key.signs_until:%Y-%m-%d %H:%M} UTC, "
            f"verifies until {key.not_after:%Y-%m-%d %H:%M} UTC"
        )
