"""``jiaoguan officer_totp <username>``: issue an officer's authenticator (TOTP) device."""

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import User
from jiaoguan.identity.services import officer_totp_issue


class Command(BaseCommand):
    help = "Give an officer a new authenticator device and print its otpauth:// address."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        officer = User.objects.filter(username=username).first()
        if officer is None:
            raise CommandError(f"No account {username!r}.")
        try:
            url = officer_totp_issue(actor=None, officer=officer)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(url)
        self.stdout.write("Add this address to the officer's authenticator app (or a QR code).")
