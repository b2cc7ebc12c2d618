"""``jiaoguan rotate_personal_data``: re-encrypt identity and phone numbers under the first key
of ``PERSONAL_DATA_KEYS`` and recompute their keyed hashes with ``PERSONAL_DATA_INDEX_KEY``
(docs/operations.md, "Rotating the personal-data keys"). Safe to rerun."""

from django.core.management.base import BaseCommand

from jiaoguan.audit.services import audit_record
from jiaoguan.core import crypto, personal_data
from jiaoguan.identity.actors import system_actor


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        changed = personal_data.rotate()
        audit_record(
            actor=system_actor("rotate_personal_data"),
            action="core.personal_data.rotated",
            data={"key_id": crypto.current_key_id(), "rows": changed},
        )
        for context, count in changed.items():
            self.stdout.write(f"{context}: {count} rows rewritten")
        self.stdout.write(f"Every value is now sealed by key {crypto.current_key_id()!r}.")
