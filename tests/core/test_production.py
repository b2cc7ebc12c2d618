"""Production is production: the entry points default to its settings, it refuses to start
without real SMS and push gateways, ``check --deploy`` fails on a weak secret key, and the
sandbox acquirer's secret is made per installation (no committed value signs anything)."""

import ast
import os
import re
import secrets
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from jiaoguan.cli import settings_module_for
from jiaoguan.core.checks import secret_key_weakness
from jiaoguan.gateways import checks as gateway_checks
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.gateways.payment import sandbox
from jiaoguan.gateways.push import get_push_gateway
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.settings import env

ROOT = Path(__file__).resolve().parents[2]
STRONG = secrets.token_urlsafe(50)


def run(code_or_args: list[str], **environment: str) -> subprocess.CompletedProcess:
    """A fresh interpreter in the repository with only ``environment`` (and PATH, HOME) set:
    no DJANGO_SETTINGS_MODULE, so the entry point's own default applies."""
    clean = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_environment(tmp_path, **overrides: str) -> dict[str, str]:
    return {
        "SECRET_KEY": STRONG,
        "PERSONAL_DATA_KEYS": f"k1:{STRONG[::-1]}",
        "PERSONAL_DATA_INDEX_KEY": STRONG.swapcase(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "ALLOWED_HOSTS": "jiaoguan.example",
        "SMS_GATEWAY": "http",
        "SMS_HTTP_URL": "https://sms.jiaoguan.example/send",
        "PUSH_GATEWAY": "off",
        **overrides,
    }


# --- Which settings the entry points use ------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["manage.py", "jiaoguan/wsgi.py", "jiaoguan/asgi.py", "jiaoguan/celery.py"]
)
def test_every_entry_point_defaults_to_production(path):
    source = (ROOT / path).read_text()
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")' in source
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")' not in source


def test_the_cli_defaults_to_production_except_the_demo():
    assert settings_module_for(["migrate"]) == "jiaoguan.settings.production"
    assert settings_module_for([]) == "jiaoguan.settings.production"
    assert settings_module_for(["seed", "--persons", "10"]) == "jiaoguan.settings.production"
    assert settings_module_for(["demo", "--port", "8000"]) == "jiaoguan.settings.embedded"


def test_make_demo_asks_for_the_embedded_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded $(BIN)/jiaoguan demo" in makefile


@pytest.mark.django_db
def test_the_demo_refuses_production_settings(settings):
    settings.JIAOGUAN_DEPLOYMENT = "production"
    with pytest.raises(CommandError, match="embedded"):
        call_command("demo", "--no-serve")


def test_manage_py_without_a_settings_module_runs_production_and_its_checks(tmp_path):
    missing = run(["manage.py", "check"], **production_environment(tmp_path, SMS_GATEWAY=""))
    assert missing.returncode != 0
    assert "jiaoguan.E001" in missing.stderr
    ready = run(["manage.py", "check"], **production_environment(tmp_path))
    assert ready.returncode == 0, ready.stderr


def test_ci_deploy_check_passes_with_a_strong_key_and_fails_with_a_weak_one(tmp_path):
    command = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    strong = run(command, **production_environment(tmp_path))
    assert strong.returncode == 0, strong.stderr
    weak = run(
        ["manage.py", "check", "--deploy"],
        **production_environment(tmp_path, SECRET_KEY="bench-only-not-a-secret-0123456789" * 2),
    )
    assert weak.returncode != 0
    assert "jiaoguan.E010" in weak.stderr


def test_the_wsgi_application_refuses_to_serve_with_the_sms_outbox(tmp_path):
    code = "import jiaoguan.wsgi; print('serving')"
    refused = run(["-c", code], **production_environment(tmp_path, SMS_GATEWAY="outbox"))
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert "jiaoguan.E001" in refused.stderr
    served = run(["-c", code], **production_environment(tmp_path))
    assert served.stdout.strip() == "serving", served.stderr


# --- Real SMS and push gateways in production ---------------------------------------------------


@pytest.fixture
def production(settings):
    settings.JIAOGUAN_DEPLOYMENT = "production"
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP_URL = "https://sms.jiaoguan.example/send"
    settings.PUSH_GATEWAY = "off"
    return settings


def check_ids() -> list[str]:
    return [message.id for message in gateway_checks.outbound_errors()]


