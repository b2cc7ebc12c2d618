"""``jiaoguan partner_key issue <credit code> --scope ...`` and ``... revoke <key id>``."""

from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.identity.services import partner_key_issue, partner_key_revoke


class Command(BaseCommand):
    help = "Issue or revoke a partner organization's key for the signed partner API."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="issue a key; prints the secret once")
        issue.add_argument("credit_code", help="统一社会信用代码 of the organization")
        issue.add_argument(
            "--scope", action="append", required=True, choices=PartnerKey.Scope.values
        )
        revoke = actions.add_parser("revoke", help="revoke a key at once")
        revoke.add_argument("key_id")

    def handle(self, *args, action, **options):
        try:
            if action == "issue":
                self._issue(options["credit_code"], options["scope"])
            else:
                self._revoke(options["key_id"])
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None

    def _issue(self, credit_code: str, scopes: list[str]) -> None:
        organization = Organization.objects.filter(credit_code=credit_code).first()
        if organization is None:
            raise CommandError(f"No organization with credit code {credit_code!r}.")
        key, secret = partner_key_issue(actor=None, organization=organization, scopes=scopes)
        self.stdout.write(f"key id: {key.key_id}")
        self.stdout.write(f"secret: {secret}")
        self.stdout.write("Give both to the partner now; the secret is not shown again.")

    def _revoke(self, key_id: str) -> None:
        key = PartnerKey.objects.filter(key_id=key_id).first()
        if key is None:
            raise CommandError(f"No key {key_id!r}.")
        partner_key_revoke(actor=None, key=key)
        self.stdout.write(f"revoked {key_id}")
