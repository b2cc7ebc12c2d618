"""Identity and phone numbers at rest (issue 12): no clear value in any raw row, look-ups and
uniqueness through the keyed hash, conversion of clear rows, and key rotation."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from jiaoguan.audit.models import AuditEvent
from jiaoguan.audit.services import audit_record
from jiaoguan.core import crypto, personal_data
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.identity import services
from jiaoguan.identity.models import Person, SmsChallenge, User
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_officer, make_person

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
ROOT = Path(__file__).resolve().parents[2]


def raw_rows() -> str:
    """Every row of every table, as the database returns it, in one string."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(found)


def test_no_identity_or_phone_number_in_clear_in_any_row(django_capture_on_commit_callbacks):
    person = make_person(name="陈静", female=True)
    with django_capture_on_commit_callbacks(execute=True):
        challenge = services.registration_start(
            name=person.name, id_number=person.id_number, phone=PHONE
        )
    code = re.search(r"\d{6}", OutboxMessage.objects.get(recipient=PHONE).body).group()
    user = services.registration_complete(
        challenge_id=challenge.pk, code=code, password=DEFAULT_PASSWORD
    )
    services.login_with_password(identifier=person.id_number, password=DEFAULT_PASSWORD)
    with pytest.raises(ApplicationError):
        services.login_with_password(identifier=PHONE, password="wrong")
    with django_capture_on_commit_callbacks(execute=True):
        services.login_code_request(phone=PHONE)
    audit_record(
        actor=make_officer(), action="backoffice.lookup.person", person_id_number=person.id_number
    )

    rows = raw_rows()
    assert person.id_number not in rows
    assert PHONE not in rows
    # …while everything still works through the models.
    assert User.objects.get(phone=PHONE) == user
    assert user.username == f"citizen.{person.pk}"
    assert SmsChallenge.objects.filter(phone=PHONE).count() == 2
    assert AuditEvent.objects.filter(person_index=person.id_number).count() >= 3
    masked = AuditEvent.objects.filter(action="backoffice.lookup.person").get().person_masked
    assert masked == person.id_number[:3] + "*" * 11 + person.id_number[-4:]


def test_look_ups_by_value_work_in_either_case_of_the_check_letter():
    person = make_person(id_number="11010519491231002X")
    assert Person.objects.get(id_number="11010519491231002x") == person
    assert list(Person.objects.filter(id_number__in=["11010519491231002X", "x"])) == [person]
    assert Person.objects.filter(id_number__in=[]).count() == 0
    assert User.objects.filter(person__id_number=person.id_number).count() == 0


def test_the_same_identity_number_cannot_be_stored_twice():
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(id_number=person.id_number)


def test_look_ups_the_database_cannot_answer_are_refused():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        Person.objects.filter(id_number__startswith="3201").count()


def test_a_token_moved_to_another_column_does_not_open():
    token = crypto.encrypt(PHONE, context="identity.user.phone")
    assert crypto.decrypt(token, context="identity.user.phone") == PHONE
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token, context="identity.smschallenge.phone")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(tampered, context="identity.user.phone")


def test_two_encryptions_of_one_value_differ_but_hash_alike():
    first, second = (crypto.encrypt(PHONE, context="c") for _ in range(2))
    assert first != second
    assert crypto.blind_index(PHONE, purpose="phone") == crypto.blind_index(
        f" {PHONE} ", purpose="phone"
    )
    assert crypto.blind_index(PHONE, purpose="phone") != crypto.blind_index(
        PHONE, purpose="recipient"
    )


def stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotation_moves_every_token_to_the_new_key_and_keeps_look_ups():
    user = make_citizen(phone=PHONE)
    old_keys = ["t1:test-only-personal-data-key"]
    assert crypto.key_id_of(stored("identity_user", "phone", user.pk)) == "t1"
    with override_settings(JIAOGUAN_PERSONAL_DATA_KEYS=["t2:a-new-test-only-key", *old_keys]):
        changed = personal_data.rotate()
        assert changed["identity.user.phone"] == 1
        assert changed["identity.person.id_number"] == 1
        assert crypto.key_id_of(stored("identity_user", "phone", user.pk)) == "t2"
        assert personal_data.rotate()["identity.user.phone"] == 0  # nothing left to do
    with override_settings(JIAOGUAN_PERSONAL_DATA_KEYS=["t2:a-new-test-only-key"]):
        assert User.objects.get(phone=PHONE).person.id_number == user.person.id_number


def test_rotating_the_index_key_recomputes_the_hashes():
    user = make_citizen(phone=PHONE)
    with override_settings(JIAOGUAN_PERSONAL_DATA_INDEX_KEY="another-test-only-index-key"):
        assert not User.objects.filter(phone=PHONE).exists()
        assert personal_data.rotate()["identity.user.phone"] == 1
        assert User.objects.get(phone=PHONE) == user


def test_the_migration_converts_clear_rows_and_back():
    person = make_person()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE identity_person SET id_number = %s, id_number_index = '' WHERE id = %s",
            [person.id_number, person.pk],
        )
    migration = importlib.import_module("jiaoguan.identity.migrations.0008_personal_data_encrypted")
    column = migration.COLUMNS[0]
    assert personal_data.encrypt_clear_rows(column) == 1
    assert crypto.key_id_of(stored("identity_person", "id_number", person.pk)) == "t1"
    assert Person.objects.get(id_number=person.id_number) == person
    assert personal_data.encrypt_clear_rows(column) == 0  # idempotent
    assert personal_data.decrypt_rows(column) == 1
    assert stored("identity_person", "id_number", person.pk) == person.id_number


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default's file")
def test_the_demo_sqlite_file_holds_no_identity_or_phone_number(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jiaoguan.settings.embedded",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRETS_DIR": str(tmp_path / "secrets"),
    }
    run = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*run, "demo", "--no-serve"], env=env, cwd=ROOT, check=True, capture_output=True)
    listing = subprocess.run(
        [*run, "shell", "-c", "from jiaoguan.identity.models import Person, User;"
         "print(*Person.objects.values_list('id_number', flat=True));"
         "print(*User.objects.exclude(phone=None).values_list('phone', flat=True))"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    listing = [value for value in listing if re.fullmatch(r"\d{17}[\dX]|1\d{10}", value)]
    assert len(listing) > 300
    content = b"".join(path.read_bytes() for path in tmp_path.glob("demo.sqlite3*"))
    leaked = [value for value in listing if value.encode() in content]
    assert leaked == []


def test_the_rotation_command_reports_and_audits():
    from io import StringIO

    from django.core.management import call_command

    make_citizen(phone=PHONE)
    out = StringIO()
    with override_settings(
        JIAOGUAN_PERSONAL_DATA_KEYS=["t3:third", "t1:test-only-personal-data-key"]
    ):
        call_command("rotate_personal_data", stdout=out)
    assert "identity.user.phone: 1 rows rewritten" in out.getvalue()
    event = AuditEvent.objects.get(action="core.personal_data.rotated")
    assert event.data["key_id"] == "t3"