def test_production_with_real_gateways_passes(production):
    assert check_ids() == []


@pytest.mark.parametrize("value", ["", "outbox", "fake"])
def test_production_refuses_an_sms_gateway_that_does_not_send(production, value):
    production.SMS_GATEWAY = value
    assert check_ids() == ["jiaoguan.E001"]


def test_production_refuses_the_http_sms_gateway_without_its_address(production):
    production.SMS_HTTP_URL = ""
    assert check_ids() == ["jiaoguan.E002"]


@pytest.mark.parametrize("value", ["", "outbox", "fake"])
def test_production_refuses_a_push_outbox(production, value):
    production.PUSH_GATEWAY = value
    assert check_ids() == ["jiaoguan.E003"]


def test_the_check_command_fails_on_them(production):
    production.SMS_GATEWAY = "outbox"
    with pytest.raises(SystemCheckError, match=r"jiaoguan\.E001"):
        call_command("check")


@pytest.mark.parametrize("deployment", ["embedded", "test"])
def test_the_embedded_default_and_the_tests_may_use_the_outbox(settings, deployment):
    settings.JIAOGUAN_DEPLOYMENT = deployment
    settings.SMS_GATEWAY = settings.PUSH_GATEWAY = "outbox"
    assert check_ids() == []


@pytest.mark.django_db
def test_production_never_writes_an_sms_or_a_push_to_the_outbox(production):
    production.SMS_GATEWAY = production.PUSH_GATEWAY = "outbox"
    with pytest.raises(ImproperlyConfigured, match=r"jiaoguan\.E001"):
        get_sms_gateway()
    with pytest.raises(ImproperlyConfigured, match=r"jiaoguan\.E003"):
        get_push_gateway()
    assert not OutboxMessage.objects.exists()


def test_push_off_refuses_each_push_for_good(production):
    from jiaoguan.gateways.errors import PermanentProviderError

    with pytest.raises(PermanentProviderError):
        get_push_gateway().send(tokens=["t"], title="t", text="t")


# --- The secret key -------------------------------------------------------------------------


def committed_strings(*globs: str) -> set[str]:
    """Every string literal of the matching committed files (settings, benchmarks...)."""
    found: set[str] = set()
    for pattern in globs:
        for path in ROOT.glob(pattern):
            if path.suffix == ".py":
                tree = ast.parse(path.read_text())
                found |= {
                    node.value
                    for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                }
            else:
                found |= set(re.findall(r"\w[\w.\-]{7,}", path.read_text()))
    return found


@pytest.mark.parametrize(
    "key",
    [
        "short",
        "a" * 80,
        "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc",
        "embedded-only-not-a-secret-change-me" * 2,
        "test-only" * 8,
        "bench-only-not-a-secret-for-anything-else-0123456789",
        "django-insecure-" + secrets.token_urlsafe(50),
        "your-secret-key-here-" + secrets.token_urlsafe(40),
    ],
)
def test_weak_secret_keys_are_named_weak(key):
    assert secret_key_weakness(key) is not None


def test_random_keys_are_strong():
    assert [key for _ in range(500) if secret_key_weakness(key := secrets.token_urlsafe(50))] == []


def test_no_secret_key_committed_in_the_repository_passes():
    """Every SECRET_KEY value written in settings, benchmarks, CI and docs is a weak one."""
    assigned = re.compile(r"SECRET_KEY\b[^\n]*?(?:=|:-)\s*\"?([\w.\-]{4,})")
    committed = set()
    for pattern in ("jiaoguan/settings/*.py", "bench/**/*", "docs/**/*.md", "README.md", ".ci/*"):
        for path in ROOT.glob(pattern):
            if path.is_file():
                committed |= set(assigned.findall(path.read_text(errors="replace")))
    assert "test-only" in committed
    assert [value for value in committed if secret_key_weakness(value) is None] == []


@pytest.mark.django_db
def test_check_deploy_fails_on_a_weak_key(settings):
    settings.SECRET_KEY = "test-only"
    with pytest.raises(SystemCheckError, match=r"jiaoguan\.E010"):
        call_command("check", "--deploy", "--tag", "jiaoguan")
    settings.SECRET_KEY = STRONG
    settings.JIAOGUAN_PERSONAL_DATA_KEYS = [f"k1:{STRONG[::-1]}"]
    settings.JIAOGUAN_PERSONAL_DATA_INDEX_KEY = STRONG.swapcase()
    call_command("check", "--deploy", "--tag", "jiaoguan")


# --- The sandbox acquirer's secret ------------------------------------------------------------


def test_no_committed_value_signs_a_sandbox_notification():
    """Every string literal of the settings and the sandbox modules, and the secret once
    committed, tried as the signing key: none makes a notification the sandbox accepts."""
    committed = committed_strings(
        "jiaoguan/settings/*.py", "jiaoguan/gateways/payment/sandbox/*.py"
    ) | {"embedded-sandbox", ""}
    params = {"out_trade_no": "JG261121A1B2C3D4E5F60718", "trade_status": "TRADE_SUCCESS"}
    accepted = [
        value
        for value in committed
        if value and sandbox.signature_valid(sandbox.sign(params, secret=value))
    ]
    assert accepted == []
    assert sandbox.signature_valid(sandbox.sign(params))  # the installation's own key signs


def test_the_settings_commit_no_sandbox_secret():
    for kind in ("base", "embedded", "production", "test"):
        source = (ROOT / f"jiaoguan/settings/{kind}.py").read_text()
        assert "embedded-sandbox" not in source
        assert 'env.text("PAYMENTS_SANDBOX_SECRET", "")' in source or kind in {"embedded", "test"}


def test_an_installation_generates_its_own_secret_once(tmp_path):
    first = env.generated("payments-sandbox", tmp_path / "a")
    assert len(first) >= 60
    assert env.generated("payments-sandbox", tmp_path / "a") == first
    assert (tmp_path / "a" / "payments-sandbox").stat().st_mode & 0o077 == 0
    assert env.generated("payments-sandbox", tmp_path / "b") != first
    assert sorted(path.name for path in (tmp_path / "a").iterdir()) == ["payments-sandbox"]


def test_processes_starting_together_agree_on_the_secret(tmp_path):
    found: list[str] = []
    threads = [
        threading.Thread(target=lambda: found.append(env.generated("key", tmp_path)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1


def test_the_embedded_settings_generate_their_secrets_and_production_has_none(tmp_path):
    code = (
        "import os, importlib; "
        "s = importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE']); "
        "print(s.JIAOGUAN_PAYMENTS_SANDBOX_SECRET or '-', s.SECRET_KEY)"
    )
    secrets_dir = tmp_path / "secrets"
    embedded = run(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="jiaoguan.settings.embedded",
        SECRETS_DIR=str(secrets_dir),
    )
    sandbox_secret, secret_key = embedded.stdout.split()
    assert sandbox_secret == (secrets_dir / "payments-sandbox").read_text().strip()
    assert secret_key == (secrets_dir / "secret-key").read_text().strip()
    assert secret_key_weakness(secret_key) is None
    production = run(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="jiaoguan.settings.production",
        **production_environment(tmp_path),
    )
    assert production.stdout.split() == ["-", STRONG], production.stderr


def test_deploy_check_refuses_missing_or_weak_personal_data_keys():
    from django.test import override_settings

    from jiaoguan.core.checks import personal_data_keys

    strong = "k1:" + "aB3$dE6^gH9*jK2(mN5)pQ8_" * 3
    index = "Xy1!Wv2@Ut3#Sr4$Qp5%On6^Ml7&Kj8*" * 2
    with override_settings(JIAOGUAN_PERSONAL_DATA_KEYS=[], JIAOGUAN_PERSONAL_DATA_INDEX_KEY=""):
        ids = {message.id for message in personal_data_keys(None)}
    assert ids == {"jiaoguan.E011"}
    with override_settings(
        JIAOGUAN_PERSONAL_DATA_KEYS=[strong, "k0:short"],
        JIAOGUAN_PERSONAL_DATA_INDEX_KEY=index,
    ):
        problems = [message.msg for message in personal_data_keys(None)]
    assert problems == [
        "Personal data at rest: the personal-data key 'k0' is weak: it has 5 characters, "
        "fewer than 50."
    ]
    with override_settings(
        JIAOGUAN_PERSONAL_DATA_KEYS=[strong], JIAOGUAN_PERSONAL_DATA_INDEX_KEY=index
    ):
        assert personal_data_keys(None) == []
